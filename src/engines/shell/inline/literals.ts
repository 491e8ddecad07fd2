// Turning literal values found in code into what the shell engine compares: a command line from
// an argv list, a host from a URL, the text of an escaped string literal.

// Characters a POSIX shell reads as part of a word without quoting.
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word that a shell reads back as exactly `word`. */
export function shellQuote(word: string): string {
  if (SHELL_SAFE.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The command line that runs `argv` (`['rm', '-rf', 'a b']` → `rm -rf 'a b'`). */
export function commandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const HOST_AND_PORT = /^[A-Za-z0-9._-]+(:[0-9]+)?$/;

/**
 * The host a literal network target names: a URL (`https://x.org/p` → `x.org`), `host:port`, a
 * bare host name, or `[v6]:port`. Undefined when the text is none of these.
 */
export function hostOf(target: string): string | undefined {
  const text = target.trim();
  if (URL_SCHEME.test(text)) {
    try {
      const host = new URL(text).hostname;
      return host === '' ? undefined : unbracket(host);
    } catch {
      return undefined;
    }
  }
  if (HOST_AND_PORT.test(text)) return text.split(':')[0];
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    return end > 1 ? text.slice(1, end) : undefined;
  }
  return undefined;
}

/**
 * The host of a URL of which only the start is literal (`"https://x.org/" + path`): known only
 * once the start ends the host with `/`, `?` or `#`, since `"https://x.org" + ".evil"` is another.
 */
export function hostOfUrlStart(start: string): string | undefined {
  const text = start.trimStart();
  const scheme = URL_SCHEME.exec(text);
  if (!scheme) return undefined;
  const rest = text.slice(scheme[0].length);
  const end = rest.search(/[/?#]/);
  return end < 0 ? undefined : hostOf(text.slice(0, scheme[0].length + end));
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Whether a literal is a URL with a network scheme (so reading it is a download). */
export function isNetworkUrl(text: string): boolean {
  return /^(https?|ftps?|wss?):\/\//i.test(text.trim());
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\x07',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '`': '`',
  $: '$',
  '\n': '',
};

/**
 * Decodes backslash escapes shared by Python, JavaScript and the double-quoted strings of Perl,
 * Ruby and PHP. Returns undefined for an escape whose value it does not know (`\N{...}`), so that
 * the caller treats the string as not literal rather than guessing.
 */
export function decodeEscapes(text: string): string | undefined {
  if (!text.includes('\\')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch !== '\\' || i + 1 >= text.length) {
      out += ch;
      i += 1;
      continue;
    }
    const next = text[i + 1] as string;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined && !(next === '0' && isDigit(text[i + 2]))) {
      out += simple;
      i += 2;
      continue;
    }
    const decoded = numericEscape(text, i);
    if (decoded === null) return undefined;
    if (decoded) {
      out += decoded.text;
      i = decoded.end;
      continue;
    }
    // An unknown escape keeps its backslash in Python and drops it in JavaScript; either way the
    // character that follows is what matters for judging.
    out += next;
    i += 2;
  }
  return out;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** `\xHH`, `\uHHHH`, `\u{H...}`, `\UHHHHHHHH`, octal `\ooo`; null when malformed or `\N{...}`. */
function numericEscape(text: string, at: number): { text: string; end: number } | null | undefined {
  const kind = text[at + 1];
  if (kind === 'N') return null;
  if (kind === 'x') return hexEscape(text, at + 2, 2);
  if (kind === 'U') return hexEscape(text, at + 2, 8);
  if (kind === 'u') {
    if (text[at + 2] !== '{') return hexEscape(text, at + 2, 4);
    const close = text.indexOf('}', at + 3);
    if (close < 0 || close - (at + 3) > 6) return null;
    const decoded = hexEscape(text, at + 3, close - (at + 3));
    return decoded && { text: decoded.text, end: close + 1 };
  }
  if (kind !== undefined && kind >= '0' && kind <= '7') {
    let end = at + 1;
    while (end < at + 4 && (text[end] ?? '') >= '0' && (text[end] ?? '') <= '7') end += 1;
    return { text: String.fromCodePoint(Number.parseInt(text.slice(at + 1, end), 8)), end };
  }
  return undefined;
}

function hexEscape(text: string, start: number, digits: number): { text: string; end: number } | null {
  const hex = text.slice(start, start + digits);
  if (hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex)) return null;
  const code = Number.parseInt(hex, 16);
  if (code > 0x10ffff) return null;
  return { text: String.fromCodePoint(code), end: start + digits };
}

/** A short, single-line excerpt of source for an effect's detail. */
export function excerpt(source: string, limit = 80): string {
  const line = source.replace(/\s+/g, ' ').trim();
  return line.length <= limit ? line : `${line.slice(0, limit - 1)}…`;
}
