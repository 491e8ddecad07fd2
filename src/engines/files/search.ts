// Would a Grep read, or a Glob list, a secret file? Secret patterns are expanded against the real
// file system under the search root, guided by each glob's own structure; patterns that match at
// any depth (`.env`, `*.pem`) are answered by git where ripgrep would honour .gitignore.
import { dirname, join } from 'node:path';
import {
  compileGlob,
  escapeGlob,
  type Glob,
  globCouldMatchInside,
  globMatches,
  literalPrefix,
  splitPath,
} from '../../core/glob';
import type { JudgeContext } from '../context';
import { isInside } from './paths';
import { type CompiledPattern, type PatternSets, secretMatch } from './patterns';

export type SearchScan =
  | { kind: 'clean' }
  | { kind: 'hit'; file: string; pattern: CompiledPattern }
  | { kind: 'incomplete'; detail: string };

const MAX_ENTRIES = 20_000;
/** Not worth descending into while looking for a user's own secrets. */
const SKIPPED_NAMES = new Set(['.git', 'node_modules']);
const VIRTUAL_DIRECTORIES = new Set(['/proc', '/sys', '/dev']);

type Accept = (file: string) => SearchScan | undefined;

class EntryBudget {
  private entries = 0;
  exhausted = false;
  constructor(private readonly context: JudgeContext) {}
  spend(count: number): boolean {
    this.entries += count;
    if (this.entries > MAX_ENTRIES) this.exhausted = true;
    this.context.deadline.check('checking a search for secret files');
    return !this.exhausted;
  }
}

/**
 * A Grep `glob` filter. ripgrep matches a pattern without `/` against the file name; one with `/`
 * is anchored where ripgrep runs, which may be the agent's working directory rather than the search
 * root, so both are tried and only a file excluded either way counts as excluded.
 */
export function includeFilter(
  include: string | undefined,
  roots: readonly string[],
  caseInsensitive: boolean,
) {
  if (!include) return () => true;
  const negated = include.startsWith('!');
  const body = negated ? include.slice(1) : include;
  const globs = body.includes('/')
    ? roots.flatMap((root) =>
        compileGlob(`${escapeGlob(root)}/${body.replace(/^\.?\//, '')}`, caseInsensitive),
      )
    : compileGlob(`/**/${body}`, caseInsensitive);
  return negated
    ? (file: string) => !globs.every((glob) => globMatches(glob, file))
    : (file: string) => globs.some((glob) => globMatches(glob, file));
}

function isAnywhere(glob: Glob): boolean {
  return glob.segments[0]?.kind === 'globstar';
}

/** The first file under `root` that a secret pattern (and the include filter) matches. */
export function scanForSecrets(
  root: string,
  sets: PatternSets,
  include: (file: string) => boolean,
  context: JudgeContext,
): SearchScan {
  const budget = new EntryBudget(context);
  const accept: Accept = (file) => {
    const pattern = include(file) ? secretMatch(sets, [file]) : undefined;
    return pattern ? { kind: 'hit', file, pattern } : undefined;
  };
  const anchored = sets.secret().flatMap((entry) => entry.globs.filter((glob) => !isAnywhere(glob)));
  const anywhere = sets.secret().flatMap((entry) => entry.globs.filter(isAnywhere));

  for (const glob of anchored) {
    const found = expand(glob, root, context, budget, accept);
    if (found) return found;
  }
  if (anywhere.length > 0) {
    const found = scanAnywhere(root, anywhere, accept, context, budget, 0);
    if (found) return found;
  }
  return budget.exhausted
    ? { kind: 'incomplete', detail: `more than ${MAX_ENTRIES} entries to look through` }
    : { kind: 'clean' };
}

const NESTED_REPOSITORIES = ':(glob)**/';
const MAX_NESTED_DEPTH = 4;

function gitPathspecs(globs: readonly Glob[], context: JudgeContext): string[] {
  const magic = context.caseInsensitivePaths ? ':(glob,icase)' : ':(glob)';
  return [...globs.map((glob) => `${magic}**/${splitPath(glob.source).at(-1) ?? ''}`), NESTED_REPOSITORIES];
}

/**
 * Secret files that match anywhere (`.env`, `*.pem`), as ripgrep would meet them under `root`: in a
 * git work tree, the files git does not ignore, then the same inside nested repositories and
 * submodules (ripgrep searches those too); elsewhere, a bounded walk.
 */
function scanAnywhere(
  root: string,
  anywhere: readonly Glob[],
  accept: Accept,
  context: JudgeContext,
  budget: EntryBudget,
  depth: number,
): SearchScan | undefined {
  const listing =
    depth > MAX_NESTED_DEPTH
      ? 'failed'
      : context.fs.gitListFiles(root, gitPathspecs(anywhere, context), context.deadline.remainingMs());
  if (typeof listing !== 'object') {
    for (const glob of anywhere) {
      const found = expand(glob, root, context, budget, accept);
      if (found) return found;
    }
    return undefined;
  }
  const nested = submodulesUnder(root, context);
  for (const entry of listing.files) {
    if (entry.endsWith('/')) nested.push(join(root, entry));
    else {
      const found = accept(join(root, entry));
      if (found) return found;
    }
  }
  for (const dir of nested) {
    const found = scanAnywhere(dir, anywhere, accept, context, budget, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Submodule directories under `root`, from the .gitmodules of the repository holding it. */
function submodulesUnder(root: string, context: JudgeContext): string[] {
  let top = root;
  while (!context.fs.lstat(join(top, '.git'))) {
    const parent = dirname(top);
    if (parent === top) return [];
    top = parent;
  }
  const text = context.fs.readText(join(top, '.gitmodules'), 256 * 1024) ?? '';
  return [...text.matchAll(/^\s*path\s*=\s*(.+?)\s*$/gm)]
    .map((match) => join(top, match[1] as string))
    .filter((dir) => dir !== root && isInside(dir, root, context.caseInsensitivePaths));
}

/**
 * Files inside `root` that `glob` matches. The walk starts at the deeper of the root and the
 * glob's literal prefix, descends only where the glob can still match, and does not follow
 * symlinked directories (neither does ripgrep).
 */
function expand(glob: Glob, root: string, context: JudgeContext, budget: EntryBudget, accept: Accept) {
  const ci = context.caseInsensitivePaths;
  const prefix = literalPrefix(glob);
  let start: string;
  if (isInside(prefix, root, ci)) start = prefix;
  else if (isInside(root, prefix, ci)) start = root;
  else return undefined;

  if (glob.segments.every((segment) => segment.kind === 'pattern' && segment.literal !== undefined)) {
    return context.fs.stat(prefix)?.isFile ? accept(prefix) : undefined;
  }
  const stack = [start];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    const entries = context.fs.readdir(dir);
    if (!entries) continue;
    if (!budget.spend(entries.length)) return undefined;
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) {
        const skipped = SKIPPED_NAMES.has(entry.name) || VIRTUAL_DIRECTORIES.has(path);
        if (!skipped && globCouldMatchInside(glob, path)) stack.push(path);
      } else if (globMatches(glob, path)) {
        const found = accept(path);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/**
 * Does a Glob aim at secret file names? `**\/*.pem` and `.env*` do; `**\/*` does not, unless it
 * lists a directory where a secret pattern lives (`~/.ssh/*`).
 */
export function globTargetsSecrets(
  root: string,
  pattern: string,
  sets: PatternSets,
  context: JudgeContext,
): CompiledPattern | undefined {
  const last = splitPath(pattern).at(-1) ?? '*';
  const nameGlobs = compileGlob(`/${last}`, context.caseInsensitivePaths);
  const specific = (last.match(/[A-Za-z0-9]/g)?.length ?? 0) >= 2;
  return sets.secret().find((entry) =>
    entry.globs.some((glob) => {
      const relevant = isAnywhere(glob) ? specific : globCouldMatchInside(glob, root);
      return relevant && probeNames(glob).some((probe) => nameGlobs.some((g) => globMatches(g, `/${probe}`)));
    }),
  );
}

/** Sample names a pattern's last segment matches: `*.pem` → `.pem`, `x.pem`; `**` → `x`. */
function probeNames(glob: Glob): string[] {
  const last = splitPath(glob.source).at(-1) ?? '';
  if (last === '**') return ['x'];
  const classesResolved = last.replace(/\[!?([^\]])[^\]]*\]/g, '$1');
  return [classesResolved.replace(/[*?]/g, ''), classesResolved.replace(/[*?]/g, 'x')].filter(Boolean);
}
