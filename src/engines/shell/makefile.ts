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
const VALUED_LETTERS = new Set(['C', 'f', 'I', 'o', 'W', 'E']);
/** Options whose value is optional and numeric (`-j 4`, `-l 2`). */
const NUMERIC_LETTERS = new Set(['j', 'l']);
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
  /** As written: expanded when the rule is used, as make does. */
  prerequisites: string[];
  /** Recipe blocks: the lines under one rule line, shared by every target that line names. */
  recipe: string[][];
  /** Target-specific variables (`target: VAR = value`). */
  variables: Map<string, string>;
}

/** A variable whose value depends on what bulwark does not know (set in a conditional branch). */
const UNKNOWN_VALUE = '\u0000unknown';

interface Makefile {
  variables: Map<string, string>;
  rules: Map<string, Rule>;
  firstTarget: string | undefined;
  /** An include not followed or a target name make computes: any recipe may come from there. */
  unknownRules: boolean;
  /** `.ONESHELL:` runs all of a recipe in one shell; `.RECIPEPREFIX` changes how recipes are read. */
  oneShell: boolean;
  unreadable: string | undefined;
  /** Shell code make runs while reading the Makefile (`X := $(shell ...)`). */
  parseTime: string[];
  /** Every file read, to tell when make would remake one of them first. */
  files: string[];
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
    if (arg.startsWith('--') && arg !== '--environment-overrides') {
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
        // -e: the environment overrides the Makefile, and bulwark does not see the environment.
        if (letter === 'e') run.unknown = 'make -e lets the environment override the Makefile';
        if (NUMERIC_LETTERS.has(letter)) {
          if (at === arg.length - 1 && /^\d+$/.test(args[i + 1] ?? '')) i++;
          break;
        }
        if (VALUED_LETTERS.has(letter)) {
          option(letter, at + 1 < arg.length ? arg.slice(at + 1) : (args[++i] ?? ''));
          break;
        }
      }
    } else if (arg === '--environment-overrides') {
      run.unknown = 'make -e lets the environment override the Makefile';
    } else {
      const assignment = parseAssignment(arg);
      if (assignment) run.overrides.set(assignment.name, assignment.value);
      else run.targets.push(arg);
    }
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
  if (makefile.variables.has('.SHELLFLAGS'))
    return [{ unknown: 'the Makefile changes the flags of its shell' }];
  if (
    makefile.files.some((file) =>
      [...makefile.rules.keys()].some((target) => resolve(run.folder, target) === file),
    )
  )
    return [{ unknown: 'make would remake the Makefile itself first' }];
  if (makefile.unknownRules) {
    return [{ unknown: 'a recipe may come from an include or a rule bulwark cannot read' }];
  }
  const parseTime = makefile.parseTime.map((code) => ({
    cwd: run.folder,
    source: `${files[0]} (read)`,
    code,
  }));
  return [...parseTime, ...recipesOf(makefile, run, fs, files[0] as string)];
}

function recipesOf(makefile: Makefile, run: Invocation, fs: FileView, source: string): ProjectCode[] {
  const budget = { characters: MAX_EXPANDED };
  const defaultGoal = makefile.variables.get('.DEFAULT_GOAL');
  const first = defaultGoal === undefined ? makefile.firstTarget : defaultGoal.trim();
  const wanted = run.targets.length ? run.targets : first ? [first] : [];
  const recipes: ProjectCode[] = [];
  const visited = new Set<string>();
  // A target's own variables apply to its prerequisites too, as make passes them down.
  const visit = (target: string, inherited: ReadonlyMap<string, string>) => {
    if (visited.has(target)) return;
    if (visited.size >= MAX_TARGETS) {
      recipes.push({ unknown: `more than ${MAX_TARGETS} targets to build` });
      return;
    }
    visited.add(target);
    const found = makefile.rules.get(target);
    if (!found) {
      // No rule: make uses a built-in or pattern rule (or .DEFAULT) unless the file is there.
      if (!fs.lstat(resolve(run.folder, target))) {
        recipes.push({ unknown: `make builds ${target} with a rule bulwark cannot read` });
      }
      return;
    }
    const rule = { ...found, variables: new Map([...inherited, ...found.variables]) };
    const at = { makefile, rule, target, folder: run.folder, budget };
    const shell = variableValue('SHELL', at);
    if (shell === undefined || !SHELLS.test(shell.trim())) {
      recipes.push({
        unknown: `the Makefile runs the recipe of ${target} with ${shell ?? 'a computed shell'}`,
      });
      return;
    }
    for (const written of rule.prerequisites) {
      const expanded = written.includes('$') ? expand(written, at, 0) : written;
      if (expanded === undefined) {
        recipes.push({ unknown: `a prerequisite of ${target} that make computes` });
        return;
      }
      for (const prerequisite of expanded.split(/\s+/).filter(Boolean)) visit(prerequisite, rule.variables);
    }
    const lines: string[] = [];
    for (const line of rule.recipe.flat()) {
      const forced = /^[\s@-]*\+/.test(line) || /\$[({]MAKE[)}]/.test(line);
      if (run.dryRun && !forced) continue;
      const expanded = expand(line.replace(/^[\s@+-]+/, ''), at, 0);
      if (expanded === undefined) {
        recipes.push({ unknown: `a recipe line of ${target} that make computes` });
        return;
      }
      lines.push(expanded);
    }
    const where = `${source} (${target})`;
    if (makefile.oneShell && lines.length)
      recipes.push({ cwd: run.folder, source: where, code: lines.join('\n') });
    else for (const code of lines) recipes.push({ cwd: run.folder, source: where, code });
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
    parseTime: [],
    files: [],
  };
}

function readInto(makefile: Makefile, file: string, fs: FileView, depth: number): void {
  makefile.files.push(file);
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
  let current: string[] | undefined;
  let defineDepth = 0;
  let conditionalDepth = 0;
  // Backslash-newline continues a line, in recipes and elsewhere.
  for (const line of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    if (defineDepth > 0) {
      // A `define` body ends at `endef` (not a recipe line); defines nest.
      if (/^ *endef\b/.test(line)) defineDepth--;
      else if (/^ *(?:(?:override|export|private)\s+)*define\s/.test(line)) defineDepth++;
      continue;
    }
    if (line.startsWith('\t') && current) {
      current.push(line.slice(1));
      continue;
    }
    const content = withoutComment(line).trim();
    if (!content) continue;
    // Conditionals may sit inside a recipe: every branch is kept, as either may run.
    if (/^(?:ifeq|ifneq|ifdef|ifndef)\b/.test(content)) {
      conditionalDepth++;
      continue;
    }
    if (/^else\b/.test(content)) continue;
    if (/^endif\b/.test(content)) {
      conditionalDepth = Math.max(0, conditionalDepth - 1);
      continue;
    }
    current = undefined;
    collectParseTimeShell(makefile, content);
    const assignment = parseAssignment(content);
    if (assignment) {
      // Set in one branch of a conditional: which value make keeps is not known here.
      assign(
        makefile.variables,
        conditionalDepth > 0 ? { ...assignment, kind: '', value: UNKNOWN_VALUE } : assignment,
      );
      continue;
    }
    const define = /^(?:(?:override|export|private)\s+)*define\s+([^\s:?+!=]+)/.exec(content);
    if (define) {
      // A multi-line variable: its value stays unknown, so a recipe using it asks.
      makefile.variables.set(define[1] as string, UNKNOWN_VALUE);
      defineDepth = 1;
      continue;
    }
    const includes = /^(-|s)?include\s+(.*)$/.exec(content);
    if (includes) {
      for (const file of (includes[2] ?? '').split(/\s+/).filter(Boolean))
        include(file, includes[1] !== undefined);
      continue;
    }
    if (/^\.RECIPEPREFIX\b/.test(content)) makefile.unreadable = 'the Makefile changes its recipe prefix';
    current = parseRule(makefile, content);
  }
}

/** A rule line: its targets get the prerequisites, and the recipe block the lines below it fill. */
function parseRule(makefile: Makefile, content: string): string[] | undefined {
  // `targets: prerequisites ; inline recipe` (or `::`); found without a backtracking pattern.
  const colon = content.indexOf(':');
  if (colon <= 0) return undefined;
  const rest = content.slice(colon + (content[colon + 1] === ':' ? 2 : 1));
  const names = content.slice(0, colon).split(/\s+/).filter(Boolean);
  if (names.includes('.ONESHELL')) makefile.oneShell = true;
  const targetVariable = parseAssignment(rest.trim());
  const [prerequisites = '', inline] = rest.split(';', 2);
  const block: string[] = inline?.trim() ? [inline.trim()] : [];
  for (const target of names) {
    // A pattern rule (`%.o: %.c`) gives way to explicit ones; a computed name may be any target.
    if (target.includes('$')) makefile.unknownRules = true;
    if (target.includes('%') || target.includes('$')) continue;
    let rule = makefile.rules.get(target);
    if (!rule) {
      rule = { prerequisites: [], recipe: [], variables: new Map() };
      makefile.rules.set(target, rule);
    }
    if (targetVariable) {
      assign(rule.variables, targetVariable);
      continue;
    }
    for (const prerequisite of prerequisites.split(/\s+/)) {
      if (prerequisite && prerequisite !== '|') rule.prerequisites.push(prerequisite);
    }
    rule.recipe.push(block);
    if (!makefile.firstTarget && !target.startsWith('.')) makefile.firstTarget = target;
  }
  return targetVariable ? undefined : block;
}

/** Text up to the first `#` that is not escaped: make's comments start anywhere on a line. */
function withoutComment(line: string): string {
  for (let i = line.indexOf('#'); i >= 0; i = line.indexOf('#', i + 1)) {
    if (line[i - 1] !== '\\') return line.slice(0, i);
  }
  return line;
}

/**
 * `X := $(shell cmd)` and a bare `$(shell cmd)` run cmd while make reads the file, dry run or
 * not. Each body is kept to be judged; one that cannot be read makes the Makefile unreadable.
 */
function collectParseTimeShell(makefile: Makefile, content: string): void {
  const immediate = /^[^=]*(?::{1,2}=|!=)/.test(content) || !content.includes('=');
  if (!immediate) return;
  const calls = /\$[({]shell\s/g;
  for (let call = calls.exec(content); call; call = calls.exec(content)) {
    const open = content[call.index + 1] as string;
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    let end = call.index + 1;
    for (; end < content.length; end++) {
      if (content[end] === open) depth++;
      else if (content[end] === close && --depth === 0) break;
    }
    const body = content.slice(call.index + 2 + 'shell'.length, end).trim();
    if (body.includes('$')) makefile.unreadable = 'the Makefile runs a computed shell command as it is read';
    else makefile.parseTime.push(body);
  }
  // `X != cmd` runs cmd too.
  const bang = /^[^=]*!=(.*)$/.exec(content);
  if (bang?.[1]?.trim()) {
    if (bang[1].includes('$'))
      makefile.unreadable = 'the Makefile runs a computed shell command as it is read';
    else makefile.parseTime.push(bang[1].trim());
  }
}

interface Assignment {
  name: string;
  kind: string;
  value: string;
}

function parseAssignment(text: string): Assignment | undefined {
  const match =
    /^(?:(?:override|export|private|unexport)\s+)*([A-Za-z_.][A-Za-z0-9_.-]*)\s*([:?+!]{0,3})=(.*)$/.exec(
      text,
    );
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
  return value === undefined || value === UNKNOWN_VALUE ? undefined : expand(value, at, depth + 1);
}

function variableValue(name: string, at: Expansion): string | undefined {
  return variable(name, at, 0);
}
