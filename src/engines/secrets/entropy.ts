// How random a value looks. Shannon entropy per character, and the character classes it uses: a
// real key mixes classes and rarely repeats; words, paths and versions do not.

export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

export interface CharClasses {
  lower: boolean;
  upper: boolean;
  digit: boolean;
  symbol: boolean;
}

export function charClasses(value: string): CharClasses {
  return {
    lower: /[a-z]/.test(value),
    upper: /[A-Z]/.test(value),
    digit: /[0-9]/.test(value),
    symbol: /[^A-Za-z0-9]/.test(value),
  };
}

export function classCount(value: string): number {
  const classes = charClasses(value);
  return Number(classes.lower) + Number(classes.upper) + Number(classes.digit) + Number(classes.symbol);
}

/** A run of one character, or steps of one through the alphabet or digits: `aaaaaa`, `123456`, `abcdef`. */
export function hasLongRun(value: string, length: number): boolean {
  let same = 1;
  let up = 1;
  let down = 1;
  for (let i = 1; i < value.length; i++) {
    const delta = value.charCodeAt(i) - value.charCodeAt(i - 1);
    same = delta === 0 ? same + 1 : 1;
    up = delta === 1 ? up + 1 : 1;
    down = delta === -1 ? down + 1 : 1;
    if (same >= length || up >= length || down >= length) return true;
  }
  return false;
}
