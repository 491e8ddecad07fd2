// The environment variable names a project uses, for the CLAUDE.md section that tells the agent
// to ask for a variable by name instead of reading a value. Only names leave this module: a dotenv
// line is cut at its `=` and a multi-line quoted value is skipped whole, so no fragment of a value
// can pass for a name. Every pattern starts with a literal and bounds its repeats (linear time).
import { join } from 'node:path';

const MAX_FILE_CHARS = 512 * 1024;
const MAX_SOURCE_FILES = 5000;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_PART = '([A-Za-z_][A-Za-z0-9_]{0,127})';
const QUOTE = `['"\`]`;
const SPACE = '\\s{0,8}';

const SOURCE_EXTENSIONS = new Set(
  ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'vue', 'svelte', 'astro']
    .concat(['py', 'go', 'rb', 'rake', 'rs', 'java', 'kt'])
    .map((extension) => `.${extension}`),
);

/** Folders of code the project did not write: their variables are not the project's to ask for. */
const VENDORED = /(^|\/)(node_modules|vendor|third_party|\.venv|venv)\//;

/**
 * Set by the operating system, the shell or a CI service, never by the user for this project:
 * listing them would only bury the names the agent has to ask about. NODE_ENV and the like stay.
 */
// biome-ignore format: a word list
const AMBIENT_NAMES = new Set([
  'PATH', 'HOME', 'PWD', 'OLDPWD', 'USER', 'USERNAME', 'LOGNAME', 'SHELL', 'SHLVL', 'TERM',
  'TMPDIR', 'TMP', 'TEMP', 'LANG', 'LC_ALL', 'HOSTNAME', 'USERPROFILE', 'APPDATA', 'CI',
]);

/** A literal gate (cheap `includes`) and the pattern it guards; group 1 is the name. */
// biome-ignore format: one pattern a line
const ACCESS_PATTERNS: ReadonlyArray<{ gate: string; pattern: RegExp }> = [
  // JavaScript / TypeScript: process.env.X, process.env['X'], import.meta.env.X, Deno, Bun.
  { gate: '.env', pattern: new RegExp(`\\b(?:process|meta|Bun)\\.env\\??\\.${NAME_PART}\\b`, 'g') },
  { gate: '.env', pattern: new RegExp(`\\b(?:process|meta|Bun)\\.env\\[${SPACE}${QUOTE}${NAME_PART}${QUOTE}`, 'g') },
  { gate: 'env.get', pattern: new RegExp(`\\bDeno\\.env\\.get\\(${SPACE}${QUOTE}${NAME_PART}${QUOTE}`, 'g') },
  // Python: os.environ['X'], os.environ.get('X'), environ['X']; os.getenv('X'), Go os.Getenv("X"),
  // Java and Kotlin System.getenv("X").
  { gate: 'environ', pattern: new RegExp(`\\benviron(?:\\[|\\.get\\(|\\.setdefault\\()${SPACE}${QUOTE}${NAME_PART}${QUOTE}`, 'g') },
  { gate: 'etenv', pattern: new RegExp(`\\bgetenv\\(${SPACE}${QUOTE}${NAME_PART}${QUOTE}`, 'gi') },
  // Go: os.LookupEnv("X").
  { gate: 'LookupEnv', pattern: new RegExp(`\\bLookupEnv\\(${SPACE}"${NAME_PART}"`, 'g') },
  // Ruby: ENV['X'], ENV.fetch('X').
  { gate: 'ENV', pattern: new RegExp(`\\bENV(?:\\[|\\.fetch\\(|\\.key\\?\\()${SPACE}${QUOTE}${NAME_PART}${QUOTE}`, 'g') },
  // Rust: env::var("X"), env::var_os("X"), env!("X"), option_env!("X").
  { gate: 'env', pattern: new RegExp(`\\b(?:option_)?env(?:::var(?:_os)?\\(|!\\()${SPACE}"${NAME_PART}"`, 'g') },
];

/** `} = process.env` / `} = import.meta.env`: the destructured names sit in the braces before. */
const DESTRUCTURE = /\}\s{0,8}=\s{0,8}(?:process|import\.meta)\.env(?![\w$.[])/g;
const DESTRUCTURE_WINDOW = 1000;

/** A dotenv assignment: `KEY=`, `export KEY=`, `KEY: ` (dotenv's YAML-like form). */
const DOTENV_KEY = new RegExp(`^\\s{0,8}(?:export\\s{1,8})?${NAME_PART}\\s{0,8}(?:=|:\\s)`);

function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : '';
}

function isDotenvFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === '.env' || base === '.envrc') return true;
  return base.startsWith('.env.') && !SOURCE_EXTENSIONS.has(extensionOf(base));
}

/** Where `quote` closes in `text` from `from` (a backslash escapes inside double quotes), or -1. */
function closingQuote(text: string, quote: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\' && quote === '"') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

/** The quote a value opens and does not close on its line (`KEY="-----BEGIN`), if any. */
function unclosedQuote(value: string): string | undefined {
  const quote = value[0];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  return closingQuote(value, quote, 1) < 0 ? quote : undefined;
}

function dotenvNames(text: string, add: (name: string) => void): void {
  let openQuote: string | undefined;
  let inPem = false;
  for (const line of text.split('\n')) {
    if (openQuote !== undefined) {
      // Inside a multi-line value: its lines are value, even when they look like `KEY=`.
      if (closingQuote(line, openQuote, 0) >= 0) openQuote = undefined;
      continue;
    }
    // An unquoted key block: its base64 lines end in `=` padding and look like `NAME=`.
    if (line.includes('-----BEGIN ')) inPem = !line.includes('-----END ');
    else if (inPem) {
      if (line.includes('-----END ')) inPem = false;
      continue;
    }
    const match = DOTENV_KEY.exec(line);
    if (!match || line.slice(match[0].length).startsWith('=')) continue;
    add(match[1] as string);
    openQuote = unclosedQuote(line.slice(match[0].length).trimStart());
    // A quoted key block is skipped by its quotes.
    if (openQuote !== undefined) inPem = false;
  }
}

function destructuredNames(text: string, add: (name: string) => void): void {
  for (const match of text.matchAll(DESTRUCTURE)) {
    const window = text.slice(Math.max(0, match.index - DESTRUCTURE_WINDOW), match.index);
    const open = window.lastIndexOf('{');
    if (open < 0) continue;
    for (const item of window.slice(open + 1).split(',')) {
      // `A`, `A: alias`, `A = 'default'`; a rest element (`...rest`) names no variable.
      const name = item.split(/[:=]/, 1)[0]?.trim() ?? '';
      if (!name.startsWith('...')) add(name);
    }
  }
}

function sourceNames(text: string, add: (name: string) => void): void {
  for (const { gate, pattern } of ACCESS_PATTERNS) {
    if (!text.includes(gate)) continue;
    for (const match of text.matchAll(pattern)) add(match[1] as string);
  }
  if (text.includes('.env')) destructuredNames(text, add);
}

/** Environment variable NAMES the project uses, sorted, unique; never a value. */
export function environmentVariableNames(
  root: string,
  files: readonly string[],
  read: (abs: string) => string | undefined,
): string[] {
  const names = new Set<string>();
  const add = (name: string) => {
    if (name.length <= 128 && NAME.test(name) && !AMBIENT_NAMES.has(name)) names.add(name);
  };
  const readSmall = (path: string) => {
    const text = read(join(root, path));
    return text !== undefined && text.length <= MAX_FILE_CHARS ? text : undefined;
  };
  // Dotenv files first: they name the variables on purpose, and the source budget cannot crowd them out.
  for (const path of files) {
    if (!isDotenvFile(path)) continue;
    const text = readSmall(path);
    if (text !== undefined) dotenvNames(text, add);
  }
  let sourceFiles = 0;
  for (const path of files) {
    if (!SOURCE_EXTENSIONS.has(extensionOf(path)) || VENDORED.test(path)) continue;
    if (++sourceFiles > MAX_SOURCE_FILES) break;
    const text = readSmall(path);
    if (text !== undefined) sourceNames(text, add);
  }
  return [...names].sort();
}
