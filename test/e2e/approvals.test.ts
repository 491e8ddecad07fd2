// Approvals: an ask of bulwark's followed by the PostToolUse of the same call (the user said yes, so
// the tool ran) is recorded as `approved`, which `bulwark suggest` learns from.
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRecords } from '../../src/audit/verify';
import { createSandbox, hook, preToolUse, runCli, type Sandbox } from '../helpers/sandbox';

// Asks in the standard profile: it replaces uncommitted changes in the work tree.
const ASKED = 'git checkout -- src';

function ask(s: Sandbox, id: string, session = 'test-session', command = ASKED) {
  return hook(s, { ...preToolUse(s, 'Bash', { command }), tool_use_id: id, session_id: session });
}

function ran(s: Sandbox, id: string, session = 'test-session', command = ASKED) {
  return hook(s, {
    ...preToolUse(s, 'Bash', { command }),
    hook_event_name: 'PostToolUse',
    tool_response: { stdout: '', stderr: '', interrupted: false, isImage: false },
    tool_use_id: id,
    session_id: session,
  });
}

const pending = (s: Sandbox) => join(s.auditDir, 'pending-asks');
const markers = (s: Sandbox) => (existsSync(pending(s)) ? readdirSync(pending(s)) : []);

describe('approvals in the audit log', () => {
  let s: Sandbox;
  beforeEach(() => {
    s = createSandbox();
  });
  afterEach(() => s.cleanup());

  it('Claude Code’s own permission prompt (bulwark had no objection) then the call running records `approved`', () => {
    const command = 'npm run build';
    const prompt = hook(s, {
      ...preToolUse(s, 'Bash', { command }),
      hook_event_name: 'PermissionRequest',
      tool_use_id: undefined,
      permission_suggestions: [],
    });
    // bulwark says nothing: the dialog shows as usual.
    expect(prompt).toMatchObject({ status: 0, stdout: '{}\n' });
    expect(markers(s)).toHaveLength(1);
    ran(s, 'toolu_P', 'test-session', command);
    const records = readRecords(s.auditDir);
    expect(records.map((r) => `${r.event}:${r.decision}:${r.input}:${r.rule}`)).toEqual([
      'PostToolUse:approved:npm run build:claude-code.permission-prompt',
    ]);
    expect(markers(s)).toEqual([]);
  });

  it('an ask then a PostToolUse of the same call records `approved`, once', () => {
    const asked = ask(s, 'toolu_A');
    expect(asked.status).toBe(0);
    expect(JSON.stringify(asked.json)).toContain('"permissionDecision":"ask"');
    expect(markers(s)).toHaveLength(1);

    expect(ran(s, 'toolu_A')).toMatchObject({ status: 0, stdout: '{}\n' });
    const records = readRecords(s.auditDir);
    expect(records.map((r) => `${r.event}:${r.decision}`)).toEqual([
      'PreToolUse:ask',
      'PostToolUse:approved',
    ]);
    const [askRecord, approved] = records;
    expect(approved).toMatchObject({
      session: 'test-session',
      tool: 'Bash',
      input: askRecord?.input,
      rule: askRecord?.rule,
      cwd: s.project,
    });
    expect(approved?.input).toBe(ASKED);
    expect(markers(s)).toEqual([]);

    // The same PostToolUse again (or one from another session with the same id) adds nothing.
    ran(s, 'toolu_A');
    ask(s, 'toolu_B');
    ran(s, 'toolu_B', 'other-session');
    expect(readRecords(s.auditDir).map((r) => r.decision)).toEqual(['ask', 'approved', 'ask']);

    const verify = runCli(s, ['log', 'verify']);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toContain('audit log intact: 3 records');
    expect(runCli(s, ['log', 'tail']).stdout).toMatch(
      /APPROVED Bash git checkout -- src shell\.git-discard-changes/,
    );
    expect(JSON.parse(runCli(s, ['log', 'stats', '--json']).stdout).byDecision).toEqual({
      ask: 2,
      approved: 1,
    });
  });

  it('a PostToolUse without an ask before it records nothing new', () => {
    hook(s, { ...preToolUse(s, 'Bash', { command: 'ls' }), tool_use_id: 'toolu_C' });
    const before = readRecords(s.auditDir).length;
    expect(ran(s, 'toolu_C', 'test-session', 'ls').stdout).toBe('{}\n');
    expect(ran(s, 'toolu_never_asked').stdout).toBe('{}\n');
    expect(readRecords(s.auditDir).length).toBe(before);
    expect(markers(s)).toEqual([]);
    expect(runCli(s, ['log', 'verify']).status).toBe(0);
  });

  it('an event without a tool_use_id leaves no marker', () => {
    const { tool_use_id: _, ...event } = preToolUse(s, 'Bash', { command: ASKED });
    expect(JSON.stringify(hook(s, event).json)).toContain('"permissionDecision":"ask"');
    expect(markers(s)).toEqual([]);
  });

  it('a marker that cannot be written leaves the ask an ask', () => {
    mkdirSync(s.auditDir, { recursive: true });
    writeFileSync(pending(s), 'not a folder');
    const asked = ask(s, 'toolu_D');
    expect(asked.status).toBe(0);
    expect(JSON.stringify(asked.json)).toContain('"permissionDecision":"ask"');
    expect(ran(s, 'toolu_D').stdout).toBe('{}\n');
    expect(readRecords(s.auditDir).map((r) => r.decision)).toEqual(['ask']);
    rmSync(pending(s));
  });

  it('sweeps markers older than a day when a new one is written', () => {
    ask(s, 'toolu_old');
    const [old] = markers(s);
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(join(pending(s), old as string), twoDaysAgo, twoDaysAgo);
    ask(s, 'toolu_new');
    expect(markers(s)).toHaveLength(1);
    expect(markers(s)).not.toContain(old);
    // The swept ask's PostToolUse no longer counts; the fresh one does.
    ran(s, 'toolu_old');
    ran(s, 'toolu_new');
    expect(readRecords(s.auditDir).map((r) => r.decision)).toEqual(['ask', 'ask', 'approved']);
  });

  it('with the audit log switched off, neither markers nor approvals are written', () => {
    s.write('~/.config/bulwark/policy.yaml', 'audit:\n  enabled: false\n');
    ask(s, 'toolu_E');
    ran(s, 'toolu_E');
    expect(markers(s)).toEqual([]);
    expect(readRecords(s.auditDir)).toEqual([]);
  });
});
