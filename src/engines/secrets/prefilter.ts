// The cheap gate before any regex: one pass of an Aho-Corasick automaton over the text, case
// folded, finds every rule keyword at once (gitleaks and trufflehog do the same). Only rules whose
// keyword occurs run their regex, and only on the lines around the occurrence.

const ALPHABET = 128;
/** Characters outside ASCII fold to this one, which no keyword contains. */
const OTHER = 0;

export interface KeywordHit {
  /** Offset of the keyword's first character. */
  at: number;
  /** Index into the keyword list given to `buildPrefilter`. */
  keyword: number;
}

export interface Prefilter {
  /** Every occurrence of every keyword, in order of where it ends. */
  scan(text: string, onHit: (at: number, keyword: number) => void): void;
}

function fold(code: number): number {
  if (code >= 65 && code <= 90) return code + 32;
  return code < ALPHABET ? code : OTHER;
}

export function buildPrefilter(keywords: readonly string[]): Prefilter {
  // The trie, then failure links turned into a full transition table (a DFA), so the scan loop is
  // one table lookup per character.
  const next: number[][] = [new Array(ALPHABET).fill(-1)];
  const outputs: number[][] = [[]];
  keywords.forEach((keyword, index) => {
    let state = 0;
    for (const char of keyword.toLowerCase()) {
      const code = fold(char.charCodeAt(0));
      const row = next[state] as number[];
      if (row[code] === -1) {
        row[code] = next.length;
        next.push(new Array(ALPHABET).fill(-1));
        outputs.push([]);
      }
      state = row[code] as number;
    }
    (outputs[state] as number[]).push(index);
  });
  const failure = new Array<number>(next.length).fill(0);
  const queue: number[] = [];
  const root = next[0] as number[];
  for (let code = 0; code < ALPHABET; code++) {
    const child = root[code] as number;
    if (child === -1) root[code] = 0;
    else queue.push(child);
  }
  while (queue.length > 0) {
    const state = queue.shift() as number;
    const row = next[state] as number[];
    const fallback = failure[state] as number;
    (outputs[state] as number[]).push(...(outputs[fallback] as number[]));
    for (let code = 0; code < ALPHABET; code++) {
      const child = row[code] as number;
      const via = (next[fallback] as number[])[code] as number;
      if (child === -1) row[code] = via;
      else {
        failure[child] = via;
        queue.push(child);
      }
    }
  }
  // Only the characters keywords use get a column (the rest all behave like OTHER): a table small
  // enough to stay in cache while two worker threads scan side by side.
  const used = [...new Set(keywords.join('').toLowerCase())].map((char) => fold(char.charCodeAt(0)));
  const classes = Uint8Array.from({ length: ALPHABET }, (_, code) => used.indexOf(fold(code)) + 1);
  const width = used.length + 1;
  // Each entry is where the next state's row starts (state × width), negated (~) when reaching
  // that state completes a keyword: the loop needs no multiplication and no second lookup.
  const entry = (state: number) =>
    (outputs[state] as number[]).length > 0 ? ~(state * width) : state * width;
  const table = new Int32Array(next.length * width);
  next.forEach((row, state) => {
    table[state * width] = entry(row[OTHER] as number);
    used.forEach((code, column) => {
      table[state * width + column + 1] = entry(row[code] as number);
    });
  });
  const lengths = keywords.map((keyword) => keyword.length);
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
