// `make clean` runs what the Makefile says. The recipes of the targets asked for (and of their
// prerequisites) are read here so the shell engine judges them like any command. Make is a
// language of its own; what this reader cannot settle (a recipe computed by $(shell ...), a
// variable it does not know, a pattern rule, another recipe prefix or shell) is "unknown": ask.
import { dirname, join, resolve } from 'node:path';
import type { FileView } from '../files/fs-view';
import { MAX_COMMAND_BYTES } from './limits';
import type { ProjectCode } from './project-code';

const MAX_MAKEFILE_BYTES = 4 * MAX_COMMAND_BYTES;
const MAX_TARGETS = 64;
const MAX_INCLUDE_DEPTH = 8;
/** Characters a whole make run may expand to: nested variables must not grow without bound. */
const MAX_EXPANDED = 4 * MAX_COMMAND_BYTES;
const MAX_VARIABLE_DEPTH = 8;

/** Short options that take a value, attached (`-Cdir`) or as the next word. */
const VALUED_LETTERS = new Set(['C', 'f', 'I', 'o', 'W', 'E', 'l']);
const VALUED_LONG = new Set([
  '--directory',
  '--file',
  '--makefile',
  '--include-dir',
  '--old-file',
  '--what-if',
  '--eval',
]);
/** Variables make defines itself, as a recipe would see them. */
const MAKE_DEFAULTS: Readonly<Record<string, string>> = { RM: 'rm -f', MAKE: 'make', SHELL: '/bin/sh' };
const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da|k|z)?sh$/;

interface Rule {
  prerequisites: string[];
  recipe: string[];
  /** Target-specific variables (`target: VAR = value`). */
  variables: Map<string, string>;
}

interface Makefile {
  variables: Map<string, string>;
  rules: Map<string, Rule>;
  firstTarget: string | undefined;
  /** Pattern rules, computed target names, includes this reader could not follow. */
  unknownRules: boolean;
  /** `.ONESHELL:` runs all of a recipe in one shell; `.RECIPEPREFIX` changes how recipes are read. */
  oneShell: boolean;
  unreadable: string | undefined;
}

interface Invocation {
  folder: string;
  files: string[];
  targets: string[];
  overrides: Map<string, string>;
  /** `-n`, `-q`: only `+` lines and $(MAKE) lines run. */
  dryRun: boolean;
  unknown?: string;
}

function parseInvocation(args: readonly string[], cwd: string): Invocation {
  const run: Invocation = { folder: cwd, files: [], targets: [], overrides: new Map(), dryRun: false };
  const option = (letter: string, value: string) => {
    if (letter === 'C') run.folder = resolve(run.folder, value);
    else if (letter === 'f') run.files.push(value);
    else if (letter === 'E') run.unknown = 'make --eval runs make code given on the command line';
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith('--')) {
      const [name = '', attached] = arg.split('=', 2);
      if (['--just-print', '--dry-run', '--recon', '--question'].includes(name)) run.dryRun = true;
      if (!VALUED_LONG.has(name)) continue;
      const value = attached ?? args[++i] ?? '';
      const letter = { '--directory': 'C', '--file': 'f', '--makefile': 'f', '--eval': 'E' }[name];
      if (letter) option(letter, value);
    } else if (arg.startsWith('-') && arg.length > 1) {
      // A bundle: letters until one that takes a value, which takes the rest or the next word.
      for (let at = 1; at < arg.length; at++) {
        const letter = arg[at] as string;
        if (letter === 'n' || letter === 'q') run.dryRun = true;
        if (letter === 'j') {
          if (at === arg.length - 1 && /^\d+$/.test(args[i + 1] ?? '')) i++;
          break;
        }
        if (VALUED_LETTERS.has(letter)) {
          option(letter, at + 1 < arg.length ? arg.slice(at + 1) : (args[++i] ?? ''));
          break;
        }
      }
    } else if (/^[A-Za-z_][A-Za-z0-9_.]*=/.test(arg)) {
      run.overrides.set(arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1));
    } else run.targets.push(arg);
  }
  return run;
}

/** The recipe lines `make [-C dir] [-f file] [targets] [VAR=value]` runs, one shell each. */
export function makeRecipes(args: readonly string[], cwd: string, fs: FileView): ProjectCode[] {
  const run = parseInvocation(args, cwd);
  if (run.unknown) return [{ unknown: run.unknown }];
  if (run.files.includes('-')) return [{ unknown: 'make reads its Makefile from standard input' }];
  const files = run.files.length
    ? run.files.map((file) => resolve(run.folder, file))
    : ['GNUmakefile', 'makefile', 'Makefile']
        .map((name) => join(run.folder, name))
        .filter((p) => fs.stat(p)?.isFile)
        .slice(0, 1);
  if (!files.length) return [];
  const makefile = newMakefile();
  for (const file of files) readInto(makefile, file, fs, 0);
  if (makefile.unreadable) return [{ unknown: makefile.unreadable }];
  for (const [name, value] of run.overrides) makefile.variables.set(name, value);
  const shell = makefile.variables.get('SHELL') ?? '';
  if (!SHELLS.test(shell.trim())) return [{ unknown: `the Makefile runs its recipes with ${shell}` }];
  return recipesOf(makefile, run, fs, files[0] as string);
}

function recipesOf(makefile: Makefile, run: Invocation, fs: FileView, source: string): ProjectCode[] {
  const wanted = run.targets.length ? run.targets : makefile.firstTarget ? [makefile.firstTarget] : [];
  const recipes: ProjectCode[] = [];
  const visited = new Set<string>();
  const budget = { characters: MAX_EXPANDED };
  // A target's own variables apply to its prerequisites too, as make passes them down.
  const visit = (target: string, inherited: ReadonlyMap<string, string>) => {
    if (visited.has(target) || visited.size >= MAX_TARGETS) return;
    visited.add(target);
    const found = makefile.rules.get(target);
    const rule = found && { ...found, variables: new Map([...inherited, ...found.variables]) };
    if (!rule) {
      if (makefile.unknownRules && !fs.lstat(resolve(run.folder, target))) {
        recipes.push({ unknown: `the recipe for ${target} comes from a rule bulwark cannot read` });
      }
      return;
    }
    for (const prerequisite of rule.prerequisites) visit(prerequisite, rule.variables);
    const lines: string[] = [];
    for (const line of rule.recipe) {
      const forced = /^[\s@-]*\+/.test(line) || /\$[({]MAKE[)}]/.test(line);
      if (run.dryRun && !forced) continue;
      const expanded = expand(
        line.replace(/^[\s@+-]+/, ''),
        { makefile, rule, target, folder: run.folder, budget },
        0,
      );
      if (expanded === undefined) {
        recipes.push({ unknown: `a recipe line of ${target} that make computes` });
        return;
      }
      lines.push(expanded);
    }
    const at = `${source} (${target})`;
    if (makefile.oneShell && lines.length)
      recipes.push({ cwd: run.folder, source: at, code: lines.join('\n') });
    else for (const code of lines) recipes.push({ cwd: run.folder, source: at, code });
  };
  for (const target of wanted) visit(target, new Map());
  return recipes;
}

function newMakefile(): Makefile {
  return {
    variables: new Map(Object.entries(MAKE_DEFAULTS)),
    rules: new Map(),
    firstTarget: undefined,
    unknownRules: false,
    oneShell: false,
    unreadable: undefined,
  };
}

function readInto(makefile: Makefile, file: string, fs: FileView, depth: number): void {
  const text = fs.readText(file, MAX_MAKEFILE_BYTES);
  if (text === undefined) {
    if (fs.stat(file)) makefile.unreadable = `${file} is too large or unreadable`;
    return;
  }
  parseMakefile(makefile, text, (included, optional) => {
    if (depth >= MAX_INCLUDE_DEPTH || /[$*?[]/.test(included)) {
      makefile.unknownRules = true;
      return;
    }
    const path = resolve(dirname(file), included);
    if (fs.stat(path)?.isFile) readInto(makefile, path, fs, depth + 1);
    else if (!optional) makefile.unknownRules = true;
  });
}

function parseMakefile(
  makefile: Makefile,
  text: string,
  include: (file: string, optional: boolean) => void,
): void {
  let current: Rule[] = [];
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
    current = [];
    if (/^(?:override\s+|export\s+)?define\b/.test(content)) {
      // A multi-line variable: its name stays unknown, so a recipe using it asks.
      inDefine = true;
      continue;
    }
    const includes = /^(-|s)?include\s+(.*)$/.exec(content);
    if (includes) {
      for (const file of (includes[2] ?? '').split(/\s+/).filter(Boolean))
        include(file, includes[1] !== undefined);
      continue;
    }
    if (/^\.RECIPEPREFIX\b/.test(content)) makefile.unreadable = 'the Makefile changes its recipe prefix';
    const assignment = parseAssignment(content);
    if (assignment) {
      assign(makefile.variables, assignment);
      continue;
    }
    // `targets: prerequisites ; inline recipe` (or `::`); found without a backtracking pattern.
    const colon = content.indexOf(':');
    if (colon <= 0) continue;
    const rest = content.slice(colon + (content[colon + 1] === ':' ? 2 : 1));
    const names = content.slice(0, colon).split(/\s+/).filter(Boolean);
    if (names.includes('.ONESHELL')) makefile.oneShell = true;
    const targetVariable = parseAssignment(rest.trim());
    for (const target of names) {
      if (target.includes('%') || target.includes('$')) {
        makefile.unknownRules = true;
        continue;
      }
      const rule: Rule = makefile.rules.get(target) ?? {
        prerequisites: [],
        recipe: [],
        variables: new Map(),
      };
      makefile.rules.set(target, rule);
      if (targetVariable) {
        assign(rule.variables, targetVariable);
        continue;
      }
      const [prerequisites = '', inline] = rest.split(';', 2);
      rule.prerequisites.push(...prerequisites.split(/\s+/).filter((p) => p && p !== '|'));
      if (inline?.trim()) rule.recipe.push(inline.trim());
      current.push(rule);
      if (!makefile.firstTarget && !target.startsWith('.')) makefile.firstTarget = target;
    }
  }
}

interface Assignment {
  name: string;
  kind: string;
  value: string;
}

function parseAssignment(text: string): Assignment | undefined {
  const match = /^(?:override\s+|export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*([:?+!]{0,3})=(.*)$/.exec(text);
  if (!match) return undefined;
  const [, name = '', kind = '', value = ''] = match;
  return { name, kind, value: value.trim() };
}

function assign(variables: Map<string, string>, { name, kind, value }: Assignment): void {
  // `!=` takes a shell command's output: not known before it runs.
  if (kind === '!') variables.delete(name);
  else if (kind === '+') variables.set(name, `${variables.get(name) ?? ''} ${value}`.trim());
  else if (kind !== '?' || !variables.has(name)) variables.set(name, value);
}

interface Expansion {
  makefile: Makefile;
  rule: Rule;
  target: string;
  folder: string;
  budget: { characters: number };
}

/** A recipe line as the shell gets it, or undefined when make computes part of it. */
function expand(text: string, at: Expansion, depth: number): string | undefined {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    let piece: string | undefined = char;
    if (char === '$') {
      const next = text[++i];
      if (next === '$') piece = '$';
      else if (next === '@') piece = at.target;
      else if (next === '<') piece = at.rule.prerequisites[0] ?? '';
      else if (next === '^' || next === '+') piece = at.rule.prerequisites.join(' ');
      else if (next === '(' || next === '{') {
        const close = text.indexOf(next === '(' ? ')' : '}', i);
        if (close < 0) return undefined;
        piece = variable(text.slice(i + 1, close), at, depth);
        i = close;
      } else piece = next !== undefined && /[A-Za-z_]/.test(next) ? variable(next, at, depth) : undefined;
    }
    if (piece === undefined) return undefined;
    // Each reference costs one, even an empty one: nesting cannot multiply work for free.
    at.budget.characters -= piece.length + 1;
    if (at.budget.characters < 0) return undefined;
    out += piece;
  }
  return out;
}

function variable(name: string, at: Expansion, depth: number): string | undefined {
  if (name === 'CURDIR') return at.folder;
  // A function call ($(shell ...), $(wildcard ...)) or a name this reader does not know.
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) || depth >= MAX_VARIABLE_DEPTH) return undefined;
  const value = at.rule.variables.get(name) ?? at.makefile.variables.get(name);
  return value === undefined ? undefined : expand(value, at, depth + 1);
}
