// The cheap gate before any regex: one pass of an Aho-Corasick automaton over the text, case
// folded, finds every rule keyword at once (gitleaks and trufflehog do the same). Only rules whose
// keyword occurs run their regex, and only around the occurrence.

const ALPHABET = 128;

export interface Prefilter {
  /** Every occurrence of every keyword, in order of where it ends. */
  scan(text: string, onHit: (at: number, keyword: number) => void): void;
}

function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/**
 * Built on every process start that judges text (the hook), so built directly into typed arrays:
 * a column per character keywords use (every other character shares column 0), the trie, then
 * failure links folded into a full transition table (a DFA): one lookup per character scanned.
 */
export function buildPrefilter(keywords: readonly string[]): Prefilter {
  const lowered = keywords.map((keyword) => keyword.toLowerCase());
  const classes = new Uint8Array(ALPHABET);
  let width = 1;
  for (const keyword of lowered) {
    for (let i = 0; i < keyword.length; i++) {
      const code = fold(keyword.charCodeAt(i));
      if (code < ALPHABET && classes[code] === 0) classes[code] = width++;
    }
  }
  for (let code = 65; code <= 90; code++) classes[code] = classes[code + 32] as number;

  // The trie: each state's children (column, state) and the keywords ending there.
  const children: number[][] = [[]];
  const outputs: number[][] = [[]];
  lowered.forEach((keyword, index) => {
    let state = 0;
    for (let i = 0; i < keyword.length; i++) {
      const column = classes[keyword.charCodeAt(i)] as number;
      const edges = children[state] as number[];
      let child = -1;
      for (let e = 0; e < edges.length; e += 2) if (edges[e] === column) child = edges[e + 1] as number;
      if (child < 0) {
        child = children.length;
        edges.push(column, child);
        children.push([]);
        outputs.push([]);
      }
      state = child;
    }
    (outputs[state] as number[]).push(index);
  });

  // Breadth first, each state's row starts as a copy of its failure state's (finished, being
  // shallower), then its own children overwrite their columns. Each entry is where the next
  // state's row starts (state × width), negated (~) when reaching that state completes a keyword:
  // the scan loop needs no multiplication and no second lookup.
  const states = children.length;
  const table = new Int32Array(states * width);
  const entry = (state: number) =>
    (outputs[state] as number[]).length > 0 ? ~(state * width) : state * width;
  const stateAt = (value: number) => (value < 0 ? ~value : value) / width;
  const failure = new Int32Array(states);
  const queue = new Int32Array(states);
  let tail = 0;
  const root = children[0] as number[];
  for (let e = 0; e < root.length; e += 2) {
    table[root[e] as number] = entry(root[e + 1] as number);
    queue[tail++] = root[e + 1] as number;
  }
  for (let head = 0; head < tail; head++) {
    const state = queue[head] as number;
    const fallback = failure[state] as number;
    table.copyWithin(state * width, fallback * width, fallback * width + width);
    const edges = children[state] as number[];
    for (let e = 0; e < edges.length; e += 2) {
      const column = edges[e] as number;
      const child = edges[e + 1] as number;
      const via = stateAt(table[fallback * width + column] as number);
      failure[child] = via;
      (outputs[child] as number[]).push(...(outputs[via] as number[]));
      table[state * width + column] = entry(child);
      queue[tail++] = child;
    }
  }
  const lengths = lowered.map((keyword) => keyword.length);
  const emits = outputs.map((list) => Int32Array.from(list));

  return {
    // The hot loop of every scan: typed arrays only, one lookup per character.
    scan(text, onHit) {
      let row = 0;
      const length = text.length;
      for (let i = 0; i < length; i++) {
        const code = text.charCodeAt(i);
        row = table[row + (code < ALPHABET ? (classes[code] as number) : 0)] as number;
        if (row >= 0) continue;
        row = ~row;
        for (const keyword of emits[row / width] as Int32Array)
          onHit(i + 1 - (lengths[keyword] as number), keyword);
      }
    },
  };
}
