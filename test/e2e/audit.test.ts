// Claude Code runs hooks in parallel (subagents, several sessions): concurrent appends must never
// interleave, lose a record or fork the chain, and `bulwark log verify` must catch tampering.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logFiles } from '../../src/audit/log';
import { readRecords } from '../../src/audit/verify';
import { createSandbox, preToolUse, runCli, runCliAsync, type Sandbox } from '../helpers/sandbox';

function events(s: Sandbox, lane: number, count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const event =
      i % 3 === 0
        ? preToolUse(s, 'Read', { file_path: join(s.project, '.env') })
        : i % 3 === 1
          ? preToolUse(s, 'Bash', { command: `echo lane-${lane}-event-${i}` })
          : preToolUse(s, 'WebFetch', { url: `https://example.com/${lane}/${i}`, prompt: 'p' });
    lines.push(JSON.stringify({ ...event, session_id: `lane-${lane}` }));
  }
  return `${lines.join('\n')}\n`;
}

function verify(s: Sandbox) {
  const result = runCli(s, ['log', 'verify', '--json']);
  return {
    status: result.status,
    report: JSON.parse(result.stdout) as {
      intact: boolean;
      records: number;
      problem?: { kind: string; line: number };
    },
  };
}

describe('the audit log under concurrent hooks', () => {
  let s: Sandbox;
  beforeEach(() => {
    s = createSandbox();
  });
  afterEach(() => s.cleanup());

  it('8 parallel hook processes × 200 events: an intact chain with exactly 1600 records', async () => {
    // A small rotation size makes the 8 writers rotate files while they race.
    s.write('~/.config/bulwark/policy.yaml', 'audit:\n  maxFileBytes: 65536\n');
    const lanes = Array.from({ length: 8 }, (_, lane) =>
      runCliAsync(s, ['hook', 'claude-code', '--batch'], events(s, lane, 200)),
    );
    const results = await Promise.all(lanes);
    for (const result of results) {
      expect(result.status).toBe(0);
      expect(result.stdout.trim().split('\n')).toHaveLength(200);
    }
    const { status, report } = verify(s);
    expect(report).toMatchObject({ intact: true, records: 1600 });
    expect(status).toBe(0);
    const records = readRecords(s.auditDir);
    expect(records.map((record) => record.seq)).toEqual(Array.from({ length: 1600 }, (_, i) => i + 1));
    for (let lane = 0; lane < 8; lane++) {
      expect(records.filter((record) => record.session === `lane-${lane}`)).toHaveLength(200);
    }
    expect(logFiles(s.auditDir).length).toBeGreaterThan(3);
  }, 120_000);

  it('many short-lived hook processes at once: every record kept, chain intact', async () => {
    const lane = async (n: number) => {
      for (let i = 0; i < 12; i++) {
        const result = await runCliAsync(
          s,
          ['hook', 'claude-code'],
          JSON.stringify(preToolUse(s, 'Bash', { command: `echo ${n}-${i}` })),
        );
        expect(result.status).toBe(0);
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, n) => lane(n)));
    expect(verify(s).report).toMatchObject({ intact: true, records: 96 });
  }, 120_000);

  it('log verify names an edited line and a deleted line (exit 1)', () => {
    runCli(s, ['hook', 'claude-code', '--batch'], { input: events(s, 0, 10) });
    expect(verify(s)).toMatchObject({ status: 0, report: { intact: true, records: 10 } });
    const file = join(s.auditDir, 'audit.jsonl');
    const original = readFileSync(file, 'utf8');
    const lines = original.trimEnd().split('\n');

    const edited = [...lines];
    edited[3] = (edited[3] as string)
      .replace('"decision":"no-objection"', '"decision":"deny"')
      .replace('"decision":"deny"', '"decision":"allow"');
    writeFileSync(file, `${edited.join('\n')}\n`);
    const afterEdit = runCli(s, ['log', 'verify']);
    expect(afterEdit.status).toBe(1);
    expect(afterEdit.stdout).toMatch(/audit log broken: .*audit\.jsonl line 4: edited: record 4 was changed/);

    const deleted = [...lines];
    deleted.splice(6, 1);
    writeFileSync(file, `${deleted.join('\n')}\n`);
    const afterDelete = runCli(s, ['log', 'verify']);
    expect(afterDelete.status).toBe(1);
    expect(afterDelete.stdout).toMatch(/line 7: deleted: records 7 to 7 are missing/);

    writeFileSync(file, original);
    expect(runCli(s, ['log', 'verify']).status).toBe(0);
  });

  it('log tail and log stats read what the hook recorded', () => {
    runCli(s, ['hook', 'claude-code', '--batch'], { input: events(s, 0, 9) });
    const tail = runCli(s, ['log', 'tail', '-n', '3']);
    expect(tail.status).toBe(0);
    expect(tail.stdout.trim().split('\n')).toHaveLength(3);
    expect(tail.stdout).toContain('WebFetch https://example.com/0/8');
    const json = runCli(s, ['log', 'tail', '-n', '2', '--json'])
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(json.map((record) => record.seq)).toEqual([8, 9]);
    const stats = JSON.parse(runCli(s, ['log', 'stats', '--json']).stdout);
    expect(stats).toMatchObject({
      records: 9,
      sessions: 1,
      byDecision: { deny: 3, 'no-objection': 6 },
      byTool: { Bash: 3, Read: 3, WebFetch: 3 },
      byRule: { 'files.secret-read': 3 },
    });
  });
});
