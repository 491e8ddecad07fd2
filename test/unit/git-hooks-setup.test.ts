// The git-hook step of `bulwark init` for each hook manager: what it writes, that a second run
// writes nothing, and that uninstall's removal gives the user's file back.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planGitHooks, withoutHookManagerEntries } from '../../src/setup/git-hooks/install';
import { hookBlock } from '../../src/setup/git-hooks/scripts';
import { removeBlocks } from '../../src/setup/marked-block';
import type { FileChange } from '../../src/setup/plan';
import { inspectRepository, readOptional } from '../../src/setup/repository';

const INSTALL = { nodePath: '/opt/node/bin/node', binPath: "/opt/it's/bulwark/bin/bulwark.cjs" };
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function repository(files: Record<string, string> = {}): string {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-hooks-'));
  execFileSync('git', ['init', '-q', dir]);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

function apply(changes: readonly FileChange[]): void {
  for (const change of changes) {
    mkdirSync(join(change.file, '..'), { recursive: true });
    writeFileSync(change.file, change.after, { mode: change.mode });
  }
}

function plan() {
  return planGitHooks(inspectRepository(dir), INSTALL, readOptional);
}

describe('git hooks without a hook manager', () => {
  it('writes executable pre-commit and pre-push scripts that call this installation', () => {
    repository();
    const { changes } = plan();
    expect(changes.map((c) => c.file)).toEqual([
      join(dir, '.git/hooks/pre-commit'),
      join(dir, '.git/hooks/pre-push'),
    ]);
    expect(changes[0]?.mode).toBe(0o755);
    expect(changes[0]?.after).toMatch(/^#!\/bin\/sh\n# >>> bulwark: pre-commit/);
    expect(changes[0]?.after).toContain(
      `'/opt/it'\\''s/bulwark/bin/bulwark.cjs' hook git pre-commit || exit 1`,
    );
    apply(changes);
    expect(plan().changes).toEqual([]);
  });

  it('adds itself to an existing shell hook after its #! line and gives it back on removal', () => {
    const original = '#!/usr/bin/env bash\nset -e\nnpm run lint\n';
    repository({ '.git/hooks/pre-commit': original });
    const change = plan().changes[0] as FileChange;
    expect(change.after.startsWith('#!/usr/bin/env bash\n# >>> bulwark: pre-commit')).toBe(true);
    expect(change.after.endsWith('set -e\nnpm run lint\n')).toBe(true);
    expect(removeBlocks(change.after)).toBe(original);
  });

  it('leaves a hook in another language alone and says what to add', () => {
    repository({ '.git/hooks/pre-commit': '#!/usr/bin/env python3\nprint("hi")\n' });
    const result = plan();
    expect(result.changes.map((c) => c.file)).toEqual([join(dir, '.git/hooks/pre-push')]);
    expect(result.notices.some((n) => n.level === 'warn' && n.message.includes('not a shell script'))).toBe(
      true,
    );
  });

  it('installs where core.hooksPath points', () => {
    repository();
    execFileSync('git', ['config', 'core.hooksPath', 'tools/hooks'], { cwd: dir });
    expect(plan().changes.map((c) => c.file)).toEqual([
      join(dir, 'tools/hooks/pre-commit'),
      join(dir, 'tools/hooks/pre-push'),
    ]);
  });
});

describe('the pre-push block', () => {
  it('passes the pushed refs to bulwark and hands them on to the rest of the hook', () => {
    repository();
    const fakeBin = join(dir, 'fake-bulwark.cjs');
    writeFileSync(
      fakeBin,
      "process.stdout.write('bulwark saw: ' + require('fs').readFileSync(0, 'utf8'));\n",
    );
    const script = join(dir, 'hook.sh');
    const block = hookBlock({ nodePath: process.execPath, binPath: fakeBin }, 'pre-push');
    writeFileSync(script, `#!/bin/sh\n${block}echo "rest saw: $(cat)"\n`);
    chmodSync(script, 0o755);
    const result = spawnSync('sh', [script], {
      input: 'refs/heads/main abc refs/heads/main def\n',
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('bulwark saw: refs/heads/main abc refs/heads/main def');
    expect(result.stdout).toContain('rest saw: refs/heads/main abc refs/heads/main def');
  });

  it('stops the push when bulwark is gone, saying so', () => {
    repository();
    const script = join(dir, 'hook.sh');
    writeFileSync(
      script,
      `#!/bin/sh\n${hookBlock({ nodePath: '/nonexistent/node', binPath: '/nonexistent/bulwark.cjs' }, 'pre-commit')}`,
    );
    const result = spawnSync('sh', [script], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bulwark: not found at /nonexistent/bulwark.cjs');
  });
});

describe('lefthook', () => {
  it('adds named commands, keeps the user’s config and comments, and removes only its own', () => {
    const original = '# team hooks\npre-commit:\n  commands:\n    lint:\n      run: npm run lint # fast\n';
    repository({ 'lefthook.yml': original });
    const change = plan().changes[0] as FileChange;
    expect(change.file).toBe(join(dir, 'lefthook.yml'));
    const config = parse(change.after);
    expect(config['pre-commit'].commands.lint.run).toBe('npm run lint');
    expect(config['pre-commit'].commands['bulwark-secrets'].run).toContain('hook git pre-commit');
    expect(config['pre-push'].commands['bulwark-push']).toMatchObject({ use_stdin: true });
    expect(change.after).toContain('# team hooks');
    apply([change]);
    expect(plan().changes).toEqual([]);
    expect(withoutHookManagerEntries(change.file, change.after)).toBe(original);
  });
});

describe('the pre-commit framework', () => {
  it('adds a local repo with both hooks and removes it again', () => {
    const original =
      'repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n    hooks:\n      - id: black\n';
    repository({ '.pre-commit-config.yaml': original });
    const change = plan().changes[0] as FileChange;
    const config = parse(change.after);
    expect(config.repos).toHaveLength(2);
    expect(config.repos[1]).toMatchObject({ repo: 'local' });
    expect(config.repos[1].hooks.map((h: { id: string; stages: string[] }) => [h.id, h.stages])).toEqual([
      ['bulwark-secrets', ['pre-commit']],
      ['bulwark-push', ['pre-push']],
    ]);
    apply([change]);
    expect(plan().changes).toEqual([]);
    expect(withoutHookManagerEntries(change.file, readFileSync(change.file, 'utf8'))).toBe(original);
  });
});
