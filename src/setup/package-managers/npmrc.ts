// Reading .npmrc the way npm's `ini` parser does: `;` and `#` start comments (also after a value
// unless escaped or quoted), keys after a `[section]` header belong to that section, the last
// assignment wins, and a key without `=` means true.

export interface NpmrcRead {
  /** Top-level keys and their values. */
  values: Map<string, string>;
  /** A `[section]` header exists: keys appended at the end would land in it. */
  hasSections: boolean;
}

function unquote(raw: string): string {
  const value = raw.trim();
  if (
    value.length >= 2 &&
    ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))
  ) {
    const inner = value.slice(1, -1);
    if (value.startsWith("'")) return inner;
    try {
      return String(JSON.parse(value));
    } catch {
      return inner;
    }
  }
  let result = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === ';' || c === '#') break;
    if (c === '\\' && (value[i + 1] === ';' || value[i + 1] === '#')) result += value[++i];
    else result += c;
  }
  return result.trim();
}

export function readNpmrc(text: string): NpmrcRead {
  const values = new Map<string, string>();
  let inSection = false;
  let hasSections = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    if (/^\[[^\]]*\]$/.test(line)) {
      inSection = true;
      hasSections = true;
      continue;
    }
    if (inSection) continue;
    const eq = line.indexOf('=');
    const key = unquote(eq < 0 ? line : line.slice(0, eq));
    values.set(key, eq < 0 ? 'true' : unquote(line.slice(eq + 1)));
  }
  return { values, hasSections };
}
