// The commands a user types, run as the built CLI in a temporary HOME and git project.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, preToolUse, runCli, type Sandbox } from '../helpers/sandbox';

describe('bulwark CLI', () => {
  let s: Sandbox;
  beforeAll(() => {
    s = createSandbox();
    s.write('~/.ssh/id_rsa', 'key');
    s.write('.env', 'TOKEN=x\n');
  });
  afterAll(() => s.cleanup());

  it('--help teaches every command; --version prints the version', () => {
    const help = runCli(s, ['--help']);
    expect(help.status).toBe(0);
    for (const command of ['init', 'hook', 'policy', 'explain', 'log', 'scan'])
      expect(help.stdout).toContain(command);
    expect(help.stdout).toContain('Exit codes');
    expect(runCli(s, []).stdout).toContain('Usage: bulwark');
    expect(runCli(s, ['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    for (const sub of [
      ['policy', '--help'],
      ['log', 'verify', '--help'],
      ['explain', '--help'],
      ['hook', 'claude-code', '--help'],
    ]) {
      const result = runCli(s, sub);
      expect(result.status, sub.join(' ')).toBe(0);
      expect(result.stdout, sub.join(' ')).toContain('Usage: bulwark');
    }
  });

  it('rejects unknown commands and options with exit code 2', () => {
    const unknown = runCli(s, ['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect(runCli(s, ['log', 'tail', '-n', 'zero']).status).toBe(2);
  });

  describe('explain', () => {
    it('prints the decision, the rule, the reason and the trace', () => {
      const result = runCli(s, ['explain', '--tool', 'Read', join(s.home, '.ssh', 'id_rsa')]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^DENY {2}Read /);
      expect(result.stdout).toContain('rule    files.secret-read');
      expect(result.stdout).toMatch(
        /files {2}deny +files\.secret-read: Reading .*\[built-in profile profiles\/standard\.yaml:\d+\]/,
      );
      expect(result.stdout).toContain('hook answer: {"hookSpecificOutput"');
    });

    it('guesses WebFetch for a URL and explains the metadata denial', () => {
      const result = runCli(s, ['explain', 'http://169.254.169.254/latest/meta-data/']);
      expect(result.stdout).toMatch(/^DENY {2}WebFetch http:\/\/169\.254\.169\.254/);
      expect(result.stdout).toContain('net.metadata');
    });

    it('gives JSON with the exact hook answer', () => {
      const result = runCli(s, ['explain', '--json', '--tool', 'Write', '~/.bashrc']);
      const json = JSON.parse(result.stdout);
      expect(json.decision).toMatchObject({ outcome: 'deny', ruleId: 'files.persistence-write' });
      expect(json.hookOutput.hookSpecificOutput.permissionDecision).toBe('deny');
      expect(json.decision.trace.map((step: { engine: string }) => step.engine)).toEqual(['tools', 'files']);
    });

    it('explains a raw hook event from stdin, and a shell command given as the target', () => {
      const event = JSON.stringify(preToolUse(s, 'Read', { file_path: join(s.project, '.env') }));
      expect(runCli(s, ['explain', '--event', '-'], { input: event }).stdout).toMatch(/^DENY/);
      const bash = runCli(s, ['explain', 'X=rm; $X -rf /']);
      expect(bash.stdout).toMatch(/^DENY {2}Bash X=rm; \$X -rf \//);
      expect(bash.stdout).toContain('shell.delete-critical');
      expect(runCli(s, ['explain', 'ls -la']).stdout).toMatch(/^NO OBJECTION/);
    });

    it('passes extra tool input, and reports bad input as a usage error', () => {
      const grep = runCli(s, ['explain', '--tool', 'Grep', '--input', '{"glob":"*.ts"}', '~/.ssh']);
      expect(grep.stdout).toMatch(/^NO OBJECTION/);
      const bad = runCli(s, ['explain', '--tool', 'Grep', '--input', '{oops', '.']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--input is not valid JSON');
      expect(runCli(s, ['explain']).status).toBe(2);
    });
  });

  describe('policy', () => {
    it('show prints every value with the file and line it came from', () => {
      s.write('.bulwark/policy.yaml', 'profile: strict\nnet:\n  denyDomains:\n    - pastebin.com\n');
      try {
        const result = runCli(s, ['policy', 'show']);
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/profile: strict {2}project policy .*\.bulwark\/policy\.yaml:1/);
        expect(result.stdout).toMatch(/pastebin\.com +project policy .*\.bulwark\/policy\.yaml:4/);
        expect(result.stdout).toMatch(/files\.outsideProjectWrites: deny .*profiles\/strict\.yaml/);
        expect(result.stdout).toContain('always write-protected');
        const json = JSON.parse(runCli(s, ['policy', 'show', '--json']).stdout);
        expect(json.policy.profile).toMatchObject({ value: 'strict', source: { layer: 'project', line: 1 } });
      } finally {
        s.write('.bulwark/policy.yaml', '');
      }
    });

    it('check reports problems as file:line: key: problem (known keys: ...) and exits 1', () => {
      s.write('~/.config/bulwark/policy.yaml', 'files:\n  secretFile: [x]\nprofile: loose\n');
      try {
        const result = runCli(s, ['policy', 'check']);
        expect(result.status).toBe(1);
        const file = join(s.home, '.config', 'bulwark', 'policy.yaml');
        expect(result.stdout).toContain(
          `${file}:2: files.secretFile: unknown key (did you mean secretFiles?) (known keys: secretFiles,`,
        );
        expect(result.stdout).toContain(
          `${file}:3: profile: expected one of strict, standard, relaxed, got "loose"`,
        );
        expect(JSON.parse(runCli(s, ['policy', 'check', '--json']).stdout)).toMatchObject({
          valid: false,
          issues: [{ line: 2 }, { line: 3 }],
        });
      } finally {
        s.write('~/.config/bulwark/policy.yaml', '');
      }
      const fine = runCli(s, ['policy', 'check']);
      expect(fine.status).toBe(0);
      expect(fine.stdout).toContain('policy valid: profile standard');
    });

    it('check reads the managed policy and refuses a project that loosens', () => {
      s.write(s.managedPolicy, 'locked: true\n');
      s.write('.bulwark/policy.yaml', 'allow:\n  - tool: Read\n');
      try {
        const result = runCli(s, ['policy', 'check']);
        expect(result.status).toBe(1);
        expect(result.stdout).toContain('allow: a project policy can only tighten');
      } finally {
        s.write('.bulwark/policy.yaml', '');
        s.write(s.managedPolicy, '');
      }
    });
  });

  it('log verify on a machine with no log yet says so and exits 0', () => {
    const other = createSandbox();
    try {
      const result = runCli(other, ['log', 'verify']);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('no audit log');
      expect(runCli(other, ['log', 'tail']).stderr).toContain('no decisions recorded yet');
    } finally {
      other.cleanup();
    }
  });
});
