// `bulwark init`, first part: the project policy and the Claude Code hook registration.
// (Git hooks, .gitignore, package-manager hardening and CLAUDE.md come with the setup issue.)
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { claudeConfigDir, hookCommand, withHooks } from '../adapters/claude-code/settings';
import { UserError } from '../core/errors';
import { findProjectRoot, projectPolicyPath } from '../policy/locate';
import type { ProfileName } from '../policy/types';

export interface InitOptions {
  projectDir: string;
  profile: ProfileName;
  global: boolean;
  home: string;
  vars: NodeJS.ProcessEnv;
  nodePath: string;
  binPath: string;
}

export interface PlannedChange {
  file: string;
  before: string | undefined;
  after: string;
  /** Where the original is copied before it is changed. */
  backup?: string;
}

export interface InitPlan {
  projectRoot: string;
  isGitRepository: boolean;
  changes: PlannedChange[];
  unchanged: string[];
}

function policyTemplate(profile: ProfileName): string {
  return `# bulwark project policy, committed with the repository.
# A project policy can only tighten: it may add secret files, protected files, denied domains and
# denied tools, and choose a stricter profile; user and managed policies decide what loosens.
# See the effective policy with \`bulwark policy show\`; validate with \`bulwark policy check\`.
profile: ${profile}

# files:
#   secretFiles: [config/credentials.yml]
#   protectedFiles: [deploy/**]
# net:
#   denyDomains: ["*.pastebin.com"]
`;
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

export function planInit(options: InitOptions): InitPlan {
  const projectRoot = findProjectRoot(options.projectDir);
  const isGitRepository = existsSync(join(projectRoot, '.git'));
  const changes: PlannedChange[] = [];
  const unchanged: string[] = [];

  const policyFile = projectPolicyPath(projectRoot);
  const policy = readOptional(policyFile);
  if (policy === undefined)
    changes.push({ file: policyFile, before: undefined, after: policyTemplate(options.profile) });
  else unchanged.push(policyFile);

  const settingsFile = options.global
    ? join(claudeConfigDir(options.home, options.vars), 'settings.json')
    : join(projectRoot, '.claude', 'settings.json');
  const before = readOptional(settingsFile);
  let settings: Record<string, unknown> = {};
  if (before !== undefined && before.trim() !== '') {
    try {
      settings = JSON.parse(before) as Record<string, unknown>;
    } catch (error) {
      throw new UserError(
        `${settingsFile} is not valid JSON (${(error as Error).message})`,
        'fix the file (Claude Code rejects it too) and run `bulwark init` again',
      );
    }
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
      throw new UserError(
        `${settingsFile} does not hold a JSON object`,
        'fix the file and run `bulwark init` again',
      );
    }
  }
  const after = `${JSON.stringify(withHooks(settings, hookCommand(options.nodePath, options.binPath)), null, 2)}\n`;
  if (after === before) unchanged.push(settingsFile);
  else
    changes.push({
      file: settingsFile,
      before,
      after,
      backup: before === undefined ? undefined : `${settingsFile}.bulwark-backup`,
    });
  return { projectRoot, isGitRepository, changes, unchanged };
}

export function applyInit(plan: InitPlan): void {
  for (const change of plan.changes) {
    mkdirSync(dirname(change.file), { recursive: true });
    if (change.backup && !existsSync(change.backup)) copyFileSync(change.file, change.backup);
    writeFileSync(change.file, change.after);
  }
}

export function describePath(file: string, projectRoot: string): string {
  const inside = relative(projectRoot, file);
  return inside.startsWith('..') ? file : inside;
}
