// Commands that run code written in the project: `npm run clean` runs package.json's
// scripts.clean, `make clean` runs the Makefile's recipe. Both are read here so the shell engine
// judges what they run (`"clean": "rm -rf ~"` is `rm -rf ~`), not the innocent-looking name.
import { dirname, join, resolve } from 'node:path';
import type { FileView } from '../files/fs-view';
import { MAX_COMMAND_BYTES } from './limits';
import { operands } from './programs';

/** Code a command runs in `cwd`, or `unknown` when it runs project code bulwark cannot read. */
export type ProjectCode = { cwd: string; source: string; code: string } | { unknown: string };

const MAX_PACKAGE_DEPTH = 32;
const MAX_MAKE_TARGETS = 64;

// Package managers

/** Subcommands that are the package manager's own, not a script of the project. */
const BUILT_IN = new Set([
  'add',
  'audit',
  'bin',
  'cache',
  'ci',
  'config',
  'create',
  'dedupe',
  'dlx',
  'exec',
  'help',
  'i',
  'info',
  'init',
  'install',
  'link',
  'list',
  'login',
  'logout',
  'ls',
  'outdated',
  'pack',
  'publish',
  'remove',
  'rm',
  'uninstall',
  'unlink',
  'up',
  'update',
  'upgrade',
  'version',
  'why',
  'workspace',
  'workspaces',
  'x',
]);
const LIFECYCLE = new Set(['test', 'start', 'stop', 'restart']);
const PACKAGE_MANAGER_VALUED = ['--prefix', '-C', '--dir', '--cwd', '-w', '--workspace', '--filter', '-F'];

/** `npm run clean`, `npm test`, `yarn clean`, `pnpm run build`, `bun run dev`. */
export function packageScripts(
  program: string,
  args: readonly string[],
  cwd: string,
  fs: FileView,
): ProjectCode[] {
  const words = operands(args, PACKAGE_MANAGER_VALUED).map((i) => args[i] as string);
  const [first, second] = words;
  const runs = ['run', 'run-script', 'rum', 'urn'].includes(first ?? '');
  const name = runs ? second : first;
  if (name === undefined) return [];
  if (name.includes('…')) return [{ unknown: `${program} runs a script whose name is computed at run time` }];
  const folder = packageFolder(args, cwd, fs);
  if (folder === undefined) return [];
  const found = nearestPackage(folder, fs);
  if (!found || !Object.hasOwn(found.scripts, name)) return [];
  // Without `run`, npm runs only its lifecycle scripts (npm test); yarn, pnpm and bun run any
  // script that is not one of their own commands.
  if (!runs && (program === 'npm' ? !LIFECYCLE.has(name) : BUILT_IN.has(name))) return [];
  return [`pre${name}`, name, `post${name}`]
    .filter((script) => Object.hasOwn(found.scripts, script))
    .map((script) => ({
      cwd: found.folder,
      source: `${found.file} (scripts.${script})`,
      code: found.scripts[script] as string,
    }));
}

/**
 * Where the package manager looks for package.json: `--prefix DIR`, `-C DIR`, `--dir`, `--cwd`, or a
 * workspace given as a folder. A workspace given by name is not followed (undefined).
 */
function packageFolder(args: readonly string[], cwd: string, fs: FileView): string | undefined {
  let folder = cwd;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [option = '', attached] = arg.startsWith('--') ? arg.split('=', 2) : [arg];
    if (!PACKAGE_MANAGER_VALUED.includes(option)) continue;
    const value = attached ?? args[++i] ?? '';
    const target = resolve(folder, value);
    const isPackage = fs.stat(join(target, 'package.json'))?.isFile;
    if (['--prefix', '-C', '--dir', '--cwd'].includes(option)) folder = target;
    else if (isPackage) folder = target;
    else return undefined;
  }
  return folder;
}

function nearestPackage(cwd: string, fs: FileView) {
  let folder = cwd;
  for (let depth = 0; depth < MAX_PACKAGE_DEPTH; depth++) {
    const file = join(folder, 'package.json');
    const text = fs.readText(file, MAX_COMMAND_BYTES * 4);
    if (text !== undefined) {
      try {
        const parsed = JSON.parse(text) as { scripts?: unknown };
        const scripts = parsed.scripts && typeof parsed.scripts === 'object' ? parsed.scripts : {};
        const strings = Object.fromEntries(
          Object.entries(scripts).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
        );
        return { file, folder, scripts: strings };
      } catch {
        return undefined;
      }
    }
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
  return undefined;
}

// make

const MAKE_VALUED = ['-C', '--directory', '-f', '--file', '--makefile', '-I', '--include-dir', '-o', '-W'];
const MAKE_DRY_RUN = /^(?:-[a-zA-Z]*[nq][a-zA-Z]*|--just-print|--dry-run|--recon|--question)$/;
/** Variables make defines itself, as a recipe would see them. */
const MAKE_DEFAULTS: Readonly<Record<string, string>> = { RM: 'rm -f', MAKE: 'make', SHELL: '/bin/sh' };

interface Makefile {
  variables: Map<string, string>;
  rules: Map<string, { prerequisites: string[]; recipe: string[] }>;
  firstTarget: string | undefined;
  hasComputedRules: boolean;
  includes: boolean;
}

/** The recipe lines `make [-C dir] [-f file] [targets] [VAR=value]` runs, one shell each. */
export function makeRecipes(args: readonly string[], cwd: string, fs: FileView): ProjectCode[] {
  if (args.some((a) => MAKE_DRY_RUN.test(a))) return [];
  let folder = cwd;
  let file: string | undefined;
  const overrides = new Map<string, string>();
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = () => args[++i] ?? '';
    if (arg === '-C' || arg === '--directory') folder = resolve(folder, value());
    else if (arg.startsWith('-C') && arg.length > 2) folder = resolve(folder, arg.slice(2));
    else if (arg === '-f' || arg === '--file' || arg === '--makefile') file = value();
    else if (arg === '-j' && /^\d+$/.test(args[i + 1] ?? '')) i++;
    else if (MAKE_VALUED.includes(arg)) i++;
    else if (arg.startsWith('-')) continue;
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) {
      overrides.set(arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1));
    } else targets.push(arg);
  }
  const path = file
    ? resolve(folder, file)
    : ['GNUmakefile', 'makefile', 'Makefile']
        .map((name) => join(folder, name))
        .find((p) => fs.stat(p)?.isFile);
  const text = path ? fs.readText(path, MAX_COMMAND_BYTES * 4) : undefined;
  if (!path || text === undefined) return [];
  const makefile = parseMakefile(text);
  for (const [name, value] of overrides) makefile.variables.set(name, value);
  const wanted = targets.length ? targets : makefile.firstTarget ? [makefile.firstTarget] : [];
  const recipes: ProjectCode[] = [];
  const visited = new Set<string>();
  const visit = (target: string) => {
    if (visited.has(target) || visited.size >= MAX_MAKE_TARGETS) return;
    visited.add(target);
    const rule = makefile.rules.get(target);
    if (!rule) {
      if ((makefile.hasComputedRules || makefile.includes) && !fs.lstat(resolve(folder, target))) {
        recipes.push({
          unknown: `the recipe for ${target} comes from a computed or pattern rule, or an included file`,
        });
      }
      return;
    }
    for (const prerequisite of rule.prerequisites) visit(prerequisite);
    for (const line of rule.recipe) {
      const code = expandMake(line, makefile.variables, target, rule.prerequisites, folder);
      const source = `${path} (${target})`;
      recipes.push(
        code === undefined
          ? { unknown: `a recipe line of ${target} computed by make` }
          : { cwd: folder, source, code },
      );
    }
  };
  for (const target of wanted) visit(target);
  return recipes;
}

function parseMakefile(text: string): Makefile {
  const makefile: Makefile = {
    variables: new Map(Object.entries(MAKE_DEFAULTS)),
    rules: new Map(),
    firstTarget: undefined,
    hasComputedRules: false,
    includes: false,
  };
  let current: Array<{ recipe: string[] }> = [];
  let inDefine = false;
  // Backslash-newline continues a line, in recipes and elsewhere.
  for (const line of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    if (inDefine) {
      inDefine = !/^\s*endef\b/.test(line);
      continue;
    }
    if (line.startsWith('\t')) {
      for (const rule of current) rule.recipe.push(line.slice(1));
      continue;
    }
    const content = line.replace(/(^|\s)#.*$/, '').trim();
    // Conditionals may sit inside a recipe: every branch is kept, as either may run.
    if (!content || /^(?:ifeq|ifneq|ifdef|ifndef|else|endif)\b/.test(content)) continue;
    if (/^(?:override\s+|export\s+)?define\b/.test(content)) {
      inDefine = true;
      current = [];
      continue;
    }
    current = [];
    if (/^-?s?include\s/.test(content)) {
      makefile.includes = true;
      continue;
    }
    const assignment = /^(?:override\s+|export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*([:?+!]{0,3})=(.*)$/.exec(
      content,
    );
    if (assignment) {
      const [, name = '', kind = '', value = ''] = assignment;
      const previous = kind === '+' ? `${makefile.variables.get(name) ?? ''} ` : '';
      // `!=` takes a shell command's output: not known before it runs.
      if (kind === '!') makefile.variables.delete(name);
      else if (kind !== '?' || !makefile.variables.has(name)) {
        makefile.variables.set(name, `${previous}${value.trim()}`.trim());
      }
      continue;
    }
    // `targets: prerequisites ; inline recipe` (or `::`); found without a backtracking pattern.
    const colon = content.indexOf(':');
    if (colon <= 0) continue;
    const rest = content.slice(colon + (content[colon + 1] === ':' ? 2 : 1));
    const [prerequisites = '', inline] = rest.split(';', 2);
    // A target-specific variable (`target: VAR = value`) is not a rule.
    if (prerequisites.includes('=')) continue;
    for (const target of content.slice(0, colon).split(/\s+/).filter(Boolean)) {
      if (target.includes('%') || target.includes('$')) {
        makefile.hasComputedRules = true;
        continue;
      }
      const entry = makefile.rules.get(target) ?? { prerequisites: [], recipe: [] };
      entry.prerequisites.push(...prerequisites.split(/\s+/).filter((p) => p && p !== '|'));
      if (inline?.trim()) entry.recipe.push(inline.trim());
      makefile.rules.set(target, entry);
      current.push(entry);
      if (!makefile.firstTarget && !target.startsWith('.')) makefile.firstTarget = target;
    }
  }
  return makefile;
}

/** A recipe line as the shell gets it, or undefined when make computes part of it. */
function expandMake(
  line: string,
  variables: Map<string, string>,
  target: string,
  prerequisites: string[],
  folder: string,
  depth = 0,
): string | undefined {
  const body = depth === 0 ? line.replace(/^[\s@+-]+/, '') : line;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== '$') {
      out += char;
      continue;
    }
    const next = body[i + 1];
    i++;
    if (next === '$') out += '$';
    else if (next === '@') out += target;
    else if (next === '<') out += prerequisites[0] ?? '';
    else if (next === '^' || next === '+') out += prerequisites.join(' ');
    else if (next === '(' || next === '{') {
      const close = body.indexOf(next === '(' ? ')' : '}', i);
      if (close < 0) return undefined;
      const name = body.slice(i + 1, close);
      i = close;
      if (name === 'CURDIR') out += folder;
      else {
        const value = /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) ? variables.get(name) : undefined;
        // A function call ($(shell ...), $(wildcard ...)) or a variable this file does not set.
        if (value === undefined || depth >= 8) return undefined;
        const expanded = expandMake(value, variables, target, prerequisites, folder, depth + 1);
        if (expanded === undefined) return undefined;
        out += expanded;
      }
    } else if (next !== undefined && /[A-Za-z_]/.test(next)) {
      const value = variables.get(next);
      if (value === undefined) return undefined;
      out += value;
    } else return undefined;
  }
  return out;
}
