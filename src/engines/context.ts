// What engines may know about the world: given to them, never looked up on their own, so that
// `explain`, the hook and tests all judge through the same inputs.

import { claudeConfigDir } from '../adapters/claude-code/settings';
import type { Deadline } from '../core/deadline';
import { lazy } from '../core/lazy';
import {
  cacheDir,
  type Environment,
  installRecordsDir,
  managedPolicyPath,
  userPolicyPath,
} from '../policy/locate';
import { type FileView, realFileView } from './files/fs-view';

export interface JudgeContext {
  cwd: string;
  projectRoot: string;
  home: string;
  /** macOS and Windows file systems ignore case, so patterns must too. */
  caseInsensitivePaths: boolean;
  fs: FileView;
  deadline: Deadline;
  /** bulwark's own files: policies, audit log, cache, installation. Always write-protected. */
  selfPaths: SelfPaths;
  /** Directories the agent was granted besides the project (Claude Code's additionalDirectories). */
  agentDirectories(): string[];
  /** The environment the agent's shell inherits: `$HOME`, `$TMPDIR`... in shell commands. */
  vars: Readonly<Record<string, string | undefined>>;
}

export interface SelfPaths {
  userPolicy: string;
  managedPolicy: string;
  auditDir: string;
  cacheDir: string;
  /** What `bulwark init` changed and the originals (uninstall acts on it; originals may hold tokens). */
  installRecordsDir: string;
  installDir: string;
  /** Claude Code's own directory: $CLAUDE_CONFIG_DIR, else ~/.claude. */
  claudeConfigDir: string;
}

export interface ContextOptions {
  cwd: string;
  projectRoot: string;
  environment: Environment;
  deadline: Deadline;
  auditDir: string;
  agentDirectories: () => string[];
}

/** The context for judging on this machine, with the real file system. */
export function createJudgeContext(options: ContextOptions): JudgeContext {
  const { environment } = options;
  return {
    cwd: options.cwd,
    projectRoot: options.projectRoot,
    home: environment.home,
    caseInsensitivePaths: environment.platform === 'darwin' || environment.platform === 'win32',
    fs: realFileView,
    deadline: options.deadline,
    selfPaths: {
      userPolicy: userPolicyPath(environment),
      managedPolicy: managedPolicyPath(environment),
      auditDir: options.auditDir,
      cacheDir: cacheDir(environment),
      installRecordsDir: installRecordsDir(environment),
      installDir: environment.installDir,
      claudeConfigDir: claudeConfigDir(environment.home, environment.vars),
    },
    agentDirectories: lazy(options.agentDirectories),
    vars: environment.vars,
  };
}
