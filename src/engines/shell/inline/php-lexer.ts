// PHP tokens: strings ('', "", backticks, here-docs and now-docs), comments, and the switch between
// PHP code and the text around it. `php -r` code has no `<?php` tag; a file fed on stdin does, and
// what lies outside its tags is printed, not run.
import {
  decodeSingleQuoted,
  identEnd,
  interpolated,
  interpolationFinder,
  isDigit,
  isIdentStart,
  isSpace,
  type Lexed,
  numberEnd,
  readDelimited,
  type Token,
  TokenScanner,
} from './scan-tokens';

const TWO_CHAR_PUNCT = new Set([
  '->',
  '::',
  '=>',
  '.=',
  '==',
  '!=',
  '&&',
  '||',
  '<=',
  '>=',
  '??',
  '++',
  '--',
]);
const findInterpolation = interpolationFinder({ $: /[A-Za-z_{]/, '{': /\$/ });

export function lexPhp(src: string): Lexed {
  return new PhpLexer(src).run();
}

class PhpLexer extends TokenScanner {
  run(): Lexed {
    const { src } = this;
    if (this.startsAsTemplate()) this.skipText();
    while (this.i < src.length && !this.unterminated) {
      const ch = src[this.i] as string;
      const next = src[this.i + 1];
      if (ch === '\n') this.newline();
      else if (isSpace(ch)) this.i += 1;
      else if (ch === '?' && next === '>') {
        this.push('punct', this.i, this.i, { text: ';' });
        this.i += 2;
        this.skipText();
      } else if ((ch === '#' && next !== '[') || (ch === '/' && next === '/')) this.skipLineComment();
      else if (ch === '/' && next === '*') this.skipBlockComment();
      else if (ch === "'") this.quoted('string', false);
      else if (ch === '"') this.quoted('string', true);
      else if (ch === '`') this.quoted('command', true);
      else if (ch === '<' && src.startsWith('<<<', this.i) && this.heredoc()) continue;
      else if (ch === '$') this.variable();
      else if (isIdentStart(ch) || (ch === '\\' && isIdentStart(next))) this.word();
      else if (isDigit(ch)) this.push('number', this.i, numberEnd(src, this.i));
      else if (ch === '?' && src.startsWith('?->', this.i))
        this.push('punct', this.i, this.i + 3, { text: '->' });
      else {
        const two = src.slice(this.i, this.i + 2);
        this.push('punct', this.i, this.i + (TWO_CHAR_PUNCT.has(two) ? 2 : 1));
      }
    }
    return this.finish();
  }

  /** A file (here-doc on stdin) starts as text until `<?php`; `php -r` code is code throughout. */
  private startsAsTemplate(): boolean {
    let at = 0;
    if (this.src.startsWith('#!')) {
      const end = this.src.indexOf('\n');
      at = end < 0 ? this.src.length : end + 1;
    }
    while (isSpace(this.src[at])) at += 1;
    return this.src.startsWith('<?', at);
  }

  /** Skips text outside PHP tags, up to and past the next `<?php`, `<?=` or `<?`. */
  private skipText(): void {
    const open = this.src.indexOf('<?', this.i);
    if (open < 0) {
      this.i = this.src.length;
      return;
    }
    const after = this.src.slice(open + 2, open + 5).toLowerCase();
    this.i = open + (after === 'php' ? 5 : this.src[open + 2] === '=' ? 3 : 2);
  }

  /** `//` and `#` comments end at the line's end or at `?>`. */
  private skipLineComment(): void {
    const newline = this.src.indexOf('\n', this.i);
    const end = newline < 0 ? this.src.length : newline;
    // Only within the line: searching the rest of the code at every comment would be quadratic.
    const close = this.src.slice(this.i, end).indexOf('?>');
    this.i = close >= 0 ? this.i + close : end;
  }

  private skipBlockComment(): void {
    const end = this.src.indexOf('*/', this.i + 2);
    if (end < 0) this.unterminated = true;
    else this.i = end + 2;
  }

  private quoted(kind: 'string' | 'command', interpolates: boolean): void {
    const open = this.src[this.i] as string;
    const read = readDelimited(this.src, this.i + 1, open);
    if (!read) {
      this.unterminated = true;
      return;
    }
    const parts = interpolates
      ? interpolated(read.body, findInterpolation)
      : { value: decodeSingleQuoted(read.body), start: decodeSingleQuoted(read.body) };
    this.tokens.push({ kind, at: this.i, text: read.body, value: parts.value, start: parts.start });
    this.i = read.end;
  }

  /** `<<<ID`, `<<<"ID"` (interpolating) and `<<<'ID'` (a now-doc); the body starts next line. */
  private heredoc(): boolean {
    const { src } = this;
    const start = this.i;
    let at = start + 3;
    while (src[at] === ' ' || src[at] === '\t') at += 1;
    const quote = src[at] === '"' || src[at] === "'" ? src[at] : '';
    if (quote) at += 1;
    if (!isIdentStart(src[at])) return false;
    const end = identEnd(src, at);
    const terminator = src.slice(at, end);
    if (quote && src[end] !== quote) return false;
    const token: Token = { kind: 'string', at: start, text: '' };
    this.tokens.push(token);
    this.pending.push({
      token,
      terminator,
      indented: true,
      dedent: true,
      finish: (target, body) => {
        // The newline before the closing marker is not part of the text.
        const text = body.endsWith('\n') ? body.slice(0, -1) : body;
        const parts = quote === "'" ? { value: text, start: text } : interpolated(text, findInterpolation);
        target.text = text;
        target.value = parts.value;
        target.start = parts.start;
      },
    });
    this.i = end + (quote ? 1 : 0);
    return true;
  }

  /** `$name`; `$$name` and `${expr}` name a variable at run time. */
  private variable(): void {
    const start = this.i;
    let at = start + 1;
    while (this.src[at] === '$') at += 1;
    if (isIdentStart(this.src[at])) at = identEnd(this.src, at);
    this.push('variable', start, at);
  }

  /** A name, with namespace separators (`\system`, `Foo\Bar`). */
  private word(): void {
    const { src } = this;
    const start = this.i;
    let end = src[start] === '\\' ? start + 1 : start;
    end = identEnd(src, end);
    while (src[end] === '\\' && isIdentStart(src[end + 1])) end = identEnd(src, end + 1);
    this.push('word', start, end);
  }
}
