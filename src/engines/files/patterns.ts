// Policy path lists compiled once per policy and project: anchored to absolute form, braces
// expanded, each keeping the policy entry (and so the file and line) it came from.
import type { Source } from '../../core/decision';
import { anchorPattern, compileGlob, type Glob, globMatches } from '../../core/glob';
import { lazy } from '../../core/lazy';
import type { EffectivePolicy, Sourced } from '../../policy/types';
import type { JudgeContext } from '../context';

export interface CompiledPattern {
  pattern: string;
  source: Source;
  /** Compiled on first use: most patterns are ruled out by `prefix` alone. */
  readonly globs: Glob[];
  /** The anchored pattern up to its first wildcard: a path not starting with it cannot match. */
  prefix: string;
  caseInsensitive: boolean;
}

function compiled(
  pattern: string,
  anchored: string,
  source: Source,
  caseInsensitive: boolean,
): CompiledPattern {
  let globs: Glob[] | undefined;
  const wildcard = anchored.search(/[*?[{\\]/);
  const prefix = wildcard < 0 ? anchored : anchored.slice(0, wildcard);
  return {
    pattern,
    source,
    prefix: caseInsensitive ? prefix.toLowerCase() : prefix,
    caseInsensitive,
    get globs() {
      globs ??= compileGlob(anchored, caseInsensitive);
      return globs;
    },
  };
}

export interface PatternSets {
  secret: CompiledPattern[];
  secretExceptions: CompiledPattern[];
  persistence: CompiledPattern[];
  protected: CompiledPattern[];
  /** bulwark's own files, protected whatever the policy says. */
  self: CompiledPattern[];
  /** Project root, policy additionalDirectories and the agent's own extra directories. */
  writableRoots: string[];
}

const builtIn: Source = { layer: 'built-in', file: 'bulwark', line: 0 };

function compileList(entries: readonly Sourced<string>[], context: JudgeContext): CompiledPattern[] {
  return entries.map((entry) =>
    compiled(entry.value, anchorPattern(entry.value, context), entry.source, context.caseInsensitivePaths),
  );
}

function literal(path: string, context: JudgeContext, withContents: boolean): CompiledPattern {
  const pattern = withContents ? `${path}/**` : path;
  return compiled(pattern, escapeGlob(pattern, withContents), builtIn, context.caseInsensitivePaths);
}

function escapeGlob(path: string, keepTrailingGlobstar: boolean): string {
  const body = keepTrailingGlobstar ? path.slice(0, -3) : path;
  const escaped = body.replace(/[*?[\]{}\\]/g, '\\$&');
  return keepTrailingGlobstar ? `${escaped}/**` : escaped;
}

const cache = new WeakMap<EffectivePolicy, Map<string, PatternSets>>();

export function patternSets(policy: EffectivePolicy, context: JudgeContext): PatternSets {
  const key = `${context.home}\0${context.projectRoot}\0${context.caseInsensitivePaths}`;
  let perPolicy = cache.get(policy);
  if (!perPolicy) {
    perPolicy = new Map();
    cache.set(policy, perPolicy);
  }
  const cached = perPolicy.get(key);
  if (cached) return cached;
  const self = context.selfPaths;
  // A Read needs two of these lists, never all of them.
  const lists = {
    secret: lazy(() => compileList(policy.files.secretFiles, context)),
    secretExceptions: lazy(() => compileList(policy.files.secretFileExceptions, context)),
    persistence: lazy(() => compileList(policy.files.persistenceFiles, context)),
    protected: lazy(() => compileList(policy.files.protectedFiles, context)),
    self: lazy(() => [
      literal(self.userPolicy, context, false),
      literal(self.managedPolicy, context, false),
      literal(self.auditDir, context, true),
      literal(self.cacheDir, context, true),
      literal(`${self.installDir}/dist`, context, true),
      literal(`${self.installDir}/bin`, context, true),
    ]),
  };
  const sets: PatternSets = {
    get secret() {
      return lists.secret();
    },
    get secretExceptions() {
      return lists.secretExceptions();
    },
    get persistence() {
      return lists.persistence();
    },
    get protected() {
      return lists.protected();
    },
    get self() {
      return lists.self();
    },
    writableRoots: [
      context.projectRoot,
      ...policy.files.additionalDirectories.map((entry) => anchorPattern(entry.value, context)),
    ],
  };
  perPolicy.set(key, sets);
  return sets;
}

export function patternMatches(entry: CompiledPattern, path: string): boolean {
  const folded = entry.caseInsensitive ? path.toLowerCase() : path;
  return folded.startsWith(entry.prefix) && entry.globs.some((glob) => globMatches(glob, path));
}

export function firstMatch(
  list: readonly CompiledPattern[],
  paths: readonly string[],
): CompiledPattern | undefined {
  return list.find((entry) => paths.some((path) => patternMatches(entry, path)));
}

/**
 * The secret pattern a path matches, if any. An exception only exempts a path from the built-in
 * profile's list: a secret file named by a managed, user or project policy stays secret.
 */
export function secretMatch(sets: PatternSets, paths: readonly string[]): CompiledPattern | undefined {
  for (const path of paths) {
    const exempt = firstMatch(sets.secretExceptions, [path]) !== undefined;
    const hit = sets.secret.find(
      (entry) => (!exempt || entry.source.layer !== 'profile') && patternMatches(entry, path),
    );
    if (hit) return hit;
  }
  return undefined;
}
