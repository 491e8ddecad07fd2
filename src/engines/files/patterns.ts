// Policy path lists compiled once per policy and project: anchored to absolute form, braces
// expanded, each keeping the policy entry (and so the file and line) it came from.

import { resolve } from 'node:path';
import type { Source } from '../../core/decision';
import { anchorPattern, compileGlob, escapeGlob, type Glob, globMatches } from '../../core/glob';
import { lazy } from '../../core/lazy';
import type { EffectivePolicy, Sourced } from '../../policy/types';
import type { JudgeContext, SelfPaths } from '../context';
import { expandHome } from './paths';

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

/** Each list is compiled on first use: a Read needs two of them, never all. */
export interface PatternSets {
  secret(): CompiledPattern[];
  secretExceptions(): CompiledPattern[];
  persistence(): CompiledPattern[];
  protected(): CompiledPattern[];
  /** bulwark's and Claude Code's own files, protected whatever the policy says. */
  self(): CompiledPattern[];
  /** Project root, policy additionalDirectories and the agent's own extra directories. */
  writableRoots: string[];
}

const builtIn: Source = { layer: 'built-in', file: 'bulwark', line: 0 };

function compileList(entries: readonly Sourced<string>[], context: JudgeContext): CompiledPattern[] {
  return entries.map((entry) =>
    compiled(entry.value, anchorPattern(entry.value, context), entry.source, context.caseInsensitivePaths),
  );
}

/** A pattern built into bulwark: a literal path, optionally followed by a glob (`/**`). */
function builtInPattern(path: string, context: JudgeContext, tail = ''): CompiledPattern {
  return compiled(`${path}${tail}`, `${escapeGlob(path)}${tail}`, builtIn, context.caseInsensitivePaths);
}

/** Protected whatever the policy says: bulwark's own files, and Claude Code's wherever they are. */
export function builtInProtections(self: SelfPaths): {
  writes: Array<[string, string?]>;
  reads: Array<[string, string?]>;
} {
  return {
    writes: [
      [self.userPolicy],
      [self.managedPolicy],
      [self.auditDir, '/**'],
      [self.cacheDir, '/**'],
      [self.installRecordsDir, '/**'],
      [`${self.installDir}/dist`, '/**'],
      [`${self.installDir}/bin`, '/**'],
      [self.claudeConfigDir, '/settings*.json'],
      [`${self.claudeConfigDir}/.claude.json`],
    ],
    reads: [[`${self.claudeConfigDir}/.credentials.json`], [self.installRecordsDir, '/**']],
  };
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
  const builtIns = builtInProtections(context.selfPaths);
  const sets: PatternSets = {
    secret: lazy(() => [
      ...compileList(policy.files.secretFiles, context),
      ...builtIns.reads.map(([path, tail]) => builtInPattern(path, context, tail)),
    ]),
    secretExceptions: lazy(() => compileList(policy.files.secretFileExceptions, context)),
    persistence: lazy(() => compileList(policy.files.persistenceFiles, context)),
    protected: lazy(() => compileList(policy.files.protectedFiles, context)),
    self: lazy(() => builtIns.writes.map(([path, tail]) => builtInPattern(path, context, tail))),
    writableRoots: [
      context.projectRoot,
      ...policy.files.additionalDirectories.map((entry) =>
        resolve(context.projectRoot, expandHome(entry.value, context.home)),
      ),
    ],
  };
  perPolicy.set(key, sets);
  return sets;
}

function patternMatches(entry: CompiledPattern, path: string): boolean {
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
    const exempt = firstMatch(sets.secretExceptions(), [path]) !== undefined;
    const hit = sets
      .secret()
      .find((entry) => (!exempt || entry.source.layer !== 'profile') && patternMatches(entry, path));
    if (hit) return hit;
  }
  return undefined;
}
