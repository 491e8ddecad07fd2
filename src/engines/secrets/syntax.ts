// How a file writes values, which decides what counts as one: `password=hunter2` assigns a secret
// in .env, INI, YAML or properties, but in JavaScript or Python it names a variable.
import { basename, extname } from 'node:path';

export type Syntax = 'env' | 'ini' | 'properties' | 'yaml' | 'json' | 'toml' | 'xml' | 'code' | 'text';

const BY_EXTENSION: Readonly<Record<string, Syntax>> = {
  '.env': 'env',
  '.ini': 'ini',
  '.cfg': 'ini',
  '.conf': 'ini',
  '.cnf': 'ini',
  '.properties': 'properties',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.jsonc': 'json',
  '.json5': 'json',
  '.toml': 'toml',
  '.xml': 'xml',
  '.config': 'xml',
  '.csproj': 'xml',
  '.plist': 'xml',
  '.map': 'json',
};

const CODE = new Set(
  '.js .mjs .cjs .jsx .ts .mts .cts .tsx .py .rb .go .java .kt .kts .scala .cs .fs .vb .php .rs .c .h .cc .cpp .hpp .m .mm .swift .dart .lua .pl .pm .r .ex .exs .erl .clj .groovy .gradle .vue .svelte .sol .zig .nim .jl .ps1 .psm1'.split(
    ' ',
  ),
);

export function syntaxOf(path: string | undefined): Syntax {
  if (path === undefined) return 'text';
  const name = basename(path).toLowerCase();
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'env';
  if (name === '.npmrc' || name === '.pypirc' || name === '.gitconfig' || name === 'credentials')
    return 'ini';
  const extension = extname(name);
  if (CODE.has(extension)) return 'code';
  return BY_EXTENSION[extension] ?? 'text';
}

/** Where an unquoted value is a value, not a name. */
export function takesBareValues(syntax: Syntax): boolean {
  return syntax !== 'code' && syntax !== 'json' && syntax !== 'toml';
}
