// Bypasses found by an adversarial review, each reproduced here against the built CLI.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, git, hook, preToolUse, type Sandbox } from '../helpers/sandbox';

type Output = { hookSpecificOutput?: { permissionDecision: string; permissionDecisionReason: string } };
const decisionOf = (json: unknown) =>
  (json as Output).hookSpecificOutput?.permissionDecision ?? 'no-objection';
const reasonOf = (json: unknown) => (json as Output).hookSpecificOutput?.permissionDecisionReason ?? '';

describe('hardening', () => {
  let s: Sandbox;
  beforeEach(() => {
    s = createSandbox();
    s.write('~/.ssh/id_rsa', 'PRIVATE KEY');
  });
  afterEach(() => s.cleanup());

  const pre = (tool: string, input: Record<string, unknown>, env?: NodeJS.ProcessEnv) =>
    hook(s, preToolUse(s, tool, input), env);

  describe('MCP inputs are checked in full', () => {
    it('normalises an overlong path spelling instead of skipping it', () => {
      const path = `${s.home}/${'./'.repeat(2100)}.ssh/id_rsa`;
      expect(decisionOf(pre('mcp__filesystem__read_file', { path }).json)).toBe('deny');
    });

    it('checks every value, however many, and denies input too deep to check', () => {
      const paths = [
        ...Array.from({ length: 300 }, (_, i) => `src/file-${i}.ts`),
        join(s.home, '.ssh', 'id_rsa'),
      ];
      expect(decisionOf(pre('mcp__filesystem__read_multiple_files', { paths }).json)).toBe('deny');
      let deep: unknown = 'x';
      for (let i = 0; i < 40; i++) deep = [deep];
      const result = pre('mcp__db__insert', { rows: deep });
      expect(decisionOf(result.json)).toBe('deny');
      expect(reasonOf(result.json)).toContain('too large or too deeply nested');
    });

    it('reads file: URLs in any case and without the double slash', () => {
      for (const uri of [`FILE://${s.home}/.ssh/id_rsa`, `file:${s.home}/.ssh/id_rsa`]) {
        expect(decisionOf(pre('mcp__fs__read_resource', { uri }).json), uri).toBe('deny');
        expect(decisionOf(pre('ReadMcpResourceTool', { server: 'fs', uri }).json), uri).toBe('deny');
      }
    });

    it('denies an overlong metadata URL instead of skipping it', () => {
      const url = `http://169.254.169.254/latest/meta-data/?p=${'a'.repeat(9000)}`;
      expect(decisionOf(pre('mcp__fetch__fetch', { url }).json)).toBe('deny');
    });
  });

  it('does not let a repository grant itself directories through its .claude/settings.json', () => {
    s.write('~/.config/bulwark/policy.yaml', 'profile: strict\n');
    s.write('.claude/settings.json', JSON.stringify({ permissions: { additionalDirectories: ['/'] } }));
    s.write('.claude/settings.local.json', JSON.stringify({ permissions: { additionalDirectories: ['/'] } }));
    const write = pre('Write', { file_path: join(s.home, '.local', 'bin', 'git'), content: '' });
    expect(decisionOf(write.json)).toBe('deny');
    s.write(
      '~/.claude/settings.json',
      JSON.stringify({ permissions: { additionalDirectories: ['~/scratch'] } }),
    );
    expect(pre('Write', { file_path: join(s.home, 'scratch', 'a.txt'), content: '' }).stdout).toBe('{}\n');
  });

  it('protects Claude Code’s files wherever CLAUDE_CONFIG_DIR puts them', () => {
    const configDir = join(s.home, '.config', 'claude');
    const env = { CLAUDE_CONFIG_DIR: configDir };
    s.write('~/.config/bulwark/policy.yaml', 'profile: relaxed\n');
    const settings = pre('Write', { file_path: join(configDir, 'settings.json'), content: '{}' }, env);
    expect(decisionOf(settings.json)).toBe('deny');
    expect(reasonOf(settings.json)).toContain("guard's own configuration");
    expect(decisionOf(pre('Read', { file_path: join(configDir, '.credentials.json') }, env).json)).toBe(
      'deny',
    );
    expect(
      decisionOf(
        pre('Edit', { file_path: join(configDir, '.claude.json'), old_string: 'a', new_string: 'b' }, env)
          .json,
      ),
    ).toBe('deny');
  });

  describe('Grep sees what ripgrep reads', () => {
    it('inside a nested repository and a submodule', () => {
      s.write('vendor/lib/server.key', 'PRIVATE');
      git(join(s.project, 'vendor', 'lib'), 'init', '-q');
      const nested = pre('Grep', { pattern: 'PRIVATE', path: s.project });
      expect(decisionOf(nested.json)).toBe('deny');
      expect(reasonOf(nested.json)).toContain('vendor/lib/server.key');

      const other = createSandbox();
      try {
        const upstream = join(other.root, 'upstream');
        mkdirSync(upstream);
        git(upstream, 'init', '-q');
        other.write(join(upstream, 'deploy.pem'), 'PRIVATE');
        git(upstream, 'add', '.');
        git(upstream, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'init');
        execFileSync(
          'git',
          ['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', upstream, 'mods/up'],
          {
            cwd: other.project,
            stdio: 'ignore',
          },
        );
        const result = hook(other, preToolUse(other, 'Grep', { pattern: 'PRIVATE', path: other.project }));
        expect(decisionOf(result.json)).toBe('deny');
        expect(reasonOf(result.json)).toContain('mods/up/deploy.pem');
      } finally {
        other.cleanup();
      }
    });

    it('with a glob filter anchored at the working directory', () => {
      s.write('certs/x.pem', 'PRIVATE');
      const result = pre('Grep', { pattern: 'PRIVATE', path: join(s.project, 'certs'), glob: 'certs/*.pem' });
      expect(decisionOf(result.json)).toBe('deny');
    });
  });

  it('takes the project and home paths literally in patterns, whatever characters they hold', () => {
    const odd = join(s.home, 'p[1]');
    mkdirSync(odd);
    git(odd, 'init', '-q');
    s.write(join(odd, '.bulwark', 'policy.yaml'), 'files:\n  secretFiles: [config/credentials.yml]\n');
    const write = hook(
      s,
      preToolUse(s, 'Write', { file_path: join(odd, '.bulwark', 'policy.yaml'), content: '' }, odd),
    );
    expect(decisionOf(write.json)).toBe('deny');
    const read = hook(s, preToolUse(s, 'Read', { file_path: join(odd, 'config', 'credentials.yml') }, odd));
    expect(decisionOf(read.json)).toBe('deny');
  });

  describe('a hostile project policy file', () => {
    it('linked to /dev/zero is refused at once instead of hanging the hook', () => {
      mkdirSync(join(s.project, '.bulwark'));
      symlinkSync('/dev/zero', join(s.project, '.bulwark', 'policy.yaml'));
      const result = pre('Bash', { command: 'ls' });
      expect(result.status).toBe(2);
      expect(reasonOf(result.json)).toContain('is not a regular file');
    });

    it('linked to a secret elsewhere is refused without quoting the secret', () => {
      // bulwark:allow secrets.vault-token -- a fake credential the test feeds to bulwark on purpose
      s.write('~/.vault-token', 'hvs.CAESIJlWh2mK3vQzX9pTq8rYbN4sLd7fGe1uTOKEN');
      mkdirSync(join(s.project, '.bulwark'));
      symlinkSync(join(s.home, '.vault-token'), join(s.project, '.bulwark', 'policy.yaml'));
      const result = pre('Bash', { command: 'ls' });
      expect(result.status).toBe(2);
      expect(reasonOf(result.json)).toContain('leads outside the project');
      expect(result.stdout + result.stderr).not.toContain('hvs.CAES');
    });
  });
});
