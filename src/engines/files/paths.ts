// Where a path really leads: `~` and relative paths expanded, `..` folded, symlinks followed,
// including dangling ones (a write through `proj/x -> ~/.bashrc` creates ~/.bashrc).
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { FileView } from './fs-view';

export interface ResolvedPath {
  /** As written, made absolute and normalised. */
  lexical: string;
  /** After following every symlink on the way, as the kernel would. */
  real: string;
  exists: boolean;
  isDirectory: boolean;
}

const MAX_SYMLINK_HOPS = 40;

export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}

export function resolveToolPath(input: string, cwd: string, home: string, fs: FileView): ResolvedPath {
  const expanded = expandHome(input, home);
  const raw = isAbsolute(expanded) ? expanded : `${cwd}/${expanded}`;
  const lexical = resolve(raw);
  const real = fs.realpath(raw);
  if (real !== undefined) {
    return { lexical, real, exists: true, isDirectory: fs.stat(real)?.isDirectory ?? false };
  }
  return { lexical, real: canonicalize(raw, fs), exists: false, isDirectory: false };
}

/**
 * realpath that also works when the tail does not exist: components are resolved one by one,
 * symlinks (dangling ones too) are followed, and `..` applies to where a link actually led.
 */
function canonicalize(path: string, fs: FileView): string {
  const pending = path.split('/').filter(Boolean);
  let resolved = '/';
  let hops = 0;
  while (pending.length > 0) {
    const name = pending.shift() as string;
    if (name === '.') continue;
    if (name === '..') {
      resolved = dirname(resolved);
      continue;
    }
    const next = join(resolved, name);
    const target = fs.lstat(next)?.isSymbolicLink ? fs.readlink(next) : undefined;
    if (target === undefined || ++hops > MAX_SYMLINK_HOPS) {
      resolved = next;
      continue;
    }
    if (isAbsolute(target)) resolved = '/';
    pending.unshift(...target.split('/').filter(Boolean));
  }
  return resolved;
}

export function isInside(path: string, directory: string, caseInsensitive: boolean): boolean {
  const a = caseInsensitive ? path.toLowerCase() : path;
  const b = caseInsensitive ? directory.toLowerCase() : directory;
  if (b === sep) return true;
  return a === b || a.startsWith(b.endsWith(sep) ? b : b + sep);
}
