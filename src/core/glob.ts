// Path globs for policy lists, matched segment by segment without regular expressions, so hostile
// paths cannot make matching slow: each match is O(pattern × path) at worst.
//
// Syntax (gitignore-like): `*` and `?` within one segment, `[abc]` / `[!a-z]` classes, `{a,b}`
// alternatives, `**` for any number of segments, `\` to escape. Where a pattern is anchored is
// decided by `anchorPattern`, not here.

type Token =
  | { kind: 'literal'; char: string }
  | { kind: 'any-char' }
  | { kind: 'any-run' }
  | { kind: 'class'; negated: boolean; ranges: Array<[string, string]> };

type Segment = { kind: 'globstar' } | { kind: 'pattern'; tokens: Token[]; literal: string | undefined };

export interface Glob {
  /** The pattern as written in policy, for messages. */
  readonly source: string;
  readonly segments: readonly Segment[];
  readonly caseInsensitive: boolean;
}

const MAX_ALTERNATIVES = 64;
const MAX_PATTERN_LENGTH = 1024;

export class GlobSyntaxError extends Error {}

/** `{a,b}c` → `ac`, `bc` (nesting allowed; bounded so a pattern cannot explode). */
export function expandBraces(pattern: string): string[] {
  const open = findUnescaped(pattern, '{', 0);
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) throw new GlobSyntaxError(`unbalanced "{" in ${pattern}`);
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const bounds = [open, ...commas, close];
  const results: string[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const option = pattern.slice((bounds[i] ?? 0) + 1, bounds[i + 1]);
    for (const expanded of expandBraces(head + option + tail)) {
      results.push(expanded);
      if (results.length > MAX_ALTERNATIVES) {
        throw new GlobSyntaxError(`${pattern} expands to more than ${MAX_ALTERNATIVES} alternatives`);
      }
    }
  }
  return results;
}

function findUnescaped(text: string, char: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === char) return i;
  }
  return -1;
}

function tokenize(segment: string, fold: (s: string) => string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '\\' && i + 1 < segment.length) {
      tokens.push({ kind: 'literal', char: fold(segment[++i] as string) });
    } else if (c === '*') {
      if (tokens.at(-1)?.kind !== 'any-run') tokens.push({ kind: 'any-run' });
    } else if (c === '?') {
      tokens.push({ kind: 'any-char' });
    } else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) {
        tokens.push({ kind: 'literal', char: '[' });
        continue;
      }
      let body = segment.slice(i + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      const ranges: Array<[string, string]> = [];
      for (let j = 0; j < body.length; j++) {
        const from = fold(body[j] as string);
        if (body[j + 1] === '-' && j + 2 < body.length) {
          ranges.push([from, fold(body[j + 2] as string)]);
          j += 2;
        } else ranges.push([from, from]);
      }
      tokens.push({ kind: 'class', negated, ranges });
      i = end;
    } else {
      tokens.push({ kind: 'literal', char: fold(c) });
    }
  }
  return tokens;
}

function compileOne(pattern: string, caseInsensitive: boolean): Glob {
  const fold = caseInsensitive ? (s: string) => s.toLowerCase() : (s: string) => s;
  const segments: Segment[] = [];
  for (const part of splitPath(pattern)) {
    if (part === '**') {
      if (segments.at(-1)?.kind !== 'globstar') segments.push({ kind: 'globstar' });
      continue;
    }
    if (!/[*?[\\]/.test(part)) {
      const literal = fold(part);
      segments.push({
        kind: 'pattern',
        tokens: [...literal].map((char) => ({ kind: 'literal', char })),
        literal,
      });
      continue;
    }
    const tokens = tokenize(part, fold);
    const literal = tokens.every((t) => t.kind === 'literal')
      ? tokens.map((t) => (t as { char: string }).char).join('')
      : undefined;
    segments.push({ kind: 'pattern', tokens, literal });
  }
  return { source: pattern, segments, caseInsensitive };
}

/** Compiles a pattern (already anchored to an absolute form) into its brace alternatives. */
export function compileGlob(pattern: string, caseInsensitive = false): Glob[] {
  if (pattern.length === 0) throw new GlobSyntaxError('empty pattern');
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new GlobSyntaxError(`pattern longer than ${MAX_PATTERN_LENGTH} characters`);
  }
  if (pattern.includes('\0')) throw new GlobSyntaxError('pattern contains a NUL byte');
  return expandBraces(pattern).map((p) => compileOne(p, caseInsensitive));
}

function tokenMatches(token: Token, char: string): boolean {
  switch (token.kind) {
    case 'literal':
      return token.char === char;
    case 'any-char':
      return true;
    case 'class': {
      const inside = token.ranges.some(([from, to]) => char >= from && char <= to);
      return inside !== token.negated;
    }
    case 'any-run':
      return false;
  }
}

/**
 * Greedy two-pointer wildcard matching that backtracks only to the last star: O(pattern × text),
 * never exponential. Used for characters within a segment (`*`) and for segments (`**`).
 */
function wildcardMatch<P>(
  pattern: readonly P[],
  length: number,
  isStar: (item: P) => boolean,
  matchesAt: (item: P, index: number) => boolean,
): boolean {
  let p = 0;
  let s = 0;
  let star = -1;
  let starAt = 0;
  while (s < length) {
    const item = pattern[p];
    if (item !== undefined && !isStar(item) && matchesAt(item, s)) {
      p++;
      s++;
    } else if (item !== undefined && isStar(item)) {
      star = p++;
      starAt = s;
    } else if (star >= 0) {
      p = star + 1;
      s = ++starAt;
    } else return false;
  }
  while (p < pattern.length && isStar(pattern[p] as P)) p++;
  return p === pattern.length;
}

function segmentMatches(segment: Segment & { kind: 'pattern' }, text: string): boolean {
  if (segment.literal !== undefined) return segment.literal === text;
  return wildcardMatch(
    segment.tokens,
    text.length,
    (token) => token.kind === 'any-run',
    (token, index) => tokenMatches(token, text[index] as string),
  );
}

export function splitPath(path: string): string[] {
  return path.split('/').filter((part) => part.length > 0);
}

function segmentsMatch(segments: readonly Segment[], parts: readonly string[]): boolean {
  return wildcardMatch(
    segments,
    parts.length,
    (segment) => segment.kind === 'globstar',
    (segment, index) => segment.kind === 'pattern' && segmentMatches(segment, parts[index] as string),
  );
}

/** Does the absolute path match? */
export function globMatches(glob: Glob, absolutePath: string): boolean {
  const path = glob.caseInsensitive ? absolutePath.toLowerCase() : absolutePath;
  return segmentsMatch(glob.segments, splitPath(path));
}

/** Could some path inside `directory` match? Conservative: `**` before the end means yes. */
export function globCouldMatchInside(glob: Glob, directory: string): boolean {
  const dir = splitPath(glob.caseInsensitive ? directory.toLowerCase() : directory);
  for (let i = 0; i < dir.length; i++) {
    const segment = glob.segments[i];
    if (!segment) return false;
    if (segment.kind === 'globstar') return true;
    if (!segmentMatches(segment, dir[i] as string)) return false;
  }
  return glob.segments.length > dir.length;
}

/** The leading segments without wildcards: where a walk for this glob has to start. */
export function literalPrefix(glob: Glob): string {
  const parts: string[] = [];
  for (const segment of glob.segments) {
    if (segment.kind !== 'pattern' || segment.literal === undefined) break;
    parts.push(segment.literal);
  }
  return `/${parts.join('/')}`;
}

/** Matches one name (a tool name, a file name) against a single-segment pattern. */
export function nameMatches(pattern: string, name: string, caseInsensitive = false): boolean {
  if (pattern.includes('/') || name.includes('/')) return false;
  return compileGlob(pattern, caseInsensitive).some((glob) => {
    const [segment] = glob.segments;
    if (!segment || glob.segments.length !== 1) return false;
    if (segment.kind === 'globstar') return true;
    return segmentMatches(segment, caseInsensitive ? name.toLowerCase() : name);
  });
}

export interface Anchors {
  home: string;
  projectRoot: string;
}

/** A literal path as a glob that matches only itself (`/home/me/p[1]` → `/home/me/p\[1\]`). */
export function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}\\]/g, '\\$&');
}

/**
 * Turns a policy pattern into an absolute one: `~/x` is in the home directory, `/x` is absolute,
 * a bare name (`.env`, `*.pem`) matches at any depth, and `a/b` is relative to the project root.
 * The home and project paths are taken literally, whatever characters they contain.
 */
export function anchorPattern(pattern: string, anchors: Anchors): string {
  if (pattern === '~') return escapeGlob(anchors.home);
  if (pattern.startsWith('~/')) return `${escapeGlob(anchors.home)}/${pattern.slice(2)}`;
  if (pattern.startsWith('/')) return pattern;
  if (pattern.startsWith('**/')) return `/${pattern}`;
  if (!pattern.includes('/')) return `/**/${pattern}`;
  return `${escapeGlob(anchors.projectRoot)}/${pattern.replace(/^\.\//, '')}`;
}
