// `bulwark suggest` end to end: approvals recorded by real hook runs (an ask, then the PostToolUse
// of the same call), proposals printed as a diff, written only with --apply, and never a rule for
// what is denied now.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditRecord } from '../../src/audit/log';
import { Deadline } from '../../src/core/deadline';
import { commandPatternMatches } from '../../src/engines/shell/patterns';
import { createSandbox, hook, preToolUse, runCli, type Sandbox } from '../helpers/sandbox';

let calls = 0;

/** What Claude Code sends when bulwark asks about a command and the user allows it. */
function approve(s: Sandbox, command: string, session: string) {
  const id = `toolu_${++calls}`;
  const pre = hook(s, { ...preToolUse(s, 'Bash', { command }), session_id: session, tool_use_id: id });
  expect(JSON.stringify(pre.json), command).toContain('"permissionDecision":"ask"');
  const post = hook(s, {
    ...preToolUse(s, 'Bash', { command }),
    hook_event_name: 'PostToolUse',
    tool_response: { stdout: '', stderr: '', interrupted: false, isImage: false },
    session_id: session,
    tool_use_id: id,
  });
  expect(post.status).toBe(0);
}

const userPolicy = (s: Sandbox) => join(s.home, '.config', 'bulwark', 'policy.yaml');

describe('bulwark suggest', () => {
  let s: Sandbox;
  let relaxed: string;
  beforeAll(() => {
    s = createSandbox();
    // Start restrictive: the user's own rules ask before deploys and releases.
    s.write(
      '~/.config/bulwark/policy.yaml',
      'shell:\n  rules:\n    - { command: "make deploy", action: ask }\n    - { command: "make release", action: ask }\n',
    );
    for (const session of ['s1', 's2', 's1']) {
      approve(s, 'make deploy', session);
      approve(s, 'make release', session);
      approve(s, 'git checkout -- src', session);
    }
    approve(s, 'make deploy', 's3');
    // Approvals of a command bulwark denies cannot come from the hook; written straight to the log.
    for (let i = 0; i < 4; i++) {
      appendAuditRecord(
        {
          session: 'forged',
          agent: 'claude-code',
          event: 'PostToolUse',
          tool: 'Bash',
          input: 'rm -rf ~',
          decision: 'approved',
          reason: 'test',
          cwd: s.project,
        },
        { dir: s.auditDir, maxFileBytes: 10 * 1024 * 1024, deadline: new Deadline(5000) },
      );
    }
    // Then the user decides deploys need no question from bulwark, and releases are never the agent's.
    relaxed = '# my policy\nshell:\n  rules: # mine\n    - { command: "make release", action: deny }\n';
    s.write('~/.config/bulwark/policy.yaml', relaxed);
  }, 120_000);
  afterAll(() => s.cleanup());

  it('prints the proposals and the diff, and writes nothing', () => {
    const result = runCli(s, ['suggest']);
    expect(result.status, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toContain('bulwark suggest: 2 allow rules from 14 approvals');
    expect(out).toMatch(/1\. make deploy\n {3}approved +4 times in 3 sessions/);
    expect(out).toContain('with this rule it runs without asking');
    expect(out).toMatch(
      /2\. git checkout -- src\n[\s\S]*bulwark itself still asks about this \(shell\.git-discard-changes\)/,
    );
    expect(out).toMatch(/make release \(3 approvals\): denied now \(shell\.policy-rule/);
    expect(out).toMatch(/rm -rf ~ \(4 approvals\): denied now \(shell\.delete-critical/);
    expect(out).toContain(`--- ${userPolicy(s)}\n+++ ${userPolicy(s)}\n@@ -2,3 +2,10 @@`);
    expect(out).toContain(
      '+  # bulwark suggest: `make deploy`, 4 approvals in 3 sessions\n+  - tool: Bash\n+    commands: ["make deploy"]',
    );
    expect(out).toContain('Allow rules only ever turn "no objection" into allow');
    expect(out).toContain('Nothing written.');
    expect(readFileSync(userPolicy(s), 'utf8')).toBe(relaxed);
  });

  it('--json gives the proposals, and none admits a denied command', () => {
    const result = runCli(s, ['suggest', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      auditDir: s.auditDir,
      policyFile: userPolicy(s),
      approved: 14,
      applied: false,
    });
    expect(
      json.proposals.map((p: { kind: string; patterns: string[]; now: string }) => [
        p.kind,
        p.patterns,
        p.now,
      ]),
    ).toEqual([
      ['exact', ['make deploy'], 'no-objection'],
      ['exact', ['git checkout -- src'], 'ask'],
    ]);
    expect(
      json.skipped.map((entry: { command: string; reason: string }) => [entry.command, entry.reason]),
    ).toEqual(
      expect.arrayContaining([
        ['make release', 'denied'],
        ['rm -rf ~', 'denied'],
      ]),
    );
    const patterns: string[] = json.proposals.flatMap((p: { patterns: string[] }) => p.patterns);
    for (const denied of [
      ['make', 'release'],
      ['rm', '-rf', s.home],
    ]) {
      expect(patterns.some((pattern) => commandPatternMatches(pattern, denied))).toBe(false);
    }
    expect(json.diff).toContain('+allow:');
    expect(readFileSync(userPolicy(s), 'utf8')).toBe(relaxed);
  });

  it('--apply writes the rules, keeping the file, and explain then answers ALLOW', () => {
    expect(runCli(s, ['explain', 'make deploy']).stdout).toMatch(/^NO OBJECTION {2}Bash make deploy/);
    const result = runCli(s, ['suggest', '--apply']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`updated ${userPolicy(s)}`);
    const written = readFileSync(userPolicy(s), 'utf8');
    expect(written.startsWith(relaxed)).toBe(true);
    expect(written).toContain(
      'allow:\n  # bulwark suggest: `make deploy`, 4 approvals in 3 sessions\n  - tool: Bash\n    commands: ["make deploy"]\n',
    );
    expect(runCli(s, ['policy', 'check']).status).toBe(0);

    const allowed = runCli(s, ['explain', 'make deploy']);
    expect(allowed.stdout).toMatch(/^ALLOW {2}Bash make deploy/);
    expect(allowed.stdout).toContain('auto-approved by an allow rule for Bash (user policy');
    expect(runCli(s, ['explain', 'make release']).stdout).toMatch(/^DENY {2}Bash make release/);
    expect(runCli(s, ['explain', 'rm -rf ~']).stdout).toMatch(/^DENY {2}Bash rm -rf ~/);
    expect(runCli(s, ['explain', 'git checkout -- src']).stdout).toMatch(/^ASK {2}Bash git checkout -- src/);

    // A second run has nothing left to add.
    const again = runCli(s, ['suggest', '--apply']);
    expect(again.stdout).toContain('bulwark suggest: 0 allow rules');
    expect(again.stdout).toMatch(/make deploy \(4 approvals\): auto-approved by an allow rule/);
    expect(readFileSync(userPolicy(s), 'utf8')).toBe(written);
    expect(runCli(s, ['log', 'verify']).status).toBe(0);
  });

  it('says how approvals are recorded when there are none, and rejects bad usage (exit 2)', () => {
    const fresh = createSandbox();
    try {
      const empty = runCli(fresh, ['suggest']);
      expect(empty.status).toBe(0);
      expect(empty.stdout).toContain('No approved commands in the audit log');
      expect(empty.stdout).toContain('the PostToolUse hook that `bulwark init` registers');
      expect(JSON.parse(runCli(fresh, ['suggest', '--json']).stdout)).toMatchObject({
        approved: 0,
        proposals: [],
      });
      expect(runCli(fresh, ['suggest', '--min-approvals', '0']).status).toBe(2);
      const missing = runCli(fresh, ['suggest', '--cwd', join(fresh.root, 'nope')]);
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/error: --cwd .* is not a directory\nfix: /);
      fresh.write('~/.config/bulwark/policy.yaml', 'allow: {tool: Bash}\n');
      const invalid = runCli(fresh, ['suggest']);
      expect(invalid.status).toBe(2);
      expect(invalid.stderr).toContain('fix: bulwark policy check');
    } finally {
      fresh.cleanup();
    }
  });
});
