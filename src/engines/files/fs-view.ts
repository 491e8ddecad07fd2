// The file system as the files engine sees it. The real one is used everywhere (tests included,
// against temporary directories); the interface exists so the engine's reach is explicit.
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readSmallFile } from './small-file';

export interface EntryInfo {
  isDirectory: boolean;
  isFile: boolean;
  isSymbolicLink: boolean;
}

export interface DirectoryEntry extends EntryInfo {
  name: string;
}

/**
 * `ignored-root`: the root itself is gitignored, and ripgrep searches an explicitly given ignored
 * directory in full, so a listing of non-ignored files would not tell what it reads.
 */
export type GitListing = { files: string[] } | 'ignored-root' | 'not-a-repository' | 'failed';

export interface FileView {
  /** Canonical path of an existing file, or undefined. */
  realpath(path: string): string | undefined;
  /** Information about the entry itself (does not follow a final symlink). */
  lstat(path: string): EntryInfo | undefined;
  /** Information about what the path points to. */
  stat(path: string): EntryInfo | undefined;
  readlink(path: string): string | undefined;
  readdir(path: string): DirectoryEntry[] | undefined;
  /** A small text file's content (undefined if missing or larger than `limit` bytes). */
  readText(path: string, limit: number): string | undefined;
  /**
   * Tracked and untracked-but-not-ignored files under `root` matching git pathspecs, relative to
   * `root`: what ripgrep (behind Claude Code's Grep) would search inside a git work tree. Nested
   * repositories, which git does not descend into, come back as `dir/` when asked for with the
   * pathspec `:(glob)**\/`.
   */
  gitListFiles(root: string, pathspecs: readonly string[], timeoutMs: number): GitListing;
  /**
   * Files under the pathspecs whose work-tree content git could not restore: changed since they
   * were staged, or untracked (ignored files are left out), relative to `root`. Content staged
   * and unchanged since is restorable from the index, and not listed.
   */
  gitUncommitted(root: string, pathspecs: readonly string[], timeoutMs: number): GitChanges;
}

export type GitChanges = { files: string[] } | 'not-a-repository' | 'failed';

function info(stats: { isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean }): EntryInfo {
  return { isDirectory: stats.isDirectory(), isFile: stats.isFile(), isSymbolicLink: stats.isSymbolicLink() };
}

const MAX_GIT_OUTPUT = 16 * 1024 * 1024;

/** Loaded on first use: only Grep needs git, and child_process costs every hook call ~5 ms to load. */
let childProcess: typeof import('node:child_process') | undefined;

function git(cwd: string, args: readonly string[], timeoutMs: number) {
  // Built-in modules resolve the same from anywhere: the base path only has to be absolute.
  childProcess ??= createRequire(`${process.cwd()}/`)(
    'node:child_process',
  ) as typeof import('node:child_process');
  const { execFileSync } = childProcess;
  try {
    // A hostile repository's config must not run anything: fsmonitor is the setting that makes
    // ls-files and check-ignore execute a program.
    const stdout = execFileSync('git', ['-c', 'core.fsmonitor=false', '-C', cwd, ...args], {
      encoding: 'utf8',
      maxBuffer: MAX_GIT_OUTPUT,
      timeout: Math.max(1, Math.floor(timeoutMs)),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
    });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const failure = error as { status?: number | null; stderr?: unknown };
    return { status: failure.status ?? -1, stdout: '', stderr: String(failure.stderr ?? '') };
  }
}

export const realFileView: FileView = {
  realpath(path) {
    try {
      return realpathSync.native(path);
    } catch {
      return undefined;
    }
  },
  lstat(path) {
    try {
      const stats = lstatSync(path, { throwIfNoEntry: false });
      return stats && info(stats);
    } catch {
      // ENOTDIR (`file/child`), EACCES, ENAMETOOLONG: nothing there to look at.
      return undefined;
    }
  },
  stat(path) {
    try {
      const stats = statSync(path, { throwIfNoEntry: false });
      return stats && info(stats);
    } catch {
      return undefined;
    }
  },
  readlink(path) {
    try {
      return readlinkSync(path);
    } catch {
      return undefined;
    }
  },
  readdir(path) {
    try {
      return readdirSync(path, { withFileTypes: true }).map((entry) => ({
        name: entry.name,
        ...info(entry),
      }));
    } catch {
      return undefined;
    }
  },
  readText(path, limit) {
    const file = readSmallFile(path, limit);
    return typeof file === 'object' && 'text' in file ? file.text : undefined;
  },
  gitListFiles(root, pathspecs, timeoutMs) {
    const ignored = git(root, ['check-ignore', '-q', '.'], timeoutMs);
    if (ignored.status === 0) return 'ignored-root';
    if (ignored.status !== 1)
      return /not a git repository/i.test(ignored.stderr) ? 'not-a-repository' : 'failed';
    const listing = git(
      root,
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...pathspecs],
      timeoutMs,
    );
    return listing.status === 0 ? { files: listing.stdout.split('\0').filter(Boolean) } : 'failed';
  },
  gitUncommitted(root, pathspecs, timeoutMs) {
    const status = git(
      root,
      ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...pathspecs],
      timeoutMs,
    );
    if (status.status !== 0)
      return /not a git repository/i.test(status.stderr) ? 'not-a-repository' : 'failed';
    // Entries are `XY path`: X the index against HEAD, Y the work tree against the index; a
    // rename carries its source as the next entry.
    const entries = status.stdout.split('\0').filter(Boolean);
    const files: string[] = [];
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as string;
      if (entry[1] !== ' ') files.push(entry.slice(3));
      if (entry[0] === 'R' || entry[0] === 'C') i++;
    }
    return { files };
  },
};
