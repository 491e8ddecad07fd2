// What `bulwark init` changed in a project, kept outside the repository (in bulwark's state
// directory) so `uninstall` can take out exactly that: the files it created, the originals of the
// files it changed, and what it added to each.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../core/errors';
import { sha256Hex } from '../core/sha256';
import type { AddedSettings, FileChange, RemovalKind } from './plan';
import { readOptional } from './repository';
import { writeAtomically as writeFileWhole } from './write-atomically';

export interface RecordedFile {
  file: string;
  /** init created it (uninstall deletes it, unless the user changed it since). */
  created: boolean;
  /** The original, as it was before bulwark first changed it. */
  backup?: string;
  /** SHA-256 of what init last wrote: equal means nobody changed the file since. */
  written: string;
  removal: RemovalKind;
  settingsAdded?: AddedSettings;
  /**
   * The user changed the file between two inits: what init last wrote is no longer bulwark's alone,
   * so uninstall only takes bulwark's parts out (never restores or deletes the whole file).
   */
  userEdits?: true;
}

export interface InstallRecord {
  version: 1;
  projectRoot: string;
  files: RecordedFile[];
  /** Directories init created, deepest last; removed again when empty. */
  createdDirectories: string[];
}

export function recordPath(recordsDir: string, projectRoot: string): string {
  return join(recordsDir, `${sha256Hex(projectRoot).slice(0, 16)}.json`);
}

/** Where the originals of the files init changed are kept, beside the record. */
export function originalsDir(recordFile: string): string {
  return recordFile.replace(/\.json$/, '-originals');
}

export function readInstallRecord(path: string): InstallRecord | undefined {
  const text = readOptional(path);
  if (text === undefined) return undefined;
  try {
    const record = JSON.parse(text) as InstallRecord;
    if (record.version !== 1 || !Array.isArray(record.files)) throw new Error('unknown format');
    return record;
  } catch (error) {
    throw new UserError(
      `${path} (bulwark's record of what init changed) cannot be read: ${(error as Error).message}`,
      'restore it from a backup, or remove bulwark\'s additions by hand (blocks marked ">>> bulwark")',
    );
  }
}

/** Written whole or not at all; a failure names the file (init and uninstall render it as such). */
export function writeAtomically(file: string, content: string, mode?: number): void {
  try {
    writeFileWhole(file, content, mode);
  } catch (error) {
    throw new UserError(
      `cannot write ${file}: ${(error as Error).message}`,
      'fix that path and run the command again',
    );
  }
}

/** Directories `mkdir -p` would create for `file`, outermost first. */
export function missingDirectories(file: string): string[] {
  const missing: string[] = [];
  for (let dir = dirname(file); !existsSync(dir); dir = dirname(dir)) missing.unshift(dir);
  return missing;
}

/** The record after `changes` were written: originals are backed up the first time only. */
export function recordChanges(
  record: InstallRecord,
  changes: readonly FileChange[],
  backupsDir: string,
  createdDirectories: readonly string[],
): InstallRecord {
  const files = [...record.files];
  for (const change of changes) {
    const written = sha256Hex(change.after);
    const index = files.findIndex((entry) => entry.file === change.file);
    const previous = files[index];
    if (previous) {
      const edited = previous.userEdits || sha256Hex(change.before ?? '') !== previous.written;
      files[index] = {
        ...previous,
        written,
        settingsAdded: mergeAdded(previous.settingsAdded, change.settingsAdded),
        ...(edited ? { userEdits: true as const } : {}),
      };
      continue;
    }
    let backup: string | undefined;
    if (change.before !== undefined) {
      backup = join(backupsDir, `${files.length}-${sha256Hex(change.file).slice(0, 8)}`);
      mkdirSync(backupsDir, { recursive: true });
      copyFileSync(change.file, backup);
    }
    files.push({
      file: change.file,
      created: change.before === undefined,
      backup,
      written,
      removal: change.removal,
      settingsAdded: change.settingsAdded,
    });
  }
  const directories = [...record.createdDirectories];
  for (const dir of createdDirectories) if (!directories.includes(dir)) directories.push(dir);
  return { ...record, files, createdDirectories: directories };
}

function mergeAdded(a: AddedSettings | undefined, b: AddedSettings | undefined): AddedSettings | undefined {
  if (!a || !b) return a ?? b;
  const union = (x: string[], y: string[]) => [...new Set([...x, ...y])];
  return {
    deny: union(a.deny, b.deny),
    ask: union(a.ask, b.ask),
    scalars: union(a.scalars, b.scalars),
    createdKeys: union(a.createdKeys, b.createdKeys),
  };
}
