// A cross-process lock for the audit log: Claude Code runs hooks in parallel (several sessions,
// subagents), and a hash chain needs each append to see the one before it. Node has no flock, so
// the lock is a file, created complete in one step (written aside, then hard-linked into place:
// link fails if the lock exists), so no one ever sees a half-written lock and mistakes it for a
// dead one. A holder that died is detected by its pid or its age.
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { type Deadline, sleepSync } from '../core/deadline';

/** Longer than any append takes; a lock this old belongs to a holder that is gone. */
const STALE_AFTER_MS = 10_000;

export interface HeldLock {
  path: string;
  token: string;
}

interface LockContent {
  pid: number;
  token: string;
  createdAt: number;
}

/** Unique among processes (pid) and within one (time, counter); it need not be unguessable. */
let counter = 0;
function uniqueToken(): string {
  counter += 1;
  return `${process.pid.toString(36)}${process.hrtime.bigint().toString(36)}${counter.toString(36)}`;
}

function readLock(path: string): { text: string; content: LockContent | undefined } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const [pid, token, createdAt] = text.split(' ');
  const content =
    pid && token && createdAt ? { pid: Number(pid), token, createdAt: Number(createdAt) } : undefined;
  return { text, content };
}

function holderIsGone(content: LockContent | undefined): boolean {
  if (!content || !Number.isFinite(content.createdAt)) return true;
  if (Date.now() - content.createdAt > STALE_AFTER_MS) return true;
  try {
    process.kill(content.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes a stale lock. Breakers take turns (a short-lived `.break` file, created like the lock),
 * and the one whose turn it is removes the lock only if it is still the stale one it saw: no one
 * else can replace a lock while it exists, and its owner is gone, so no live lock is ever removed.
 * (Except in one case: an owner stalled past STALE_AFTER_MS that releases at that very moment.)
 */
function breakStaleLock(path: string, staleText: string): void {
  const turn = `${path}.break`;
  if (!tryCreate(turn, uniqueToken())) {
    const age = Date.now() - (statSync(turn, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > STALE_AFTER_MS) unlinkQuietly(turn);
    return;
  }
  try {
    if (readLock(path)?.text === staleText) unlinkQuietly(path);
  } finally {
    unlinkQuietly(turn);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/** Creates the lock with its content in one step; false if someone holds it. */
function tryCreate(path: string, token: string): boolean {
  const draft = `${path}.${token}`;
  writeFileSync(draft, `${process.pid} ${token} ${Date.now()}`, { mode: 0o600 });
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

export function acquireLock(path: string, deadline: Deadline): HeldLock {
  const token = uniqueToken();
  let wait = 1;
  for (;;) {
    if (tryCreate(path, token)) return { path, token };
    const current = readLock(path);
    if (current && holderIsGone(current.content)) {
      breakStaleLock(path, current.text);
      continue;
    }
    deadline.check('waiting for the audit log lock');
    sleepSync(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 16);
  }
}

export function releaseLock(lock: HeldLock): void {
  if (readLock(lock.path)?.content?.token === lock.token) unlinkQuietly(lock.path);
}
