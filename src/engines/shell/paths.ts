// Where a command's path operands point, and how much is lost if they are deleted.
import { isAbsolute, resolve } from 'node:path';
import type { JudgeContext } from '../context';
import { isInside } from '../files/paths';
import type { ShellCommand, Word } from './ir';

/** The absolute path a word names at the command's cwd; undefined when it cannot be known. */
export function wordPath(word: Word, command: ShellCommand): string | undefined {
  if (!word.literal || word.text === '') return undefined;
  if (isAbsolute(word.text)) return resolve(word.text);
  return command.cwd === undefined ? undefined : resolve(command.cwd, word.text);
}

const SYSTEM_DIRECTORIES = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/usr',
  '/var',
  '/snap',
  '/System',
  '/Library',
  '/Applications',
  '/Users',
  '/Volumes',
  '/cores',
  '/private',
  '/home',
  '/mnt',
  '/media',
  '/nix',
];
const SCRATCH_DIRECTORIES = [
  '/tmp',
  '/var/tmp',
  '/private/tmp',
  '/private/var/folders',
  '/var/folders',
  '/dev/shm',
];

export type DeleteTarget =
  /** `/`, a system directory or inside one, the home directory or a folder directly in it. */
  | 'critical'
  /** The project root or a folder that contains it. */
  | 'project-root'
  /** In the home directory, outside the project and scratch folders. */
  | 'outside-project'
  | 'scratch'
  | 'inside-project';

export function classifyTarget(path: string, context: JudgeContext): DeleteTarget {
  const ci = context.caseInsensitivePaths;
  const inside = (directory: string) => isInside(path, directory, ci) && path !== resolve(directory);
  const tmp = context.vars.TMPDIR;
  const scratch = SCRATCH_DIRECTORIES.some(inside) || (tmp !== undefined && isAbsolute(tmp) && inside(tmp));
  if (path === '/' || isInside(context.home, path, ci)) return 'critical';
  if (isInside(context.projectRoot, path, ci)) return 'project-root';
  if (isInside(path, context.projectRoot, ci)) return 'inside-project';
  if (inside(context.home)) {
    if (!path.slice(context.home.length + 1).includes('/')) return 'critical';
    return 'outside-project';
  }
  if (scratch) return 'scratch';
  if (SYSTEM_DIRECTORIES.some((dir) => isInside(path, dir, ci)) || path.split('/').length === 2)
    return 'critical';
  return 'outside-project';
}

/** Where writing changes the operating system itself. */
const SYSTEM_WRITE = [
  '/etc',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/boot',
  '/sys',
  '/proc',
  '/opt',
  '/root',
  '/var/lib',
  '/var/spool',
  '/System',
  '/Library',
  '/private/etc',
];

/** Devices are left to the disk rule. */
export function isSystemPath(path: string): boolean {
  if (path.startsWith('/dev/')) return false;
  return SYSTEM_WRITE.some((dir) => isInside(path, dir, false));
}
