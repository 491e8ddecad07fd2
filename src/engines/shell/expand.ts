// Word expansion after the parts are known: brace expansion, tilde, field splitting, pathname
// expansion and quote removal, in bash's order. A word travels as a "pattern": active characters
// as written, `\c` for a character that is only data (quoted, escaped, or the result of an
// expansion), and three markers for what text cannot carry.
import { join } from 'node:path';
import type { FileView } from '../files/fs-view';
import type { Word } from './ir';

/** Text only known at run time. */
export const UNKNOWN = '\uE000';
/** A field boundary from splitting an unquoted expansion. */
const SPLIT = '\uE001';
/** A quoted empty string: the word exists even though it has no characters (`""`). */
export const PRESENT = '\uE002';

const MAX_BRACE_WORDS = 256;
const MAX_GLOB_MATCHES = 512;
const MAX_GLOB_DIRECTORIES = 2_000;

/** Every character of `text` as data. */
export function quoted(text: string): string {
  let out = '';
  for (const char of text) out += char === UNKNOWN ? UNKNOWN : `\\${char}`;
  return text.length ? out : PRESENT;
}

/**
 * An unquoted expansion's value: IFS whitespace splits it, glob characters stay active, and
 * nothing else (braces, quotes, backslashes) is interpreted again.
 */
export function unquotedValue(text: string, separators = ' \t\n'): string {
  let out = '';
  for (const char of text) {
    if (separators.includes(char) && char !== UNKNOWN) out += SPLIT;
    else if (char === '*' || char === '?' || char === '[' || char === UNKNOWN) out += char;
    else out += `\\${char}`;
  }
  return out;
}

export interface ExpandOptions {
  home: string;
  cwd: string | undefined;
  fs: FileView;
}

export function finishWord(pattern: string, options: ExpandOptions, secretVars?: string[]): Word[] {
  const words: Word[] = [];
  for (const braced of expandBraces(pattern)) {
    for (const field of splitFields(expandTilde(braced, options))) {
      const word = (glob: string | undefined, text: string): Word => ({
        text,
        literal: !text.includes('…'),
        ...(glob === undefined ? {} : { glob }),
        ...(secretVars?.length ? { secretVars } : {}),
      });
      if (!hasActiveGlob(field)) {
        words.push(word(undefined, removeQuotes(field)));
        continue;
      }
      const display = removeQuotes(field);
      const matches = options.cwd === undefined ? [] : globFiles(field, options.cwd, options.fs);
      if (matches.length === 0) words.push(word(display, display));
      for (const match of matches) words.push(word(display, match));
    }
  }
  return words;
}

/** Quote removal: the text bash passes, with `…` for what is unknown. */
function removeQuotes(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '\\' && i + 1 < pattern.length) {
      out += pattern[++i];
    } else if (char === UNKNOWN) {
      if (!out.endsWith('…')) out += '…';
    } else if (char !== PRESENT && char !== SPLIT) {
      out += char;
    }
  }
  return out;
}

/** A pattern as one string (assignments, here-docs): no splitting or globbing; UNKNOWN stays. */
export function patternValue(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '\\' && i + 1 < pattern.length) out += pattern[++i];
    else if (char === SPLIT) out += ' ';
    else if (char !== PRESENT) out += char;
  }
  return out;
}

function hasActiveGlob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') i++;
    else if (char === '*' || char === '?' || char === '[') return true;
  }
  return false;
}

/** Fields after splitting; an unquoted expansion that is empty leaves no field at all. */
function splitFields(pattern: string): string[] {
  if (!pattern.includes(SPLIT)) return pattern === '' ? [] : [pattern];
  return pattern.split(SPLIT).filter((field) => field.length > 0);
}

function expandTilde(pattern: string, options: ExpandOptions): string {
  if (!pattern.startsWith('~')) return pattern;
  let end = 1;
  while (end < pattern.length && pattern[end] !== '/' && pattern[end] !== '\\') end++;
  if (pattern[end] === '\\') return pattern;
  const name = pattern.slice(1, end);
  const rest = pattern.slice(end);
  if (name === '') return quoted(options.home) + rest;
  if (name === '+' && options.cwd) return quoted(options.cwd) + rest;
  // `~-` is $OLDPWD: somewhere the line has been, not known here.
  if (name === '-') return UNKNOWN + rest;
  if (name === 'root') return quoted('/root') + rest;
  if (/^[a-z_][a-z0-9_-]*$/i.test(name)) return UNKNOWN + rest;
  return pattern;
}

// Brace expansion: `{a,b}` and `{1..3}` / `{a..c}`; a group with neither stays literal, as in bash.
export function expandBraces(pattern: string): string[] {
  const results: string[] = [];
  const queue = [pattern];
  while (queue.length) {
    const current = queue.shift() as string;
    const group = findBraceGroup(current);
    if (!group) {
      results.push(current);
    } else {
      const head = current.slice(0, group.open);
      const tail = current.slice(group.close + 1);
      for (const option of group.options) queue.push(head + option + tail);
    }
    if (results.length + queue.length > MAX_BRACE_WORDS) return [UNKNOWN];
  }
  return results;
}

interface BraceGroup {
  open: number;
  close: number;
  options: string[];
}

function findBraceGroup(pattern: string): BraceGroup | undefined {
  for (let open = 0; open < pattern.length; open++) {
    const char = pattern[open];
    if (char === '\\') {
      open++;
      continue;
    }
    if (char !== '{') continue;
    const group = braceGroupAt(pattern, open);
    if (group) return group;
  }
  return undefined;
}

function braceGroupAt(pattern: string, open: number): BraceGroup | undefined {
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      i++;
    } else if (char === '{') {
      depth++;
    } else if (char === '}') {
      depth--;
      if (depth > 0) continue;
      const body = pattern.slice(open + 1, i);
      if (commas.length) {
        const bounds = [open, ...commas, i];
        const options = bounds.slice(0, -1).map((start, k) => pattern.slice(start + 1, bounds[k + 1]));
        return { open, close: i, options };
      }
      const sequence = braceSequence(body);
      return sequence ? { open, close: i, options: sequence } : undefined;
    } else if (char === ',' && depth === 1) {
      commas.push(i);
    }
  }
  return undefined;
}

function braceSequence(body: string): string[] | undefined {
  const numbers = /^(-?\d{1,6})\.\.(-?\d{1,6})$/.exec(body);
  const letters = /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(body);
  let from: number;
  let to: number;
  let render: (n: number) => string;
  if (numbers) {
    from = Number(numbers[1]);
    to = Number(numbers[2]);
    render = String;
  } else if (letters) {
    from = (letters[1] as string).charCodeAt(0);
    to = (letters[2] as string).charCodeAt(0);
    render = (n) => String.fromCharCode(n);
  } else {
    return undefined;
  }
  if (Math.abs(to - from) >= MAX_BRACE_WORDS) return [UNKNOWN];
  const step = from <= to ? 1 : -1;
  const out: string[] = [];
  for (let n = from; n !== to + step; n += step) out.push(quoted(render(n)));
  return out;
}

// Pathname expansion against the real file system, as bash would at the command's cwd.

type GlobToken =
  | { kind: 'char'; char: string }
  | { kind: 'any-char' }
  | { kind: 'any-run' }
  | { kind: 'class'; negated: boolean; chars: string; ranges: Array<[string, string]> };

function tokens(segment: string): GlobToken[] {
  const out: GlobToken[] = [];
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i] as string;
    if (char === '\\' && i + 1 < segment.length) out.push({ kind: 'char', char: segment[++i] as string });
    else if (char === '*') out.push({ kind: 'any-run' });
    else if (char === '?') out.push({ kind: 'any-char' });
    else if (char === '[') {
      const parsed = parseClass(segment, i);
      if (parsed) {
        out.push(parsed.token);
        i = parsed.end;
      } else out.push({ kind: 'char', char });
    } else if (char !== PRESENT && char !== UNKNOWN) out.push({ kind: 'char', char });
    else if (char === UNKNOWN) out.push({ kind: 'any-run' });
  }
  return out;
}

function parseClass(segment: string, start: number) {
  let i = start + 1;
  const negated = segment[i] === '!' || segment[i] === '^';
  if (negated) i++;
  let chars = '';
  const ranges: Array<[string, string]> = [];
  let first = true;
  for (; i < segment.length; i++) {
    let char = segment[i] as string;
    if (char === ']' && !first) return { token: { kind: 'class', negated, chars, ranges } as const, end: i };
    first = false;
    if (char === '\\' && i + 1 < segment.length) char = segment[++i] as string;
    if (segment[i + 1] === '-' && segment[i + 2] !== undefined && segment[i + 2] !== ']') {
      ranges.push([char, segment[i + 2] as string]);
      i += 2;
    } else chars += char;
  }
  return undefined;
}

function tokenMatches(token: GlobToken, char: string): boolean {
  if (token.kind === 'any-char') return true;
  if (token.kind === 'char') return token.char === char;
  if (token.kind !== 'class') return false;
  const inside = token.chars.includes(char) || token.ranges.some(([lo, hi]) => char >= lo && char <= hi);
  return inside !== token.negated;
}

/** Linear-time wildcard matching (the classic two-pointer walk): no backtracking blow-up. */
export function segmentMatches(pattern: GlobToken[], name: string): boolean {
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    const token = pattern[p];
    if (token && token.kind !== 'any-run' && tokenMatches(token, name[n] as string)) {
      p++;
      n++;
    } else if (token?.kind === 'any-run') {
      starP = p++;
      starN = n;
    } else if (starP >= 0) {
      p = starP + 1;
      n = ++starN;
    } else return false;
  }
  while (pattern[p]?.kind === 'any-run') p++;
  return p === pattern.length;
}

function splitSegments(pattern: string): string[] {
  const segments: string[] = [''];
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '\\' && i + 1 < pattern.length) {
      if (pattern[i + 1] === '/') segments.push('');
      else segments[segments.length - 1] += pattern.slice(i, i + 2);
      i++;
    } else if (char === '/') segments.push('');
    else segments[segments.length - 1] += char;
  }
  return segments;
}

function globFiles(pattern: string, cwd: string, fs: FileView): string[] {
  const segments = splitSegments(pattern);
  const absolute = segments[0] === '' && segments.length > 1;
  let candidates: Array<{ shown: string; real: string }> = absolute
    ? [{ shown: '', real: '/' }]
    : [{ shown: '', real: cwd }];
  const parts = absolute ? segments.slice(1) : segments;
  let directoriesRead = 0;
  for (const [index, segment] of parts.entries()) {
    const last = index === parts.length - 1;
    const next: typeof candidates = [];
    const join2 = (base: string, name: string) =>
      base === '' ? (absolute ? `/${name}` : name) : `${base}/${name}`;
    if (segment === '') {
      if (last) for (const c of candidates) next.push({ shown: `${c.shown}/`, real: c.real });
      candidates = next.length ? next : candidates;
      continue;
    }
    if (!hasActiveGlob(segment)) {
      const name = removeQuotes(segment);
      for (const c of candidates) {
        const real = join(c.real, name);
        if (last ? fs.lstat(real) : fs.stat(real)?.isDirectory)
          next.push({ shown: join2(c.shown, name), real });
      }
    } else {
      const compiled = tokens(segment);
      const dotAllowed = compiled[0]?.kind === 'char' && compiled[0].char === '.';
      for (const c of candidates) {
        if (++directoriesRead > MAX_GLOB_DIRECTORIES) return [];
        const entries = fs.readdir(c.real) ?? [];
        const names = entries.map((entry) => entry.name);
        // Bash before 5.2 matches `.` and `..` against `.*`; the older behaviour is the safe one.
        if (dotAllowed) names.push('.', '..');
        for (const name of names.sort()) {
          if (name.startsWith('.') && !dotAllowed) continue;
          if (!segmentMatches(compiled, name)) continue;
          const real = join(c.real, name);
          if (!last && !fs.stat(real)?.isDirectory) continue;
          next.push({ shown: join2(c.shown, name), real });
          if (next.length > MAX_GLOB_MATCHES) return [];
        }
      }
    }
    candidates = next;
    if (!candidates.length) return [];
  }
  return candidates.map((c) => c.shown).filter((shown) => shown !== '');
}
