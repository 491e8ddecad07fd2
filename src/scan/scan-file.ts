// One file or blob through the secrets engine, with the reasons a file is not read (binary,
// larger than the limit, unreadable) kept for the report.
import { isAscii } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { readFully } from '../engines/files/small-file';
import { scanText, type TextScan } from '../engines/secrets/scan-text';
import { PolicyAllowlist } from '../engines/secrets/suppress';
import type { SecretAllowRule, Sourced } from '../policy/types';

export type SkipReason = 'binary' | 'too-large' | 'unreadable';

export interface FileScan {
  file: string;
  bytes: number;
  scan?: TextScan;
  skipped?: SkipReason;
}

/** What every file of one scan is judged with (plain data: it crosses to worker threads). */
export interface ScanConfig {
  maxFileBytes: number;
  inline: boolean;
  allow: Sourced<SecretAllowRule>[];
  home: string;
  projectRoot: string;
}

/** Nothing to report about the file but its size. */
export function isClean(result: FileScan): boolean {
  const scan = result.scan;
  return (
    !result.skipped &&
    (!scan || (scan.findings.length === 0 && scan.suppressed.length === 0 && scan.warnings.length === 0))
  );
}

/** git's own test: a NUL byte in the first 8000 bytes. */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

export class FileScanner {
  private readonly allowlist: PolicyAllowlist;
  /** One buffer reused for every file read: thousands of files, no garbage from reading. */
  private buffer = Buffer.allocUnsafe(64 * 1024);
  constructor(private readonly config: ScanConfig) {
    this.allowlist = new PolicyAllowlist(config.allow, config);
  }

  content(file: string, content: Buffer, absolutePath?: string): FileScan {
    if (content.length > this.config.maxFileBytes)
      return { file, bytes: content.length, skipped: 'too-large' };
    if (isBinary(content)) return { file, bytes: content.length, skipped: 'binary' };
    // Most source files are ASCII, where latin1 decoding gives the same string at twice the speed.
    const text = content.toString(isAscii(content) ? 'latin1' : 'utf8');
    const scan = scanText(text, {
      file,
      absolutePath,
      allowlist: this.allowlist,
      inline: this.config.inline,
    });
    return { file, bytes: content.length, scan };
  }

  /** Reads a regular file without following a link and without blocking on a FIFO. */
  path(file: string, absolutePath: string): FileScan {
    let fd: number;
    try {
      fd = openSync(absolutePath, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
    } catch {
      return { file, bytes: 0, skipped: 'unreadable' };
    }
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) return { file, bytes: 0, skipped: 'unreadable' };
      if (stats.size > this.config.maxFileBytes) return { file, bytes: stats.size, skipped: 'too-large' };
      if (this.buffer.length < stats.size)
        this.buffer = Buffer.allocUnsafe(Math.max(stats.size, this.buffer.length * 2));
      const read = readFully(fd, this.buffer, stats.size);
      return this.content(file, this.buffer.subarray(0, read), absolutePath);
    } catch {
      return { file, bytes: 0, skipped: 'unreadable' };
    } finally {
      closeSync(fd);
    }
  }
}
