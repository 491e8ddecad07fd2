// Key/value pairs in one line of a configuration file, a program or free text: `KEY=value`
// (.env, INI, properties), `key: value` (YAML), `"key": "value"` (JSON), `key = "value"` (TOML,
// code), `key := "value"` (Go, make), `'key' => 'value'` (PHP, Ruby), `<key>value</key>` (XML).
// Every pattern is bounded and free of nested quantifiers; lines are capped by the caller.

export interface Assignment {
  key: string;
  value: string;
  /** Offsets of the value within the text the line came from. */
  start: number;
  end: number;
  quoted: boolean;
}

// key, an optional closing quote of a quoted key (JSON-escaped inside a string: \"), an optional
// type (Go `token string =`, Kotlin `token: String =`), an operator, then a quoted or bare value.
const PAIR =
  /([A-Za-z_$@][\w.$@-]{0,80})(\\?["'`]?)(?:[ \t]{0,4}:?[ \t]{1,4}(?:[Ss]tring|str|&str))?[ \t]{0,4}(=>|:=|::=|\?=|\+=|\.=|==?|:|,)[ \t]{0,6}(?:\\?(["'`])((?:\\[^"'`\n]|(?!\4)[^\\\n]){1,400})\\?\4|([^\s"'`;,)}\]<>\\]{1,400}))/dg;

/**
 * `,` pairs a name with a value only as a call's first two arguments, the name quoted:
 * `os.getenv("API_TOKEN", "…")`, `config.get('password', '…')`. Elsewhere a comma separates
 * arguments or array items (`onError(token, 'UNEXPECTED_TOKEN')`, `["a", "b"]`).
 */
function isCallDefault(line: string, keyStart: number, keyQuote: string): boolean {
  const quote = keyQuote.slice(-1);
  if (quote === '' || line[keyStart - 1] !== quote) return false;
  let i = keyStart - 2;
  while (i >= 0 && (line[i] === ' ' || line[i] === '\t')) i--;
  return line[i] === '(';
}
// <key>value</key>, the value on the element's line or alone on the next.
// The value starts and ends with a non-blank, so the blanks around it have one way to be read
// (two adjacent runs of blanks would make a failing match cubic in their length).
const ELEMENT =
  /<([A-Za-z_][\w.:-]{0,60})>[ \t]{0,40}(?:\r?\n[ \t]{0,40})?([^<\s](?:[^<\n]{0,398}[^<\s])?)[ \t]{0,40}(?:\r?\n[ \t]{0,40})?<\/\1>/dg;
// --user name:password, -u name:password (curl, wget, httpie): one shell word, whose parts may be
// quoted apart (`--user "name":"password"`, `-u name:'password'`). Each step of the word is one
// character or one whole quoted string, so there is only one way to read it.
const USER_OPTION =
  /(?:^|\s)(?:-u|--user|--proxy-user|--http-user|--auth|-a)(?:[ \t]{1,4}|=)((?:"[^"\n]{0,300}"|'[^'\n]{0,300}'|[^\s"']){1,300})(?=\s|$)/g;

interface Unquoted {
  text: string;
  /** For each character of `text`, its offset in the word. */
  at: number[];
}

function unquote(word: string): Unquoted {
  let text = '';
  const at: number[] = [];
  let quote = '';
  for (let i = 0; i < word.length; i++) {
    const char = word[i] as string;
    if (quote ? char === quote : char === '"' || char === "'") {
      quote = quote ? '' : char;
      continue;
    }
    text += char;
    at.push(i);
  }
  return { text, at };
}

/** The key name given to an API key passed as a user name with an empty password (`-u key:`). */
export const USER_AS_KEY = 'user-as-key';

/** The credential in `name:password`, or in `key:` (an API key passed as the user name). */
function userOption(word: string, wordStart: number): Assignment | undefined {
  const { text, at } = unquote(word);
  if (/^<.*>$/.test(text)) return undefined;
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const user = text.slice(0, colon);
  const password = text.slice(colon + 1);
  const named = password.length > 0;
  let value = named ? password : user;
  let from = named ? colon + 1 : 0;
  // Documentation writes `{password}` for "put it here"; filled in, the braces may stay.
  if (/^\{[^{}]+\}$/.test(value)) {
    value = value.slice(1, -1);
    from += 1;
  }
  if (value.length === 0) return undefined;
  const first = at[from] as number;
  const last = at[from + value.length - 1] as number;
  const key = named ? 'password' : USER_AS_KEY;
  return { key, value, start: wordStart + first, end: wordStart + last + 1, quoted: true };
}

export function assignmentsIn(line: string, offset: number): Assignment[] {
  const found: Assignment[] = [];
  PAIR.lastIndex = 0;
  for (let match = PAIR.exec(line); match; match = PAIR.exec(line)) {
    const [whole, key = '', keyQuote = '', operator, quote, quotedValue, bareValue] = match;
    if (operator === ',' && !isCallDefault(line, match.index, keyQuote)) {
      // Not a pair: read on from just after the comma, where the next pair may start.
      PAIR.lastIndex = match.index + whole.indexOf(',', key.length) + 1;
      continue;
    }
    const value = quotedValue ?? bareValue ?? '';
    const [valueStart, valueEnd] = match.indices?.[quotedValue === undefined ? 6 : 5] ?? [0, 0];
    found.push({
      key,
      value,
      start: offset + valueStart,
      end: offset + valueEnd,
      quoted: quote !== undefined,
    });
  }
  for (const match of line.matchAll(ELEMENT)) {
    const [, key = '', value = ''] = match;
    const [valueStart, valueEnd] = match.indices?.[2] ?? [0, 0];
    found.push({ key, value, start: offset + valueStart, end: offset + valueEnd, quoted: true });
  }
  for (const match of line.matchAll(USER_OPTION)) {
    const [whole, word = ''] = match;
    const credential = userOption(word, offset + (match.index ?? 0) + whole.length - word.length);
    if (credential) found.push(credential);
  }
  return found;
}
