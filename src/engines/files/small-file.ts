// Files a hostile repository may have planted (policy files, git's index and config) are read
// through here: regular files only (a FIFO or /dev/zero would hang a synchronous read), opened
// without blocking, and never more than a limit.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

type Unread = 'missing' | 'not-a-file' | 'too-large' | { error: string };
export type SmallFile = { text: string } | Unread;
export type SmallFileBytes = { bytes: Buffer } | Unread;

/** Reads `size` bytes of an open file into `buffer` (fewer if it shrank); the count read. */
export function readFully(fd: number, buffer: Buffer, size: number): number {
  let read = 0;
  while (read < size) {
    const count = readSync(fd, buffer, read, size - read, read);
    if (count === 0) break;
    read += count;
  }
  return read;
}

export function readSmallFile(path: string, limit: number): SmallFile {
  const file = readSmallFileBytes(path, limit);
  return typeof file === 'object' && 'bytes' in file ? { text: file.bytes.toString('utf8') } : file;
}

export function readSmallFileBytes(path: string, limit: number): SmallFileBytes {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : { error: code ?? String(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return 'not-a-file';
    if (stats.size > limit) return 'too-large';
    const buffer = Buffer.alloc(stats.size);
    return { bytes: buffer.subarray(0, readFully(fd, buffer, stats.size)) };
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? String(error) };
  } finally {
    closeSync(fd);
  }
}
