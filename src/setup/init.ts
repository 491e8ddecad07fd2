// `bulwark init`: plan every step of the secure setup of a repository, then apply the plan and
// record it for `uninstall`. Each step only plans (a list of file changes and notices), so
// `--dry-run` shows exactly what would be written, and a second init finds nothing to change.
import { existsSync, lstatSync, realpathSync, type Stats } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { claudeConfigDir, hookCommand } from '../adapters/claude-code/settings';
import { UserError } from '../core/errors';
import { type Environment, installRecordsDir } from '../policy/locate';
import type { ProfileName } from '../policy/types';
import { planClaudeMd } from './claude-md';
import { planClaudeSettings } from './claude-settings';
import { environmentVariableNames } from './env-names';
import { planGitHooks } from './git-hooks/install';
import { planGitignore } from './gitignore';
import {
  missingDirectories,
  originalsDir,
  readInstallRecord,
  recordChanges,
  recordPath,
  writeAtomically,
} from './install-record';
import { detectPackageManagers, hardenPackageManagers } from './package-managers';
import { emptyStep, type FileChange, type Notice, type StepResult } from './plan';
import { planPolicyFile } from './policy-file';
import { inspectRepository, type RepositoryFacts, readOptional } from './repository';

export type InitStep = 'policy' | 'claude' | 'gitignore' | 'git-hooks' | 'package-managers' | 'claude-md';

export const INIT_STEPS: readonly InitStep[] = [
  'policy',
  'claude',
  'gitignore',
  'git-hooks',
  'package-managers',
  'claude-md',
];

export interface InitOptions {
  projectDir: string;
  profile: ProfileName;
  global: boolean;
  steps: readonly InitStep[];
  environment: Environment;
  nodePath: string;
  binPath: string;
}

export interface InitPlan {
  facts: RepositoryFacts;
  changes: FileChange[];
  notices: Notice[];
}

function step(options: InitOptions, facts: RepositoryFacts, name: InitStep): StepResult {
  const { root } = facts;
  const install = { nodePath: options.nodePath, binPath: options.binPath };
  switch (name) {
    case 'policy':
      return planPolicyFile(root, options.profile);
    case 'claude': {
      const file = options.global
        ? join(claudeConfigDir(options.environment.home, options.environment.vars), 'settings.json')
        : join(root, '.claude', 'settings.json');
      return planClaudeSettings(
        file,
        options.profile,
        hookCommand(options.nodePath, options.binPath),
        readOptional,
      );
    }
    case 'gitignore':
      return facts.isGitRepository ? planGitignore(root, facts.trackedFiles, readOptional) : emptyStep();
    case 'git-hooks':
      return planGitHooks(facts, install, readOptional);
    case 'package-managers':
      return hardenPackageManagers(detectPackageManagers(root, facts.files, readOptional), readOptional);
    case 'claude-md': {
      const names = environmentVariableNames(
        root,
        [...new Set([...facts.files, ...facts.envFiles])],
        readOptional,
      );
      return planClaudeMd(root, names, readOptional);
    }
  }
}

/**
 * A step that meets a file it cannot handle (invalid YAML, a directory where a file belongs) is
 * skipped with a warning naming the file; the other steps still run. A user error (settings JSON
 * Claude Code itself rejects) stops init.
 */
function guardedStep(options: InitOptions, facts: RepositoryFacts, name: InitStep): StepResult {
  try {
    return step(options, facts, name);
  } catch (error) {
    if (error instanceof UserError) throw error;
    return {
      changes: [],
      notices: [
        {
          level: 'warn',
          message: `step ${name} skipped: ${(error as Error).message}`,
          fix: `fix that, then bulwark init again`,
        },
      ],
    };
  }
}

export function planInit(options: InitOptions): InitPlan {
  const facts = inspectRepository(options.projectDir);
  if (realResolved(facts.root) === realResolved(options.environment.home))
    throw new UserError(
      `${facts.root} is your home directory: init edits a project's files (.gitignore, .npmrc, .claude/settings.json), and here they would be your global ones`,
      'run bulwark init inside a project; bulwark init --global registers the Claude Code hooks for every project',
    );
  const changes: FileChange[] = [];
  const notices: Notice[] = [];
  if (!facts.isGitRepository)
    notices.push({
      level: 'warn',
      message: `${facts.root} is not a git repository: the agent is guarded, but there are no git hooks or .gitignore checks`,
      fix: 'git init, then bulwark init again',
    });
  for (const name of INIT_STEPS) {
    if (!options.steps.includes(name)) continue;
    const result = guardedStep(options, facts, name);
    for (const change of result.changes) {
      const refusal = linkRefusal(change.file, allowedRoots(options, facts));
      if (refusal) notices.push(refusal);
      else changes.push(change);
    }
    notices.push(...result.notices);
  }
  return { facts, changes, notices };
}

/** Where init may write, as real paths: the project, git's hooks directory, Claude Code's (--global). */
function allowedRoots(options: InitOptions, facts: RepositoryFacts): string[] {
  const roots = [facts.root, facts.hooksDir];
  if (options.global) roots.push(claudeConfigDir(options.environment.home, options.environment.vars));
  return roots.filter((root): root is string => root !== undefined).map(realResolved);
}

/** The real path of `path`, through its nearest existing ancestor (the rest may not exist yet). */
function realResolved(path: string): string {
  let existing = path;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  let real = existing;
  try {
    real = realpathSync(existing);
  } catch {
    // Unresolvable: compared as written.
  }
  return join(real, relative(existing, path));
}

/**
 * A file that is a symbolic link is not edited: a repository could link CLAUDE.md or .npmrc to
 * ~/.ssh/id_rsa or ~/.npmrc, and init would copy the target into a file of the repository.
 */
function linkRefusal(file: string, roots: readonly string[]): Notice | undefined {
  const parent = realResolved(dirname(file));
  const inside = roots.some((root) => parent === root || parent.startsWith(`${root}/`));
  if (!inside)
    return {
      level: 'warn',
      message: `${file} lies behind a linked directory (it resolves to ${parent}): bulwark left it alone`,
      fix: 'replace the link with a regular directory and run bulwark init again',
    };
  let stats: Stats;
  try {
    stats = lstatSync(file);
  } catch {
    return undefined;
  }
  if (stats.isFile()) return undefined;
  if (!stats.isSymbolicLink())
    return {
      level: 'warn',
      message: `${file} is not a regular file: bulwark left it alone`,
      fix: 'make it a regular file and run bulwark init again',
    };
  return {
    level: 'warn',
    message: `${file} is a symbolic link: bulwark does not edit files through links, so it left it alone`,
    fix: 'replace the link with a regular file and run bulwark init again, or make the change in the target yourself',
  };
}

/** Writes the plan and records it; returns where the record is. */
export function applyInit(plan: InitPlan, environment: Environment): string {
  const recordsDir = installRecordsDir(environment);
  const path = recordPath(recordsDir, plan.facts.root);
  const record = readInstallRecord(path) ?? {
    version: 1 as const,
    projectRoot: plan.facts.root,
    files: [],
    createdDirectories: [],
  };
  const createdDirectories = plan.changes.flatMap((change) => missingDirectories(change.file));
  // The record (with the originals) is written before any file: an interrupted init can be undone.
  const next = recordChanges(record, plan.changes, originalsDir(path), createdDirectories);
  writeAtomically(path, `${JSON.stringify(next, null, 2)}\n`);
  for (const change of plan.changes) writeAtomically(change.file, change.after, change.mode);
  return path;
}
