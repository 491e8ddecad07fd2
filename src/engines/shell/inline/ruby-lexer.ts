// Ruby tokens: strings in their forms ('', "", %q() %Q() %() %w() %x(), backticks, :symbols,
// here-docs), regexes, comments and =begin blocks, and line ends (which end Ruby statements).
// Where Ruby itself decides by spacing (`puts /x/` against `a / b`), this decides the same way.
import {
  closingOf,
  decodeSingleQuoted,
  endsTerm,
  identEnd,
  interpolated,
  interpolationFinder,
  isDigit,
  isIdentChar,
  isIdentStart,
  isSpace,
  type Lexed,
  literalAfterWord,
  numberEnd,
  readDelimited,
  type Token,
  TokenScanner,
} from './scan-tokens';

/** Words after which an operand comes (so `/` or `%` there starts a literal). */
const OPERATOR_WORDS = new Set([
  'if',
  'unless',
  'while',
  'until',
  'and',
  'or',
  'not',
  'return',
  'when',
  'then',
  'do',
  'else',
  'elsif',
  'puts',
  'print',
  'p',
]);
const TWO_CHAR_PUNCT = new Set([
  '::',
  '=>',
  '&.',
  '->',
  '&&',
  '||',
  '==',
  '!=',
  '<=',
  '>=',
  '..',
  '+=',
  '=~',
  '**',
]);
const findInterpolation = interpolationFinder({ '#': /[{@$]/ });

export function lexRuby(src: string): Lexed {
  return new RubyLexer(src).run();
}

class RubyLexer extends TokenScanner {
  run(): Lexed {
    const { src } = this;
    while (this.i < src.length && !this.unterminated) {
      const ch = src[this.i] as string;
      const next = src[this.i + 1];
      if (ch === '\n') this.newline();
      else if (ch === '\\' && next === '\n') this.i += 2;
      else if (isSpace(ch)) this.i += 1;
      else if (ch === '#') this.skipLine();
      else if (ch === '=' && this.atLineStart() && src.startsWith('=begin', this.i)) this.skipBlockComment();
      else if (ch === '_' && this.atLineStart() && this.atEndMarker()) break;
      else if (ch === "'") this.quoted('string', "'", false, this.i, this.i + 1);
      else if (ch === '"') this.quoted('string', '"', true, this.i, this.i + 1);
      else if (ch === '`') this.quoted('command', '`', true, this.i, this.i + 1);
      else if (ch === '%' && this.literalExpected()) this.percentLiteral();
      else if (ch === ':' && this.symbol()) continue;
      else if (isIdentStart(ch)) this.word();
      else if (ch === '@' || ch === '$') this.variable();
      else if (isDigit(ch)) this.push('number', this.i, numberEnd(src, this.i));
      else if (ch === '/' && this.literalExpected()) this.regex(this.i, this.i + 1, '/');
      else if (ch === '<' && next === '<' && this.heredoc()) continue;
      else this.punct();
    }
    return this.finish();
  }

  /** Ruby ends statements at line ends: the parser needs to see them. */
  protected override newline(): void {
    if (this.tokens.at(-1)?.kind !== 'newline') this.tokens.push({ kind: 'newline', at: this.i, text: '\n' });
    super.newline();
  }

  /** `__END__` alone on a line ends the program; what follows is data. */
  private atEndMarker(): boolean {
    const after = this.src[this.i + '__END__'.length];
    return (
      this.src.startsWith('__END__', this.i) && (after === undefined || after === '\n' || after === '\r')
    );
  }

  private skipBlockComment(): void {
    const end = this.src.indexOf('\n=end', this.i);
    if (end < 0) {
      this.unterminated = true;
      return;
    }
    this.i = end + 5;
    this.skipLine();
  }

  private quoted(
    kind: 'string' | 'command',
    open: string,
    interpolates: boolean,
    start: number,
    from: number,
  ): void {
    const read = readDelimited(this.src, from, open);
    if (!read) {
      this.unterminated = true;
      return;
    }
    const parts = interpolates
      ? interpolated(read.body, findInterpolation)
      : {
          value: decodeSingleQuoted(read.body, closingOf(open)),
          start: decodeSingleQuoted(read.body, closingOf(open)),
        };
    this.tokens.push({ kind, at: start, text: read.body, value: parts.value, start: parts.start });
    this.i = read.end;
  }

  /** Whether `/` or `%` here starts a literal rather than dividing. */
  private literalExpected(): boolean {
    const previous = this.tokens.at(-1);
    if (!endsTerm(previous, OPERATOR_WORDS)) return true;
    return previous?.kind === 'word' && literalAfterWord(this.src, this.i);
  }

  /** %q() %Q() %() %w() %W() %i() %I() %x() %r() %s() with any delimiter. */
  private percentLiteral(): void {
    const { src } = this;
    const start = this.i;
    const letter = src[start + 1];
    const afterLetter = src[start + 2];
    let type = 'Q';
    let open = letter;
    let from = start + 2;
    if (letter && /[qQwWiIxrs]/.test(letter) && afterLetter && !/[A-Za-z0-9\s]/.test(afterLetter)) {
      type = letter;
      open = afterLetter;
      from = start + 3;
    }
    if (open === undefined || /[A-Za-z0-9\s=]/.test(open)) {
      this.punct();
      return;
    }
    if (type === 'q' || type === 's') this.quoted('string', open, false, start, from);
    else if (type === 'Q') this.quoted('string', open, true, start, from);
    else if (type === 'x') this.quoted('command', open, true, start, from);
    else if (type === 'r') this.regex(start, from, open);
    else {
      const read = readDelimited(src, from, open);
      if (!read) this.unterminated = true;
      else {
        const items = read.body.split(/\s+/).filter((item) => item !== '');
        this.push('words', start, read.end, { text: read.body, items });
      }
    }
  }

  /** `:name` and `:"name"` are strings for our purposes (`send(:system, ...)`). */
  private symbol(): boolean {
    const { src } = this;
    const start = this.i;
    const next = src[start + 1];
    if (next === '"' || next === "'") {
      if (isIdentChar(src[start - 1])) return false;
      this.quoted('string', next, next === '"', start, start + 2);
      return true;
    }
    if (!isIdentStart(next) || isIdentChar(src[start - 1]) || src[start - 1] === ':') return false;
    let end = identEnd(src, start + 1);
    if (src[end] === '?' || src[end] === '!' || src[end] === '=') end += src[end + 1] === '=' ? 0 : 1;
    const name = src.slice(start + 1, end);
    this.push('string', start, end, { text: name, value: name, start: name });
    return true;
  }

  /** A name (with `?`/`!`), a constant path (Net::HTTP), or a label (`key:`). */
  private word(): void {
    const { src } = this;
    const start = this.i;
    let end = identEnd(src, start);
    if ((src[end] === '?' || src[end] === '!') && src[end + 1] !== '=' && src[end + 1] !== ':') end += 1;
    while (src[end] === ':' && src[end + 1] === ':' && isIdentStart(src[end + 2]))
      end = identEnd(src, end + 2);
    if (src[end] === ':' && src[end + 1] !== ':' && !src.slice(start, end).includes('::')) {
      this.push('label', start, end + 1, { text: src.slice(start, end) });
      return;
    }
    this.push('word', start, end);
  }

  private variable(): void {
    const { src } = this;
    const start = this.i;
    let at = start + 1;
    if (src[at] === '@') at += 1;
    if (isIdentStart(src[at])) at = identEnd(src, at);
    else if (src[start] === '$' && src[at] !== undefined && !isSpace(src[at])) at += 1;
    this.push('variable', start, at);
  }

  private regex(start: number, from: number, open: string): void {
    const read = readDelimited(this.src, from, open);
    if (!read) {
      this.unterminated = true;
      return;
    }
    let end = read.end;
    while (end < this.src.length && /[a-z]/.test(this.src[end] as string)) end += 1;
    this.push('regex', start, end, { text: read.body, flags: this.src.slice(read.end, end) });
  }

  /** `<<~ID`, `<<-ID`, `<<ID`, quoted forms, `` <<`ID` `` (a command); false for `a << b`. */
  private heredoc(): boolean {
    const { src } = this;
    const start = this.i;
    let at = start + 2;
    const marker = src[at];
    const indented = marker === '~' || marker === '-';
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
    } else if (
      isIdentStart(quote) &&
      (indented || /[A-Z]/.test(quote ?? '') || !endsTerm(this.tokens.at(-1), OPERATOR_WORDS))
    ) {
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
      dedent: marker === '~',
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
    if (two === '::' && isIdentStart(this.src[this.i + 2])) {
      // `::File` is File at the top level.
      this.i += 2;
      this.word();
      return;
    }
    this.push('punct', this.i, this.i + (TWO_CHAR_PUNCT.has(two) ? 2 : 1));
  }
}
