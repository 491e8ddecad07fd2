// A delete inside the project asks only when it would lose work git cannot restore. Asking git
// (`git status`) starts a process for every such delete; most of the time the answer can be
// proved from the index alone, the way git itself first decides a file is unchanged: its stat data
// (size, times, inode, mode) still match what the index recorded when the file was staged.
// Only "nothing to lose" is proved here. Any doubt (an untracked or changed file, a file already
// deleted, a racy timestamp, an index or repository layout this does not read) is left to git.
import { type BigIntStats, lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileGlob, type Glob, globMatches } from '../../core/glob';
import { lazy } from '../../core/lazy';
import { IgnoreRules } from './git-ignore';
import { readSmallFile, readSmallFileBytes } from './small-file';

/** Beyond ~20,000 entries, parsing the index costs more than starting git. */
const MAX_INDEX_BYTES = 2 * 1024 * 1024;
/** A bigger tree is faster for git (untracked cache, fsmonitor) than for a walk in JavaScript. */
const MAX_ENTRIES_WALKED = 5_000;
/** Variables that point git elsewhere than `<root>/.git`; the spawned git would honour them. */
const GIT_LOCATION_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR'];

const NON_ASCII = /[\u0080-\uffff]/;
const TYPE_MASK = 0o170000;
const REGULAR_FILE = 0o100000;
const SYMBOLIC_LINK = 0o120000;

interface IndexEntry {
  /** Stage 0, a regular file or symlink, no skip-worktree, intent-to-add or assume-valid flag. */
  statComparable: boolean;
  mode: number;
  size: number;
  ino: number;
  ctimeSeconds: number;
  mtime: bigint;
}

interface GitIndex {
  entries: Map<string, IndexEntry>;
  /** When the index was written: a file modified since (or in the same tick) is "racily clean". */
  written: bigint;
  /** Every folder that holds a tracked file, at any depth. */
  trackedFolders: () => Set<string>;
}

const NS_PER_SECOND = 1_000_000_000n;

/**
 * True only when every file the pathspecs select (`:(literal)path` or `:(glob)pattern`, relative to
 * `root`, as given to `git status`) is tracked and unchanged since it was staged.
 */
export function provablyClean(
  root: string,
  pathspecs: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (GIT_LOCATION_VARIABLES.some((name) => env[name] !== undefined)) return false;
  const gitDir = join(root, '.git');
  if (!lstatSync(gitDir, { throwIfNoEntry: false })?.isDirectory()) return false;
  const config = readSmallFile(join(gitDir, 'config'), 1024 * 1024);
  // SHA-256 repositories have longer entries than the ones read here.
  if (typeof config !== 'object' || !('text' in config) || /objectformat\s*=\s*sha256/i.test(config.text)) {
    return false;
  }
  const index = readIndex(join(gitDir, 'index'));
  if (!index) return false;
  const budget = { entries: MAX_ENTRIES_WALKED };
  for (const pathspec of pathspecs) {
    const selection = parsePathspec(pathspec);
    if (!selection || !selectionIsClean(root, selection, index, budget)) return false;
  }
  return true;
}

interface Selection {
  /** The directory or file the walk starts from, relative to the root ('' for the root). */
  base: string;
  glob?: Glob;
}

function parsePathspec(pathspec: string): Selection | undefined {
  const literal = /^:\(literal\)(.*)$/s.exec(pathspec);
  if (literal) {
    const path = literal[1] === '.' ? '' : (literal[1] as string);
    return isInside(path) ? { base: path } : undefined;
  }
  const glob = /^:\(glob\)(.*)$/s.exec(pathspec)?.[1];
  // Classes, braces and escapes differ between git's wildmatch and bulwark's globs: left to git.
  if (glob === undefined || !isInside(glob) || /[[\]{}\\]/.test(glob)) return undefined;
  const parts = glob.split('/');
  const wild = parts.findIndex((part) => /[*?]/.test(part));
  const base = (wild < 0 ? parts : parts.slice(0, wild)).join('/');
  try {
    const [compiled] = compileGlob(glob);
    return compiled ? { base, glob: compiled } : undefined;
  } catch {
    return undefined;
  }
}

function isInside(path: string): boolean {
  return !path.startsWith('/') && !path.split('/').includes('..');
}

/** Does the pathspec select this path? A glob also selects what is inside a directory it matches. */
function selects(selection: Selection, path: string): boolean {
  if (selection.base && path !== selection.base && !path.startsWith(`${selection.base}/`)) return false;
  const { glob } = selection;
  if (!glob) return true;
  const parts = path.split('/');
  for (let end = parts.length; end > 0; end--) {
    if (globMatches(glob, parts.slice(0, end).join('/'))) return true;
  }
  return false;
}

function selectionIsClean(
  root: string,
  selection: Selection,
  index: GitIndex,
  budget: { entries: number },
): boolean {
  const parent = selection.base.includes('/') ? selection.base.slice(0, selection.base.lastIndexOf('/')) : '';
  const ignore = IgnoreRules.forFolder(root, parent);
  if (!ignore || NON_ASCII.test(selection.base)) return false;
  let tracked = 0;
  for (const path of index.entries.keys()) if (selects(selection, path)) tracked++;
  let matched = 0;
  const pending = [{ path: selection.base, inIgnored: ancestorIgnored(selection.base, ignore) }];
  while (pending.length) {
    const { path, inIgnored } = pending.pop() as (typeof pending)[number];
    if (--budget.entries < 0) return false;
    const absolute = join(root, path);
    let stats: BigIntStats | undefined;
    try {
      stats = lstatSync(absolute, { bigint: true, throwIfNoEntry: false });
    } catch {
      return false;
    }
    if (!stats) continue;
    if (stats.isDirectory()) {
      const ignoredHere = path !== '' && !inIgnored && ignore.ignores(path, true);
      if (ignoredHere && NON_ASCII.test(path)) return false;
      const ignored = inIgnored || ignoredHere;
      // Nothing tracked inside an ignored folder (node_modules): git status lists none of it.
      if (ignored && !index.trackedFolders().has(path)) continue;
      let names: string[];
      try {
        names = readdirSync(absolute);
      } catch {
        return false;
      }
      // A name that is not UTF-8 decodes to U+FFFD and could not be looked up again.
      if (names.some((name) => name.includes('\uFFFD'))) return false;
      // A nested repository or submodule: its files are not in this index.
      if (path && names.includes('.git')) return false;
      if (!ignore.addFolder(path)) return false;
      for (const name of names) {
        if (path || name !== '.git')
          pending.push({ path: path ? `${path}/${name}` : name, inIgnored: ignored });
      }
      continue;
    }
    if (!selects(selection, path)) continue;
    const entry = index.entries.get(path);
    if (entry) {
      if (!unchanged(entry, stats, index.written)) return false;
      matched++;
    } else if (!inIgnored && (NON_ASCII.test(path) || !ignore.ignores(path, false))) {
      // git matches ignore patterns byte by byte, the matcher by UTF-16 unit: only ASCII is sure.
      return false;
    }
  }
  // Fewer files on disk than the index selects: some are deleted already, which git status lists.
  return matched === tracked;
}

function ancestorIgnored(path: string, ignore: IgnoreRules): boolean {
  const parts = path.split('/');
  for (let end = 1; end < parts.length; end++) {
    if (ignore.ignores(parts.slice(0, end).join('/'), true)) return true;
  }
  return false;
}

/** Every folder that holds a tracked file, at any depth. */
function foldersOf(entries: Map<string, IndexEntry>): Set<string> {
  const folders = new Set(['']);
  for (const path of entries.keys()) {
    for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      folders.add(path.slice(0, slash));
    }
  }
  return folders;
}

/** git's own first test (ie_match_stat): the same stat data, and not modified as the index was written. */
function unchanged(entry: IndexEntry, stats: BigIntStats, written: bigint): boolean {
  if (!entry.statComparable) return false;
  const type = stats.isFile() ? REGULAR_FILE : stats.isSymbolicLink() ? SYMBOLIC_LINK : undefined;
  if (type === undefined || (entry.mode & TYPE_MASK) !== type) return false;
  if (type === REGULAR_FILE && (entry.mode & 0o100) !== (Number(stats.mode) & 0o100)) return false;
  return (
    entry.size === Number(stats.size & 0xffffffffn) &&
    entry.ino === Number(stats.ino & 0xffffffffn) &&
    entry.ctimeSeconds === Number(stats.ctimeNs / NS_PER_SECOND) &&
    entry.mtime === stats.mtimeNs &&
    entry.mtime < written
  );
}

/** The index (versions 2 to 4, SHA-1), or undefined for anything else. */
function readIndex(path: string): GitIndex | undefined {
  let written: bigint;
  try {
    const stats = statSync(path, { bigint: true });
    if (!stats.isFile() || stats.size > BigInt(MAX_INDEX_BYTES)) return undefined;
    written = stats.mtimeNs;
  } catch {
    return undefined;
  }
  const file = readSmallFileBytes(path, MAX_INDEX_BYTES);
  return typeof file === 'object' && 'bytes' in file ? parseIndex(file.bytes, written) : undefined;
}

/** Offsets within an on-disk entry (git's Documentation/gitformat-index.txt). */
const ENTRY = { ctime: 0, mtime: 8, ino: 20, mode: 24, size: 36, flags: 60, name: 62 } as const;
const FLAG_ASSUME_VALID = 0x8000;
const FLAG_EXTENDED = 0x4000;
const STAGE_MASK = 0x3000;
const EXTENDED_SKIP_WORKTREE = 0x4000;
const EXTENDED_INTENT_TO_ADD = 0x2000;
const SHA1_BYTES = 20;

function parseIndex(data: Buffer, written: bigint): GitIndex | undefined {
  if (data.length < 12 || data.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = data.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = data.readUInt32BE(8);
  const entries = new Map<string, IndexEntry>();
  const end = data.length - SHA1_BYTES;
  let offset = 12;
  let previousName: Buffer = Buffer.alloc(0);
  for (let i = 0; i < count; i++) {
    const start = offset;
    if (start + ENTRY.name > end) return undefined;
    const flags = data.readUInt16BE(start + ENTRY.flags);
    offset = start + ENTRY.name;
    let extended = 0;
    if (flags & FLAG_EXTENDED) {
      if (version < 3) return undefined;
      extended = data.readUInt16BE(offset);
      offset += 2;
    }
    let name: Buffer;
    if (version === 4) {
      // The name is the previous one less N trailing bytes, plus a NUL-terminated suffix.
      let byte = data[offset++] ?? 0;
      let strip = byte & 0x7f;
      while (byte & 0x80) {
        byte = data[offset++] ?? 0;
        strip = ((strip + 1) << 7) | (byte & 0x7f);
      }
      const nul = data.indexOf(0, offset);
      if (nul < 0 || nul > end || strip < 0 || strip > previousName.length) return undefined;
      name = Buffer.concat([
        previousName.subarray(0, previousName.length - strip),
        data.subarray(offset, nul),
      ]);
      offset = nul + 1;
    } else {
      const nul = data.indexOf(0, offset);
      if (nul < 0 || nul > end) return undefined;
      name = data.subarray(offset, nul);
      // Padded with one to eight NULs to a multiple of eight bytes.
      offset = start + ((nul - start + 8) & ~7);
    }
    previousName = name;
    const mode = data.readUInt32BE(start + ENTRY.mode);
    const type = mode & TYPE_MASK;
    const statComparable =
      (type === REGULAR_FILE || type === SYMBOLIC_LINK) &&
      !(flags & (FLAG_ASSUME_VALID | STAGE_MASK)) &&
      !(extended & (EXTENDED_SKIP_WORKTREE | EXTENDED_INTENT_TO_ADD));
    const seconds = BigInt(data.readUInt32BE(start + ENTRY.mtime));
    entries.set(name.toString('utf8'), {
      statComparable,
      mode,
      size: data.readUInt32BE(start + ENTRY.size),
      ino: data.readUInt32BE(start + ENTRY.ino),
      ctimeSeconds: data.readUInt32BE(start + ENTRY.ctime),
      mtime: seconds * NS_PER_SECOND + BigInt(data.readUInt32BE(start + ENTRY.mtime + 4)),
    });
  }
  // An extension whose signature starts with a lowercase letter changes what the entries mean
  // (a split index, a sparse index): one this reader does not know makes the index unreadable.
  while (offset + 8 <= end) {
    const signature = data.toString('latin1', offset, offset + 4);
    if (/^[a-z]/.test(signature)) return undefined;
    offset += 8 + data.readUInt32BE(offset + 4);
  }
  return { entries, written, trackedFolders: lazy(() => foldersOf(entries)) };
}
