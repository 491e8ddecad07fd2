// The tamper-evident audit log: one JSON line per decision, each carrying the SHA-256 of the line
// before it. Editing, deleting or reordering a line breaks the chain; a head file records the last
// sequence number and hash, so cutting lines off the end shows too.
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Deadline } from '../core/deadline';
import type { Outcome } from '../core/decision';
import { sha256Hex } from '../core/sha256';
import { acquireLock, releaseLock } from './lock';

export const GENESIS_HASH = '0'.repeat(64);
export const CURRENT_FILE = 'audit.jsonl';
export const HEAD_FILE = 'audit.head.json';
const LOCK_FILE = 'audit.lock';
const ROTATED = /^audit-(\d{12})\.jsonl$/;

/**
 * A decision; output bulwark rewrote without its secrets (tool output, a transcript); or a call
 * bulwark asked about that the user approved (its PostToolUse came).
 */
export type AuditOutcome = Outcome | 'redacted' | 'approved';

/** What the caller knows about a decision. */
export interface AuditEntry {
  session: string;
  agent: string;
  event: string;
  tool?: string;
  /** Redacted summary of the tool input. */
  input: string;
  decision: AuditOutcome;
  rule?: string;
  reason: string;
  cwd: string;
}

export interface AuditRecord extends AuditEntry {
  v: 1;
  seq: number;
  time: string;
  host: string;
  user: string;
  /**
   * Set when the head file did not describe the end of the log as this record was appended: the
   * evidence of a cut-off end stays in the chain even after the head is rewritten.
   */
  anomaly?: string;
  prev: string;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

export function hashLine(line: string): string {
  return sha256Hex(line);
}

export function rotatedName(firstSeq: number): string {
  return `audit-${String(firstSeq).padStart(12, '0')}.jsonl`;
}

/** Log files oldest first: rotated files by their first sequence number, then the current one. */
export function logFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const rotated = names.filter((name) => ROTATED.test(name)).sort();
  return [...rotated, ...(names.includes(CURRENT_FILE) ? [CURRENT_FILE] : [])].map((name) => join(dir, name));
}

/**
 * $USER, else the numeric uid. Not os.userInfo(): its passwd lookup costs every hook call up to
 * 5 ms (measured) when $USER is unset.
 */
function currentUser(): string {
  return process.env.USER || process.env.LOGNAME || `uid:${process.getuid?.() ?? 'unknown'}`;
}

/** The last line of a file (read from its end), and whether the file ends with a newline. */
function lastLine(path: string): { line: string | undefined; size: number; complete: boolean } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { line: undefined, size: 0, complete: true };
  }
  try {
    const size = fstatSync(fd).size;
    let chunk = 4096;
    for (;;) {
      const length = Math.min(size, chunk);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      const text = buffer.toString('utf8');
      const complete = size === 0 || text.endsWith('\n');
      const body = complete ? text.slice(0, -1) : text;
      const newline = body.lastIndexOf('\n');
      if (newline >= 0 || length === size) {
        const line = body.slice(newline + 1);
        return { line: line.length > 0 ? line : undefined, size, complete };
      }
      chunk *= 4;
    }
  } finally {
    closeSync(fd);
  }
}

function firstSeq(path: string): number | undefined {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    const match = /"seq":(\d+)/.exec(buffer.subarray(0, read).toString('utf8'));
    return match?.[1] ? Number(match[1]) : undefined;
  } finally {
    closeSync(fd);
  }
}

export function readHead(dir: string): AuditHead | undefined {
  try {
    const head = JSON.parse(readFileSync(join(dir, HEAD_FILE), 'utf8')) as Partial<AuditHead>;
    return typeof head.seq === 'number' && typeof head.hash === 'string'
      ? { seq: head.seq, hash: head.hash }
      : undefined;
  } catch {
    return undefined;
  }
}

function seqOf(line: string): number | undefined {
  try {
    const seq = (JSON.parse(line) as { seq?: unknown }).seq;
    return typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : undefined;
  } catch {
    return undefined;
  }
}

export interface AuditLogOptions {
  dir: string;
  maxFileBytes: number;
  deadline: Deadline;
}

/** Appends one record under the lock. Throws when the log cannot be written (the hook then denies). */
export function appendAuditRecord(entry: AuditEntry, options: AuditLogOptions): AuditRecord {
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const lock = acquireLock(join(options.dir, LOCK_FILE), options.deadline);
  try {
    const current = join(options.dir, CURRENT_FILE);
    const currentTail = lastLine(current);
    // A half-written line (a crash mid-append) stays visible to `log verify` on a line of its own.
    let separator = currentTail.complete ? '' : '\n';
    let previous = currentTail.line;
    if (previous === undefined) {
      const previousFile = logFiles(options.dir)
        .filter((file) => file !== current)
        .at(-1);
      previous = previousFile ? lastLine(previousFile).line : undefined;
    }
    const head = readHead(options.dir);
    const tailSeq = previous === undefined ? undefined : seqOf(previous);
    const previousSeq = previous === undefined ? 0 : (tailSeq ?? head?.seq ?? 0);
    // The head already holds the last line's hash; hashing it again is only needed when the head
    // does not describe that line (missing, or out of step after tampering).
    const previousHash =
      previous === undefined ? GENESIS_HASH : head && head.seq === tailSeq ? head.hash : hashLine(previous);
    let anomaly: string | undefined;
    if (previous !== undefined && !head)
      anomaly = 'the head file was missing, so the end of the log could not be checked';
    else if (previous !== undefined && head && head.seq !== tailSeq) {
      anomaly = `the head file said record ${head.seq} was the last, but the log ended at ${tailSeq ?? 'an unreadable line'}`;
    }
    const record: AuditRecord = {
      v: 1,
      seq: previousSeq + 1,
      time: new Date().toISOString(),
      host: hostname(),
      user: currentUser(),
      session: entry.session,
      agent: entry.agent,
      event: entry.event,
      ...(entry.tool === undefined ? {} : { tool: entry.tool }),
      input: entry.input,
      decision: entry.decision,
      ...(entry.rule === undefined ? {} : { rule: entry.rule }),
      reason: entry.reason,
      cwd: entry.cwd,
      ...(anomaly === undefined ? {} : { anomaly }),
      prev: previousHash,
    };
    const line = JSON.stringify(record);
    if (currentTail.size > 0 && currentTail.size + line.length + 1 > options.maxFileBytes) {
      renameSync(current, join(options.dir, rotatedName(firstSeq(current) ?? record.seq)));
      separator = '';
    }
    const fd = openSync(current, 'a', 0o600);
    try {
      writeSync(fd, `${separator}${line}\n`);
    } finally {
      closeSync(fd);
    }
    // Written in place: a head torn by a crash reads as missing, which `log verify` reports.
    const next: AuditHead = { seq: record.seq, hash: hashLine(line) };
    writeFileSync(join(options.dir, HEAD_FILE), JSON.stringify(next), { mode: 0o600 });
    return record;
  } finally {
    releaseLock(lock);
  }
}
