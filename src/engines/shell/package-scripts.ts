// `npm run clean` runs package.json's scripts.clean. The scripts a package manager would run are
// read here so the shell engine judges what they do (`"clean": "rm -rf ~"` is `rm -rf ~`), not
// the innocent-looking name. What this reader cannot settle (a workspace it cannot find, a
// package.json it cannot read, a script name computed at run time) is "unknown": ask.
import { dirname, join, resolve } from 'node:path';
import type { FileView } from '../files/fs-view';
import { MAX_COMMAND_BYTES } from './limits';
import type { ProjectCode } from './project-code';

const MAX_PACKAGE_BYTES = 4 * MAX_COMMAND_BYTES;
const MAX_PACKAGE_DEPTH = 32;
const MAX_WORKSPACES = 64;

/** Subcommands that are the package manager's own, not a script of the project. */
const BUILT_IN = new Set(
  (
    'add audit bin cache ci config create dedupe dlx exec help i info init install link list login ' +
    'logout ls outdated pack publish remove rm uninstall unlink up update upgrade version why x'
  ).split(' '),
);
const RUN = new Set(['run', 'run-script', 'rum', 'urn']);
/** npm runs these without `run` (`npm t` is `npm test`). */
const LIFECYCLE: Readonly<Record<string, string>> = {
  test: 'test',
  t: 'test',
  tst: 'test',
  start: 'start',
  stop: 'stop',
  restart: 'restart',
};
/** The project's own scripts that installing or packing it runs. */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare'];
const LIFECYCLE_OF_COMMAND: Readonly<Record<string, readonly string[]>> = {
  install: INSTALL_SCRIPTS,
  i: INSTALL_SCRIPTS,
  ci: INSTALL_SCRIPTS,
  rebuild: INSTALL_SCRIPTS,
  pack: ['prepack', 'prepare', 'postpack'],
  publish: ['prepublishOnly', 'prepack', 'prepare', 'postpack', 'publish', 'postpublish'],
};
const FOLDER_OPTIONS = new Set(['--prefix', '-C', '--dir', '--cwd']);
const WORKSPACE_OPTIONS = new Set(['-w', '--workspace', '--filter', '-F']);
const ALL_WORKSPACES = new Set(['--workspaces', '-ws', '-r', '--recursive']);

interface Package {
  file: string;
  folder: string;
  name: string | undefined;
  scripts: Record<string, string>;
  /** Workspace folder patterns (npm and yarn's `workspaces`, pnpm-workspace.yaml's `packages`). */
  workspaces: string[];
}

/** `npm run clean`, `npm test`, `yarn clean`, `pnpm run build`, `bun run dev`, and their workspaces. */
export function packageScripts(
  program: string,
  args: readonly string[],
  cwd: string,
  fs: FileView,
): ProjectCode[] {
  const request = parseRequest(program, args, cwd);
  if ('unknown' in request) return [request];
  const root = nearestPackage(request.folder, fs);
  if (root === 'unreadable') return [{ unknown: 'package.json is too large or not valid JSON' }];
  if (!root) return [];
  const packages = request.workspaces === undefined ? [root] : workspaces(root, request.workspaces, fs);
  if (packages === 'unknown')
    return [{ unknown: `${program} runs a script in a workspace bulwark cannot find` }];
  return packages.flatMap((pkg) => scriptsOf(program, pkg, request.words, request.runs));
}

interface Request {
  folder: string;
  /** The words that are not options (or their values): the subcommand and the script name. */
  words: string[];
  runs: boolean;
  /** Workspace names to run in; `*` for all of them; undefined for the package itself. */
  workspaces: string[] | undefined;
}

function parseRequest(program: string, args: readonly string[], cwd: string): Request | { unknown: string } {
  let folder = cwd;
  let selected: string[] | undefined;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') break;
    const [option = '', attached] = arg.startsWith('--') ? arg.split('=', 2) : [arg];
    if (FOLDER_OPTIONS.has(option)) folder = resolve(folder, attached ?? args[++i] ?? '');
    else if (WORKSPACE_OPTIONS.has(option)) selected = [...(selected ?? []), attached ?? args[++i] ?? ''];
    else if (ALL_WORKSPACES.has(option)) selected = ['*'];
    else if (!arg.startsWith('-')) words.push(arg);
  }
  // yarn workspace NAME SCRIPT, yarn workspaces foreach [options] run SCRIPT.
  if (program === 'yarn' && words[0] === 'workspace') {
    selected = [words[1] ?? ''];
    words.splice(0, 2);
  } else if (program === 'yarn' && words[0] === 'workspaces') {
    selected = ['*'];
    words.splice(0, words[1] === 'foreach' ? 2 : 1);
  }
  return { folder, words, runs: words.some((word) => RUN.has(word)), workspaces: selected };
}

/**
 * The scripts a request runs in one package: after `run`, the next word; without it, npm runs
 * only its lifecycle scripts (npm test) and yarn, pnpm and bun the first word that names a script
 * (words before it may be values of options this reader does not know).
 */
function scriptsOf(program: string, pkg: Package, words: readonly string[], runs: boolean): ProjectCode[] {
  const named = (word: string) => Object.hasOwn(pkg.scripts, word);
  const computed: ProjectCode = { unknown: `${program} runs a script whose name is only known when it runs` };
  const code = (script: string) => ({
    cwd: pkg.folder,
    source: `${pkg.file} (scripts.${script})`,
    code: pkg.scripts[script] as string,
  });
  // `npm install` (and a bare `yarn`) run the project's own install scripts; `npm pack` its pack ones.
  const lifecycle = LIFECYCLE_OF_COMMAND[words[0] ?? (program === 'yarn' ? 'install' : '')];
  if (lifecycle && !runs) return lifecycle.filter(named).map(code);
  let name: string | undefined;
  if (runs) {
    // The first word after `run` that names a script (before it: values of options not known here).
    for (const word of words.slice(words.findIndex((w) => RUN.has(w)) + 1)) {
      if (word.includes('…')) return [computed];
      if (named(word)) {
        name = word;
        break;
      }
    }
  } else {
    for (const word of words) {
      if (BUILT_IN.has(word)) return [];
      if (word.includes('…')) return [computed];
      const script = program === 'npm' ? LIFECYCLE[word] : word;
      if (script !== undefined && named(script)) {
        name = script;
        break;
      }
    }
  }
  // `npm run env` with no such script prints the environment the scripts get.
  if (runs && name === undefined && words.includes('env')) {
    return [{ cwd: pkg.folder, source: `${program} run env`, code: 'env' }];
  }
  if (name === undefined || !named(name)) return [];
  return [`pre${name}`, name, `post${name}`].filter(named).map(code);
}

function nearestPackage(start: string, fs: FileView): Package | 'unreadable' | undefined {
  let folder = start;
  for (let depth = 0; depth < MAX_PACKAGE_DEPTH; depth++) {
    const found = readPackage(folder, fs);
    if (found) return found;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
  return undefined;
}

function readPackage(folder: string, fs: FileView): Package | 'unreadable' | undefined {
  const file = join(folder, 'package.json');
  if (!fs.stat(file)?.isFile) return undefined;
  const text = fs.readText(file, MAX_PACKAGE_BYTES);
  if (text === undefined) return 'unreadable';
  let parsed: { name?: unknown; scripts?: unknown; workspaces?: unknown };
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'unreadable';
  }
  if (!parsed || typeof parsed !== 'object') return 'unreadable';
  const scripts = parsed.scripts && typeof parsed.scripts === 'object' ? parsed.scripts : {};
  const declared = Array.isArray(parsed.workspaces)
    ? parsed.workspaces
    : (parsed.workspaces as { packages?: unknown } | undefined)?.packages;
  return {
    file,
    folder,
    name: typeof parsed.name === 'string' ? parsed.name : undefined,
    scripts: Object.fromEntries(
      Object.entries(scripts).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    ),
    workspaces: [
      ...(Array.isArray(declared) ? declared.filter((w): w is string => typeof w === 'string') : []),
      ...pnpmWorkspaces(folder, fs),
    ],
  };
}

/** pnpm-workspace.yaml's `packages:` list, read line by line (quoted or bare entries). */
function pnpmWorkspaces(folder: string, fs: FileView): string[] {
  const text = fs.readText(join(folder, 'pnpm-workspace.yaml'), MAX_PACKAGE_BYTES);
  if (text === undefined) return [];
  const patterns: string[] = [];
  let inPackages = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line)) inPackages = line.startsWith('packages:');
    const item = line.trim();
    if (!inPackages || !item.startsWith('-')) continue;
    const hash = item.indexOf('#');
    const value = (hash < 0 ? item : item.slice(0, hash)).slice(1).trim();
    const quoted = value.length > 1 && (value[0] === "'" || value[0] === '"') && value.endsWith(value[0]);
    if (value) patterns.push(quoted ? value.slice(1, -1) : value);
  }
  return patterns;
}

/** The workspace packages selected by name, folder or `*`; 'unknown' when one cannot be found. */
function workspaces(root: Package, selected: readonly string[], fs: FileView): Package[] | 'unknown' {
  const all: Package[] = [];
  for (const pattern of root.workspaces) {
    // `packages/*` and `apps/web` are read; other globs (`packages/**`) are not.
    const base = pattern.replace(/\/\*$/, '');
    if (/[*?[{!]/.test(base)) return 'unknown';
    const folders =
      base === pattern
        ? [base]
        : (fs.readdir(resolve(root.folder, base)) ?? [])
            .filter((e) => e.isDirectory)
            .map((e) => join(base, e.name));
    for (const folder of folders) {
      const pkg = readPackage(resolve(root.folder, folder), fs);
      if (pkg === 'unreadable') return 'unknown';
      if (pkg) all.push(pkg);
      if (all.length > MAX_WORKSPACES) return 'unknown';
    }
  }
  const chosen: Package[] = [];
  for (const name of selected) {
    if (name === '*') {
      chosen.push(...all);
      continue;
    }
    const folder = resolve(root.folder, name);
    const pkg = all.find((p) => p.name === name || p.folder === folder) ?? readPackage(folder, fs);
    if (!pkg || pkg === 'unreadable') return 'unknown';
    chosen.push(pkg);
  }
  return chosen;
}
