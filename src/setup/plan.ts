// What each setup step returns: the files it would write and what it has to tell the user.
// Steps only plan; `init` shows the plan (--dry-run) or applies it, and records it for `uninstall`.

/** How `uninstall` takes a change back out of a file the user may have edited since. */
export type RemovalKind =
  /** Lines between `>>> bulwark` and `<<< bulwark` markers (any comment style). */
  | 'marked-blocks'
  /** bulwark's hook entries and the permission rules init added (Claude Code settings). */
  | 'claude-settings'
  /** Entries named `bulwark-*` in a YAML hook-manager config (lefthook, pre-commit). */
  | 'yaml-entries'
  /** A file bulwark wrote whole (the project policy): removed only if nobody edited it since. */
  | 'whole-file';

export interface AddedSettings {
  deny: string[];
  ask: string[];
  scalars: string[];
  /** Keys init created (`hooks`, `permissions`, `permissions.deny`): removed again when left empty. */
  createdKeys: string[];
}

export interface FileChange {
  /** Absolute path. */
  file: string;
  /** undefined: the file does not exist yet. */
  before: string | undefined;
  after: string;
  /** Mode for a file this change creates (git hooks are 0o755). */
  mode?: number;
  removal: RemovalKind;
  /** For 'claude-settings': what the change added, so uninstall takes out that and no more. */
  settingsAdded?: AddedSettings;
  /** One line for the report: what the change is for. */
  why: string;
}

export type NoticeLevel = 'info' | 'warn';

export interface Notice {
  level: NoticeLevel;
  message: string;
  /** A command or edit that resolves it. */
  fix?: string;
}

export interface StepResult {
  changes: FileChange[];
  notices: Notice[];
}

export function emptyStep(): StepResult {
  return { changes: [], notices: [] };
}

/** A change only when the content differs: a second `init` must write nothing. */
export function changeIfDifferent(change: FileChange): FileChange[] {
  return change.before === change.after ? [] : [change];
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export type CheckLayer = 'agent' | 'secrets' | 'git' | 'supply-chain' | 'system' | 'audit';

/** One `bulwark doctor` check. `weight` counts toward the score unless the status is 'skip'. */
export interface Check {
  id: string;
  layer: CheckLayer;
  title: string;
  status: CheckStatus;
  weight: number;
  /** What was found. */
  detail: string;
  /** Why it matters (shown when the check does not pass). */
  why: string;
  /** The command or edit that fixes it. */
  fix?: string;
}
