// Perl tokens: strings in all their forms (q, qq, qw, qx, here-docs), regexes (m//, s///, tr///
// and a bare /.../ where a term is expected), POD and comments, so that calls are found only in
// code. Perl cannot be parsed without running it; where it is ambiguous this guesses as perl
// usually decides (a `/` after a term divides).
import {
  closingOf,
  decodeSingleQuoted,
  endsTerm,
  identEnd,
  interpolated,
  interpolationFinder,
  isDigit,
  isIdentStart,
  isSpace,
  type Lexed,
  literalAfterWord,
  numberEnd,
  readDelimited,
  type Token,
  TokenScanner,
} from './scan-tokens';

/** Words after which an operand, not an operator, comes (so `/` there starts a regex). */
const OPERATOR_WORDS = new Set([
  'if',
  'unless',
  'while',
  'until',
  'and',
  'or',
  'not',
  'xor',
  'return',
  'split',
  'grep',
  'map',
  'join',
  'push',
  'unshift',
  'when',
  'x',
  'lt',
  'gt',
  'le',
  'ge',
  'eq',
  'ne',
  'cmp',
]);
const QUOTE_OPERATORS = new Set(['q', 'qq', 'qw', 'qx', 'm', 'qr', 's', 'tr', 'y']);
const TWO_CHAR_PUNCT = new Set([
  '->',
  '=>',
  '::',
  '=~',
  '!~',
  '&&',
  '||',
  '//',
  '..',
  '.=',
  '==',
  '!=',
  '<=',
  '>=',
]);
/** Punctuation variables: $_, $0, $@, $!, $/ and the like. */
const SPECIAL_VARIABLE = /[_&`'+!@/\\,;.0-9<>[\]^?|"-]/;
const findInterpolation = interpolationFinder({ $: /[A-Za-z0-9_{:$]/, '@': /[A-Za-z_{:$]/ });

export function lexPerl(src: string): Lexed {
  return new PerlLexer(src).run();
}

class PerlLexer extends TokenScanner {
  run(): Lexed {
    const { src } = this;
    while (this.i < src.length && !this.unterminated) {
      const ch = src[this.i] as string;
      if (ch === '\n') this.newline();
      else if (isSpace(ch)) this.i += 1;
      else if (ch === '#') this.skipLine();
      else if (ch === '=' && this.atLineStart() && isIdentStart(src[this.i + 1])) this.skipPod();
      else if (ch === "'") this.quoted('string', "'", false);
      else if (ch === '"') this.quoted('string', '"', true);
      else if (ch === '`') this.quoted('command', '`', true);
      else if (isIdentStart(ch)) {
        if (this.word()) break;
      } else if (ch === '$' || ch === '@' || ch === '%') this.variable(ch);
      else if (ch === '&') this.ampersand();
      else if (isDigit(ch)) this.push('number', this.i, numberEnd(src, this.i));
      else if (ch === '/' && this.regexExpected()) this.regex(this.i, this.i + 1, '/', false);
      else if (ch === '<' && src[this.i + 1] === '<' && this.heredoc()) continue;
      else this.punct();
    }
    return this.finish();
  }

  /** POD runs from a line starting with `=word` to a line starting with `=cut`. */
  private skipPod(): void {
    let at = this.i;
    while (at < this.src.length) {
      const end = this.src.indexOf('\n', at);
      if (end < 0) break;
      at = end + 1;
      if (this.src.startsWith('=cut', at)) {
        const close = this.src.indexOf('\n', at);
        this.i = close < 0 ? this.src.length : close;
        return;
      }
    }
    this.i = this.src.length;
  }

  private quoted(kind: 'string' | 'command', open: string, interpolates: boolean, start = this.i): void {
    const read = readDelimited(this.src, this.i + 1, open);
    if (!read) {
      this.unterminated = true;
      return;
    }
    const body = read.body;
    const parts = interpolates
      ? interpolated(body, findInterpolation)
      : {
          value: decodeSingleQuoted(body, closingOf(open)),
          start: decodeSingleQuoted(body, closingOf(open)),
        };
    this.tokens.push({ kind, at: start, text: body, value: parts.value, start: parts.start });
    this.i = read.end;
  }

  /** A name, or a quote-like operator (q qq qw qx m qr s tr y). Returns true at __END__. */
  private word(): boolean {
    const { src } = this;
    const start = this.i;
    let end = identEnd(src, start);
    while (src[end] === ':' && src[end + 1] === ':' && isIdentStart(src[end + 2]))
      end = identEnd(src, end + 2);
    const text = src.slice(start, end);
    if (text === '__END__' || text === '__DATA__') return true;
    if (QUOTE_OPERATORS.has(text) && this.quoteOperator(text, start, end)) return false;
    this.push('word', start, end);
    return false;
  }

  private quoteOperator(op: string, start: number, end: number): boolean {
    const { src } = this;
    const previous = this.tokens.at(-1);
    // `$obj->s(...)`, `-s $file` (a file test), `s => 1` (a hash key) are not quotes.
    if ((previous?.kind === 'punct' && previous.text === '->') || src[start - 1] === '-') return false;
    let at = end;
    while (isSpace(src[at])) at += 1;
    const open = src[at];
    if (open === undefined || (open === '#' && at !== end)) return false;
    if (/[A-Za-z0-9_,;)\]}]/.test(open) || (open === '=' && (src[at + 1] === '>' || at !== end)))
      return false;
    this.i = at;
    if (op === 'q' || op === 'qq' || op === 'qx') {
      const kind = op === 'qx' ? 'command' : 'string';
      this.quoted(kind, open, op !== 'q' && open !== "'", start);
    } else if (op === 'qw') {
      const read = readDelimited(src, at + 1, open);
      if (!read) this.unterminated = true;
      else {
        const items = read.body.split(/\s+/).filter((item) => item !== '');
        this.push('words', start, read.end, { text: read.body, items });
      }
    } else this.regex(start, at + 1, open, op === 's' || op === 'tr' || op === 'y');
    return true;
  }

  /** m//, qr//, s///, tr///, y///, /.../ with their modifiers; s///e keeps its code. */
  private regex(start: number, bodyStart: number, open: string, substitutes: boolean): void {
    const { src } = this;
    const pattern = readDelimited(src, bodyStart, open);
    if (!pattern) {
      this.unterminated = true;
      return;
    }
    let end = pattern.end;
    let replacement: string | undefined;
    if (substitutes) {
      let from = end;
      let close = open;
      if (closingOf(open) !== open) {
        // s{...}{...}: the replacement has its own delimiters, after optional space.
        while (isSpace(src[from])) from += 1;
        close = src[from] ?? '';
        from += 1;
      }
      const second =
        close === '' ? undefined : readDelimited(src, closingOf(open) !== open ? from : end, close);
      if (!second) {
        this.unterminated = true;
        return;
      }
      replacement = second.body;
      end = second.end;
    }
    let flagsEnd = end;
    while (flagsEnd < src.length && /[a-z]/.test(src[flagsEnd] as string)) flagsEnd += 1;
    const flags = src.slice(end, flagsEnd);
    this.push('regex', start, flagsEnd, { text: pattern.body, flags, replacement });
  }

  /** Whether a `/` here starts a pattern rather than dividing. */
  private regexExpected(): boolean {
    const previous = this.tokens.at(-1);
    if (!endsTerm(previous, OPERATOR_WORDS)) return true;
    return previous?.kind === 'word' && literalAfterWord(this.src, this.i);
  }

  private variable(sigil: string): void {
    const { src } = this;
    const start = this.i;
    const next = src[start + 1];
    if (
      sigil === '%' &&
      (endsTerm(this.tokens.at(-1), OPERATOR_WORDS) || !(isIdentStart(next) || next === '{'))
    ) {
      this.punct();
      return;
    }
    let at = start + 1;
    while (src[at] === '$') at += 1;
    if (sigil === '$' && src[at] === '#') at += 1;
    if (isIdentStart(src[at]) || (src[at] === ':' && src[at + 1] === ':')) {
      at = identEnd(src, at + (src[at] === ':' ? 2 : 0));
      while (src[at] === ':' && src[at + 1] === ':' && isIdentStart(src[at + 2])) at = identEnd(src, at + 2);
    } else if (at === start + 1 && sigil === '$' && next !== undefined && SPECIAL_VARIABLE.test(next)) {
      at += isDigit(next) ? identEnd(src, at) - at : 1;
    }
    if (at === start + 1 && sigil === '@' && next !== '{') {
      this.punct();
      return;
    }
    this.push('variable', start, at);
  }

  /** `&name(...)` calls a sub; `&$ref` and `&{"name"}` call one chosen at run time. */
  private ampersand(): void {
    const next = this.src[this.i + 1];
    const callsSub =
      !endsTerm(this.tokens.at(-1), OPERATOR_WORDS) && (isIdentStart(next) || next === '$' || next === '{');
    if (callsSub) this.push('punct', this.i, this.i + 1, { text: '&call' });
    else this.punct();
  }

  /** `<<"EOF"`, `<<'EOF'`, `<<EOF`, `<<~EOF`, `` <<`EOF` ``; false for a shift (`1 << 2`). */
  private heredoc(): boolean {
    const { src } = this;
    const start = this.i;
    let at = start + 2;
    const indented = src[at] === '~';
    if (indented) at += 1;
    const quote = src[at];
    let terminator: string;
    let kind: 'string' | 'command' = 'string';
    let interpolates = true;
    if (quote === '"' || quote === "'" || quote === '`') {
      const close = src.indexOf(quote, at + 1);
      // The name is quoted on its own line; looking no further keeps scanning linear.
      if (close < 0 || src.slice(at + 1, close).includes('\n')) return false;
      terminator = src.slice(at + 1, close);
      interpolates = quote !== "'";
      if (quote === '`') kind = 'command';
      at = close + 1;
    } else if (isIdentStart(quote)) {
      const end = identEnd(src, at);
      terminator = src.slice(at, end);
      at = end;
    } else return false;
    const token: Token = { kind, at: start, text: '' };
    this.tokens.push(token);
    this.pending.push({
      token,
      terminator,
      indented,
      dedent: indented,
      finish: (target, body) => {
        const parts = interpolates ? interpolated(body, findInterpolation) : { value: body, start: body };
        target.text = body;
        target.value = parts.value;
        target.start = parts.start;
      },
    });
    this.i = at;
    return true;
  }

  private punct(): void {
    const two = this.src.slice(this.i, this.i + 2);
    this.push('punct', this.i, this.i + (TWO_CHAR_PUNCT.has(two) ? 2 : 1));
  }
}
