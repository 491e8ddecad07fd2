import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditEntry, appendAuditRecord, CURRENT_FILE, HEAD_FILE, logFiles } from '../../src/audit/log';
import { readRecords, verifyAuditLog } from '../../src/audit/verify';
import { Deadline } from '../../src/core/deadline';
import { createSandbox, type Sandbox } from '../helpers/sandbox';

const entry = (n: number): AuditEntry => ({
  session: 's',
  agent: 'claude-code',
  event: 'PreToolUse',
  tool: 'Read',
  input: `/p/file-${n}`,
  decision: n % 2 ? 'deny' : 'no-objection',
  rule: n % 2 ? 'files.secret-read' : undefined,
  reason: `reason ${n}`,
  cwd: '/p',
});

describe('the hash-chained audit log', () => {
  let sandbox: Sandbox;
  let dir: string;
  const append = (count: number, maxFileBytes = 1024 * 1024) => {
    for (let i = 1; i <= count; i++)
      appendAuditRecord(entry(i), { dir, maxFileBytes, deadline: new Deadline(5000) });
  };
  const current = () => join(dir, CURRENT_FILE);
  const lines = () => readFileSync(current(), 'utf8').split('\n').filter(Boolean);
  const rewrite = (next: string[]) => writeFileSync(current(), `${next.join('\n')}\n`);

  beforeEach(() => {
    sandbox = createSandbox({ git: false });
    dir = join(sandbox.root, 'audit');
  });
  afterEach(() => sandbox.cleanup());

  it('chains records in order and verifies them', () => {
    append(5);
    const records = readRecords(dir);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0]?.prev).toBe('0'.repeat(64));
    expect(Object.keys(records[0] ?? {})).toEqual([
      'v',
      'seq',
      'time',
      'host',
      'user',
      'session',
      'agent',
      'event',
      'tool',
      'input',
      'decision',
      'rule',
      'reason',
      'cwd',
      'prev',
    ]);
    expect(verifyAuditLog(dir)).toMatchObject({ intact: true, records: 5, lastSeq: 5 });
  });

  it('names an edited line', () => {
    append(5);
    const next = lines();
    next[1] = (next[1] as string).replace('"decision":"no-objection"', '"decision":"allow"');
    rewrite(next);
    expect(verifyAuditLog(dir).problem).toMatchObject({ kind: 'edited', line: 2 });
  });

  it('names an edited last line (against the head file)', () => {
    append(3);
    const next = lines();
    next[2] = (next[2] as string).replace('reason 3', 'reason X');
    rewrite(next);
    expect(verifyAuditLog(dir).problem).toMatchObject({ kind: 'edited', line: 3 });
  });

  it('names a deleted line', () => {
    append(5);
    const next = lines();
    next.splice(2, 1);
    rewrite(next);
    expect(verifyAuditLog(dir).problem).toMatchObject({ kind: 'deleted', line: 3 });
    expect(verifyAuditLog(dir).problem?.detail).toContain('records 3 to 3 are missing');
  });

  it('names a deleted first line', () => {
    append(3);
    rewrite(lines().slice(1));
    expect(verifyAuditLog(dir).problem).toMatchObject({ kind: 'deleted', line: 1 });
  });

  it('names reordered lines', () => {
    append(5);
    const next = lines();
    [next[1], next[2]] = [next[2] as string, next[1] as string];
    rewrite(next);
    expect(verifyAuditLog(dir).problem).toMatchObject({ kind: 'reordered', line: 2 });
  });

  it('names lines cut off the end, and a half-written last line', () => {
    append(5);
    rewrite(lines().slice(0, 3));
    expect(verifyAuditLog(dir).problem).toMatchObject({ kind: 'truncated' });
    expect(verifyAuditLog(dir).problem?.detail).toContain('2 records were cut off');

    rmSync(dir, { recursive: true });
    append(2);
    appendFileSync(current(), '{"v":1,"seq":3,"ti');
    expect(verifyAuditLog(dir).problem).toMatchObject({ kind: 'truncated', line: 3 });
  });

  it('keeps a half-written line visible after the next append', () => {
    append(2);
    appendFileSync(current(), '{"v":1,"seq":3,"ti');
    append(1);
    expect(lines()).toHaveLength(4);
    expect(verifyAuditLog(dir).problem).toMatchObject({ kind: 'edited', line: 3 });
  });

  it('fails when the head file is missing, and keeps failing after the next append rewrites it', () => {
    append(5);
    rewrite(lines().slice(0, 3));
    rmSync(join(dir, HEAD_FILE));
    expect(verifyAuditLog(dir).problem).toMatchObject({
      kind: 'truncated',
      detail: expect.stringContaining('head file is missing'),
    });
    append(1);
    expect(readRecords(dir).at(-1)).toMatchObject({
      seq: 4,
      anomaly: expect.stringContaining('head file was missing'),
    });
    expect(verifyAuditLog(dir).problem).toMatchObject({ kind: 'truncated', line: 4 });
  });

  it('records a head out of step (end cut off, head left alone) in the next record', () => {
    append(5);
    rewrite(lines().slice(0, 3));
    append(1);
    expect(readRecords(dir).at(-1)?.anomaly).toBe(
      'the head file said record 5 was the last, but the log ended at 3',
    );
    expect(verifyAuditLog(dir).problem).toMatchObject({ kind: 'truncated' });
  });

  it('rotates by size and keeps the chain across files', () => {
    append(40, 2048);
    const files = logFiles(dir);
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) expect(readFileSync(file).length).toBeLessThanOrEqual(2048);
    expect(verifyAuditLog(dir)).toMatchObject({ intact: true, records: 40, lastSeq: 40 });
    expect(readRecords(dir).map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));

    rmSync(files[1] as string);
    expect(verifyAuditLog(dir).problem).toMatchObject({ kind: 'deleted' });
  });

  it('takes over a lock left behind by a process that died', () => {
    append(1);
    writeFileSync(join(dir, 'audit.lock'), `999999999 deadbeef ${Date.now()}`);
    append(1);
    expect(verifyAuditLog(dir)).toMatchObject({ intact: true, records: 2 });
  });

  it('gives up on a live lock when the time budget runs out', () => {
    append(1);
    writeFileSync(join(dir, 'audit.lock'), `${process.pid} cafebabe ${Date.now()}`);
    expect(() =>
      appendAuditRecord(entry(2), { dir, maxFileBytes: 1 << 20, deadline: new Deadline(50) }),
    ).toThrow(/time budget ran out while waiting for the audit log lock/);
  });
});
