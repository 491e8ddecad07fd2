// Line diffs for output that shows a change before it is made (files here are small: an LCS
// table is fine): `init --dry-run` shows whole files, `suggest` unified hunks.

type Op = { kind: ' ' | '+' | '-'; line: string };

function lines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

function diffOps(before: string, after: string): Op[] {
  const a = lines(before);
  const b = lines(after);
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = table[i] as number[];
      row[j] =
        a[i] === b[j] ? (table[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(table[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: ' ', line: a[i++] as string });
      j++;
    } else if (j < b.length && (i >= a.length || (table[i]?.[j + 1] ?? 0) >= (table[i + 1]?.[j] ?? 0))) {
      out.push({ kind: '+', line: b[j++] as string });
    } else {
      out.push({ kind: '-', line: a[i++] as string });
    }
  }
  return out;
}

/** Every line of the new file, each marked `  `, `+ ` or `- `. */
export function lineDiff(before: string, after: string): string {
  const ops = diffOps(before, after === '' ? '\n' : after);
  return ops.map((op) => `${op.kind === ' ' ? ' ' : op.kind} ${op.line}`).join('\n');
}

/** `diff -u` style: `--- label` / `+++ label` and hunks with `context` lines around each change. */
export function unifiedDiff(before: string, after: string, label: string, context = 3): string {
  const ops = diffOps(before, after);
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  if (changed.length === 0) return '';
  // Ranges of ops to show, merged where their context overlaps.
  const ranges: Array<[number, number]> = [];
  for (const index of changed) {
    const from = Math.max(0, index - context);
    const to = Math.min(ops.length, index + context + 1);
    const last = ranges.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  }
  const out = [`--- ${label}`, `+++ ${label}`];
  for (const [from, to] of ranges) {
    const before = ops.slice(0, from);
    const shown = ops.slice(from, to);
    const oldStart = before.filter((op) => op.kind !== '+').length;
    const newStart = before.filter((op) => op.kind !== '-').length;
    const oldCount = shown.filter((op) => op.kind !== '+').length;
    const newCount = shown.filter((op) => op.kind !== '-').length;
    // A side with no lines is numbered from the line before it, as diff -u does.
    const range = (start: number, count: number) => `${count === 0 ? start : start + 1},${count}`;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
    for (const op of shown) out.push(`${op.kind}${op.line}`);
  }
  return out.join('\n');
}
