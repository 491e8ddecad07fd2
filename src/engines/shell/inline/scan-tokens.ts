// Tokens of Perl, Ruby and PHP, the languages read without a grammar. A scanner only has to get
// strings, comments and here-docs right: that is what keeps `print "system('x')"` from looking
// like a call. Every reader here moves forward through the source and never backtracks, so
// scanning is linear in the code's length whatever the input.
import { decodeEscapes } from './literals';

export type TokenKind =
  | 'word' // a name: system, File::Path::rmtree, Net::HTTP, FileUtils
  | 'label' // Ruby `key:` in `f(key: 1)`
  | 'variable' // $x, @x, %x
  | 'string' // a quoted string, q(), :symbol; `value` when nothing is interpolated
  | 'command' // `...`, qx(), %x(): runs a shell command
  | 'words' // qw(a b), %w(a b)
  | 'regex' // m//, s///, /.../, %r(); Perl's s///e replacement is code
  | 'number'
  | 'newline' // only where a line ends a statement (Ruby)
  | 'punct';

export interface Token {
  kind: TokenKind;
  at: number;
  /** The source text of a word, variable, number or punctuation; the body of a quoted token. */
  text: string;
  /** The text of a string or command when it holds nothing interpolated. */
  value?: string | undefined;
  /** The literal text before the first interpolation (the whole text when there is none). */
  start?: string | undefined;
  items?: string[];
  /** Regex modifiers, and Perl's `s///` replacement (code when the modifiers have `e`). */
  flags?: string;
  replacement?: string;
}

export interface Lexed {
  tokens: Token[];
  /** Set when a string, comment or here-doc ran to the end of the code without closing. */
  unterminated: boolean;
}

const PAIRS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

export const closingOf = (open: string): string => PAIRS[open] ?? open;

/**
 * The body between `open` (just before `from`) and its closing delimiter; brackets nest, a
 * backslash escapes the next character. Undefined when the code ends first.
 */
export function readDelimited(
  src: string,
  from: number,
  open: string,
): { body: string; end: number } | undefined {
  const close = closingOf(open);
  let depth = 1;
  let i = from;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === close) {
      depth -= 1;
      if (depth === 0) return { body: src.slice(from, i), end: i + 1 };
    } else if (ch === open && open !== close) depth += 1;
    i += 1;
  }
  return undefined;
}

/** Single-quoted text: only `\\` and an escaped delimiter are escapes. */
export function decodeSingleQuoted(body: string, close = "'"): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i += 1) {
    const next = body[i + 1];
    if (body[i] === '\\' && (next === '\\' || next === close)) {
      out += next;
      i += 1;
    } else out += body[i];
  }
  return out;
}

/** Where an interpolating string's first interpolation begins, or -1. */
export type InterpolationFinder = (body: string) => number;

/** A double-quoted body read for its value (no interpolation) or its literal start. */
export function interpolated(body: string, find: InterpolationFinder): { value?: string; start: string } {
  const at = find(body);
  if (at < 0) {
    const value = decodeEscapes(body);
    return value === undefined ? { start: '' } : { value, start: value };
  }
  return { start: decodeEscapes(body.slice(0, at)) ?? '' };
}

/** Finds the first unescaped `trigger` followed by one of `next` (`$name`, `#{`, `@x`). */
export function interpolationFinder(triggers: Readonly<Record<string, RegExp>>): InterpolationFinder {
  return (body) => {
    for (let i = 0; i < body.length; i += 1) {
      const ch = body[i] as string;
      if (ch === '\\') {
        i += 1;
        continue;
      }
      const follows = triggers[ch];
      if (follows && i + 1 < body.length && follows.test(body[i + 1] as string)) return i;
    }
    return -1;
  };
}

export interface PendingHeredoc {
  token: Token;
  terminator: string;
  /** `<<~` (Perl, Ruby), `<<-` (Ruby) and PHP allow the terminator to be indented. */
  indented: boolean;
  /** `<<~` also strips the common indentation from the body. */
  dedent: boolean;
  finish(token: Token, body: string): void;
}

/**
 * Reads the bodies of the here-docs opened on the line that ended at `from` (just after its
 * newline), in order; returns where code resumes, or -1 when a terminator never comes.
 */
export function readHeredocBodies(src: string, from: number, pending: readonly PendingHeredoc[]): number {
  let at = from;
  for (const heredoc of pending) {
    const lines: string[] = [];
    let found = false;
    while (at < src.length) {
      const newline = src.indexOf('\n', at);
      const end = newline < 0 ? src.length : newline;
      const line = src.slice(at, end).replace(/\r$/, '');
      at = newline < 0 ? src.length : newline + 1;
      const candidate = heredoc.indented ? line.trimStart() : line;
      if (candidate === heredoc.terminator || (heredoc.indented && startsTerminator(candidate, heredoc))) {
        found = true;
        break;
      }
      lines.push(line);
    }
    if (!found) return -1;
    heredoc.finish(heredoc.token, `${(heredoc.dedent ? dedent(lines) : lines).join('\n')}\n`);
  }
  return at;
}

/** PHP ends a here-doc at its name followed by anything that cannot continue a name (`EOT;`). */
function startsTerminator(line: string, heredoc: PendingHeredoc): boolean {
  if (!line.startsWith(heredoc.terminator)) return false;
  const next = line[heredoc.terminator.length];
  return next !== undefined && !/[A-Za-z0-9_]/.test(next);
}

function dedent(lines: readonly string[]): string[] {
  let common = Number.POSITIVE_INFINITY;
  for (const line of lines) {
    if (line.trim() === '') continue;
    common = Math.min(common, line.length - line.trimStart().length);
  }
  return Number.isFinite(common) ? lines.map((line) => line.slice(common)) : [...lines];
}

export const isIdentStart = (ch: string | undefined): boolean =>
  ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_' || ch > '\x7f');

export const isIdentChar = (ch: string | undefined): boolean =>
  isIdentStart(ch) || (ch !== undefined && ch >= '0' && ch <= '9');

export const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

export const isSpace = (ch: string | undefined): boolean =>
  ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v';

/** The end of the identifier starting at `from`. */
export function identEnd(src: string, from: number): number {
  let i = from;
  while (i < src.length && isIdentChar(src[i])) i += 1;
  return i;
}

/** The end of a number literal starting at `from` (digits, hex, underscores, a decimal point). */
export function numberEnd(src: string, from: number): number {
  let i = from;
  while (i < src.length && (isIdentChar(src[i]) || (src[i] === '.' && isDigit(src[i + 1])))) i += 1;
  return i;
}

/** Whether the token before an operator ends a term (so `/` after it divides, `%` is modulo). */
export function endsTerm(token: Token | undefined, operatorWords: ReadonlySet<string>): boolean {
  if (!token) return false;
  if (token.kind === 'word') return !operatorWords.has(token.text);
  if (token.kind === 'punct') return token.text === ')' || token.text === ']' || token.text === '}';
  return token.kind !== 'newline' && token.kind !== 'label';
}

/**
 * Whether `/` or `%` at `at` after a word starts a literal: `puts /x/` does, `a / b` does not.
 * Ruby and Perl decide the same way: space before the operator and none after it.
 */
export function literalAfterWord(src: string, at: number): boolean {
  return isSpace(src[at - 1]) && !isSpace(src[at + 1]) && src[at + 1] !== '=';
}

/**
 * The cursor the Perl, Ruby and PHP lexers share: the tokens so far, the position, and here-docs
 * whose bodies start after the current line.
 */
export abstract class TokenScanner {
  protected readonly tokens: Token[] = [];
  protected pending: PendingHeredoc[] = [];
  protected unterminated = false;
  protected i = 0;

  constructor(protected readonly src: string) {}

  protected push(kind: Token['kind'], start: number, end: number, extra: Partial<Token> = {}): Token {
    const token: Token = { kind, at: start, text: this.src.slice(start, end), ...extra };
    this.tokens.push(token);
    this.i = end;
    return token;
  }

  /** Past a newline; the bodies of here-docs begun on the line just ended come first. */
  protected newline(): void {
    this.i += 1;
    if (this.pending.length === 0) return;
    const resume = readHeredocBodies(this.src, this.i, this.pending);
    this.pending = [];
    if (resume < 0) this.unterminated = true;
    else this.i = resume;
  }

  protected atLineStart(): boolean {
    return this.i === 0 || this.src[this.i - 1] === '\n';
  }

  protected skipLine(): void {
    const end = this.src.indexOf('\n', this.i);
    this.i = end < 0 ? this.src.length : end;
  }

  /** The tokens, and whether the input ended inside a string, comment or here-doc. */
  protected finish(): Lexed {
    if (this.pending.length > 0) this.unterminated = true;
    return { tokens: this.tokens, unterminated: this.unterminated };
  }
}
