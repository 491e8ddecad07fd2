// The sections bulwark adds to files the user owns (.gitignore, .npmrc, CLAUDE.md, git hooks) sit
// between marker lines, so a second `init` replaces them in place and `uninstall` removes exactly
// them, keeping whatever the user wrote around them.

export type CommentStyle = 'hash' | 'html';

const BEGIN = '>>> bulwark';
const END = '<<< bulwark';

function markerLine(style: CommentStyle, text: string): string {
  return style === 'hash' ? `# ${text}` : `<!-- ${text} -->`;
}

/** The marked block for `label`, ending with a newline. */
export function markedBlock(style: CommentStyle, label: string, body: string): string {
  const head = markerLine(
    style,
    `${BEGIN}: ${label} (added by \`bulwark init\`; \`bulwark uninstall\` removes it)`,
  );
  const content = body.endsWith('\n') ? body : `${body}\n`;
  return `${head}\n${content}${markerLine(style, `${END}: ${label}`)}\n`;
}

interface Span {
  start: number;
  end: number;
}

function lineSpans(text: string): { lines: string[]; offsets: number[] } {
  const lines = text.split('\n');
  const offsets: number[] = [];
  let offset = 0;
  for (const line of lines) {
    offsets.push(offset);
    offset += line.length + 1;
  }
  return { lines, offsets };
}

function isBegin(line: string, label?: string): boolean {
  const at = line.indexOf(BEGIN);
  if (at < 0 || !/^\s*(#|<!--)/.test(line)) return false;
  return label === undefined || line.slice(at + BEGIN.length).startsWith(`: ${label} `);
}

function isEnd(line: string, label?: string): boolean {
  const at = line.indexOf(END);
  if (at < 0 || !/^\s*(#|<!--)/.test(line)) return false;
  if (label === undefined) return true;
  const rest = line.slice(at + END.length);
  return rest.startsWith(`: ${label}`) && /^: [^ ]+( -->)?\s*$/.test(rest);
}

/** Character spans of the marked blocks (with `label`, or all), each including its newline. */
export function findBlocks(text: string, label?: string): Span[] {
  const { lines, offsets } = lineSpans(text);
  const spans: Span[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!isBegin(lines[i] as string, label)) continue;
    const blockLabel =
      label ?? /: ([^ ]+) /.exec((lines[i] as string).slice((lines[i] as string).indexOf(BEGIN)))?.[1];
    let j = i + 1;
    while (j < lines.length && !isEnd(lines[j] as string, blockLabel)) j++;
    // An unterminated block is left alone: removing to the end of the file could take user lines.
    if (j >= lines.length) continue;
    const end = j + 1 < lines.length ? (offsets[j + 1] as number) : text.length;
    spans.push({ start: offsets[i] as number, end });
    i = j;
  }
  return spans;
}

export function hasBlock(text: string, label: string): boolean {
  return findBlocks(text, label).length > 0;
}

export type Placement =
  /** Appended, after a blank line when the file has content. */
  | { at: 'end' }
  /** After the line matching (first match), else appended. */
  | { at: 'after'; line: RegExp; fallback: 'end' | 'start' }
  /** At the top, after a `#!` line if there is one. */
  | { at: 'start' };

/** `text` with the block for `label` set to `block`: replaced in place if present, else placed. */
export function upsertBlock(text: string, label: string, block: string, placement: Placement): string {
  const existing = findBlocks(text, label)[0];
  if (existing) return text.slice(0, existing.start) + block + text.slice(existing.end);
  const { lines, offsets } = lineSpans(text);
  const insertAt = (offset: number) => text.slice(0, offset) + block + text.slice(offset);
  if (placement.at === 'after') {
    const index = lines.findIndex((line) => placement.line.test(line));
    if (index >= 0) {
      const offset = index + 1 < lines.length ? (offsets[index + 1] as number) : text.length;
      return offset === text.length && !text.endsWith('\n') ? `${text}\n${block}` : insertAt(offset);
    }
    if (placement.fallback === 'end') return append(text, block);
    return upsertBlock(text, label, block, { at: 'start' });
  }
  if (placement.at === 'start') {
    if (lines[0]?.startsWith('#!')) {
      return lines.length > 1 ? insertAt(offsets[1] as number) : `${text}\n${block}`;
    }
    return block + text;
  }
  return append(text, block);
}

function append(text: string, block: string): string {
  if (text === '') return block;
  const separated = text.endsWith('\n\n') ? text : text.endsWith('\n') ? `${text}\n` : `${text}\n\n`;
  return separated + block;
}

/**
 * `text` without any bulwark block. The blank line `append` put before a block goes with it,
 * so init then uninstall gives the file back byte for byte.
 */
export function removeBlocks(text: string): string {
  let result = text;
  for (const span of findBlocks(text).reverse()) {
    let start = span.start;
    const before = result.slice(0, start);
    if (before.endsWith('\n\n') && (span.end >= result.length || result[span.end] === undefined)) start -= 1;
    result = result.slice(0, start) + result.slice(span.end);
  }
  return result;
}
