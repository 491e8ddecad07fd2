// `bulwark uninstall`: take out what `init` added. A file nobody touched since goes back to its
// original byte for byte (or away, if init created it); a file the user changed since keeps their
// changes and loses only bulwark's parts.
import { chmodSync, copyFileSync, readdirSync, rmdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { withoutPermissions } from '../adapters/claude-code/permissions';
import { withoutHooks } from '../adapters/claude-code/settings';
import { sha256Hex } from '../core/sha256';
import { type Environment, installRecordsDir } from '../policy/locate';
import { parseSettings, renderSettings } from './claude-settings';
import { withoutHookManagerEntries } from './git-hooks/install';
import {
  type InstallRecord,
  originalsDir,
  type RecordedFile,
  readInstallRecord,
  recordPath,
  writeAtomically,
} from './install-record';
import { removeBlocks } from './marked-block';
import { readOptional } from './repository';

export type UndoAction = 'restored' | 'deleted' | 'edited' | 'kept' | 'missing';

export interface UndoneFile {
  file: string;
  action: UndoAction;
  /** Why, when the file was kept or only edited. */
  note?: string;
}

export interface UninstallPlan {
  recordFile: string;
  files: Array<UndoneFile & { content?: string; restoreFrom?: string }>;
  directories: string[];
  /** What stays recorded (the shared files left in place), if anything. */
  remaining?: InstallRecord;
}

/** Text without bulwark's parts, by how the change was made. */
function withoutBulwark(entry: RecordedFile, text: string): string | undefined {
  switch (entry.removal) {
    case 'marked-blocks':
      return removeBlocks(text);
    case 'yaml-entries':
      return withoutHookManagerEntries(entry.file, text);
    case 'claude-settings': {
      const added = entry.settingsAdded ?? { deny: [], ask: [], scalars: [], createdKeys: [] };
      const settings = withoutPermissions(
        withoutHooks(parseSettings(entry.file, text), added.createdKeys.includes('hooks')),
        added,
      );
      return Object.keys(settings).length === 0 && entry.created ? '' : renderSettings(settings, text);
    }
    case 'whole-file':
      return undefined;
  }
}

function isEmpty(text: string): boolean {
  return text.trim() === '' || /^#!\/bin\/sh\s*$/.test(text.trim());
}

function planFile(entry: RecordedFile): UninstallPlan['files'][number] {
  const current = readOptional(entry.file);
  if (current === undefined) return { file: entry.file, action: 'missing', note: 'already removed' };
  if (sha256Hex(current) === entry.written && !entry.userEdits) {
    return entry.created || !entry.backup
      ? { file: entry.file, action: 'deleted' }
      : { file: entry.file, action: 'restored', restoreFrom: entry.backup };
  }
  const content = withoutBulwark(entry, current);
  if (content === undefined)
    return {
      file: entry.file,
      action: 'kept',
      note: 'changed since init; delete it yourself if you no longer want it',
    };
  if (entry.created && isEmpty(content)) return { file: entry.file, action: 'deleted' };
  if (content === current)
    return { file: entry.file, action: 'kept', note: "bulwark's additions were already gone" };
  return {
    file: entry.file,
    action: 'edited',
    content,
    note: "changed since init: only bulwark's parts were taken out",
  };
}

/**
 * `includeShared`: also files outside the project (~/.claude/settings.json after `init --global`),
 * which every project on the machine relies on; without it they stay, and stay recorded.
 */
export function planUninstall(
  projectRoot: string,
  environment: Environment,
  includeShared: boolean,
): UninstallPlan | undefined {
  const recordFile = recordPath(installRecordsDir(environment), projectRoot);
  const record = readInstallRecord(recordFile);
  if (!record) return undefined;
  const inProject = (path: string) => path.startsWith(`${projectRoot}/`);
  const shared = record.files.filter((entry) => !includeShared && !inProject(entry.file));
  return {
    recordFile,
    files: [...record.files].reverse().map((entry) =>
      shared.includes(entry)
        ? {
            file: entry.file,
            action: 'kept' as const,
            note: 'shared by every project on this machine: bulwark uninstall --global removes bulwark from it',
          }
        : planFile(entry),
    ),
    directories: [...record.createdDirectories].filter((dir) => includeShared || inProject(dir)).reverse(),
    remaining: shared.length
      ? {
          ...record,
          files: shared,
          createdDirectories: record.createdDirectories.filter((dir) => !inProject(dir)),
        }
      : undefined,
  };
}

function isEmptyDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory() && readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}

export function applyUninstall(plan: UninstallPlan): void {
  for (const entry of plan.files) {
    if (entry.action === 'deleted') unlinkSync(entry.file);
    else if (entry.action === 'restored' && entry.restoreFrom) {
      const mode = statSync(entry.restoreFrom).mode & 0o7777;
      copyFileSync(entry.restoreFrom, entry.file);
      chmodSync(entry.file, mode);
    } else if (entry.action === 'edited' && entry.content !== undefined)
      writeAtomically(entry.file, entry.content);
  }
  // Deepest first: a directory init created goes only if nothing else is in it now.
  for (const dir of [...plan.directories].sort((a, b) => b.length - a.length))
    if (isEmptyDirectory(dir)) rmdirSync(dir);
  if (plan.remaining) {
    writeAtomically(plan.recordFile, `${JSON.stringify(plan.remaining, null, 2)}\n`);
    return;
  }
  rmSync(plan.recordFile, { force: true });
  rmSync(originalsDir(plan.recordFile), { recursive: true, force: true });
}
