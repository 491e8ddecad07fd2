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

// key, an optional closing quote of a quoted key, an operator, then a quoted or bare value.
const PAIR =
  /([A-Za-z_$@][\w.$@-]{0,80})(["'`]?)[ \t]{0,4}(?:=>|:=|::=|\?=|\+=|\.=|==?|:|,)[ \t]{0,6}(?:(["'`])((?:\\.|[^\\\n"'`]){1,400})\3|([^\s"'`;,)}\]<>]{1,400}))/g;
const ELEMENT = /<([A-Za-z_][\w.:-]{0,60})>([^<\n]{1,400})<\/\1>/g;
// --user name:password, -u name:password (curl, wget, httpie).
const USER_OPTION =
  /(?:^|\s)(?:-u|--user|--proxy-user|--http-user|--auth|-a)(?:[ \t]{1,4}|=)(["']?)([^\s"':]{0,80}):([^\s"']{1,200})\1(?=\s|$)/g;

export function assignmentsIn(line: string, offset: number): Assignment[] {
  const found: Assignment[] = [];
  for (const match of line.matchAll(PAIR)) {
    const [whole, key, , quote, quotedValue, bareValue] = match;
    const value = quotedValue ?? bareValue ?? '';
    const valueEnd = (match.index ?? 0) + whole.length - (quote ? 1 : 0);
    found.push({
      key: key ?? '',
      value,
      start: offset + valueEnd - value.length,
      end: offset + valueEnd,
      quoted: quote !== undefined,
    });
  }
  for (const match of line.matchAll(ELEMENT)) {
    const [whole, key, value] = match;
    const valueStart = (match.index ?? 0) + (key?.length ?? 0) + 2;
    found.push({
      key: key ?? '',
      value: (value ?? '').trim(),
      start: offset + valueStart,
      end: offset + valueStart + (value?.length ?? 0),
      quoted: true,
    });
    void whole;
  }
  for (const match of line.matchAll(USER_OPTION)) {
    const [whole, quote, , password] = match;
    const end = (match.index ?? 0) + whole.length - (quote ? quote.length : 0);
    found.push({
      key: 'password',
      value: password ?? '',
      start: offset + end - (password?.length ?? 0),
      end: offset + end,
      quoted: true,
    });
  }
  return found;
}
