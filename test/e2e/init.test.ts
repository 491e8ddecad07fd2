// `bulwark init` in a temporary repository, and the command it registers run the way Claude Code
// runs a command hook (through a shell).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, createSandbox, preToolUse, REPO_ROOT, runCli, runNode, type Sandbox } from '../helpers/sandbox';

type Settings = {
  hooks: Record<
    string,
    Array<{ matcher?: string; hooks: Array<{ command: string; onFailure?: string; timeout?: number }> }>
  >;
};

describe('bulwark init', () => {
  let s: Sandbox;
  beforeEach(() => {
    s = createSandbox();
  });
  afterEach(() => s.cleanup());

  const settingsFile = () => join(s.project, '.claude', 'settings.json');

  it('writes the project policy and registers the hooks by absolute path, with onFailure block', () => {
    const result = runCli(s, ['init', '--yes']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('created .bulwark/policy.yaml');
    expect(result.stdout).toContain('created .claude/settings.json');
    expect(readFileSync(join(s.project, '.bulwark', 'policy.yaml'), 'utf8')).toContain('profile: standard');
    const settings = JSON.parse(readFileSync(settingsFile(), 'utf8')) as Settings;
    expect(Object.keys(settings.hooks)).toEqual([
      'PreToolUse',
      'PostToolUse',
      'UserPromptSubmit',
      'PermissionRequest',
      'SessionEnd',
    ]);
    const handler = settings.hooks.PreToolUse?.[0]?.hooks[0];
    expect(settings.hooks.PreToolUse?.[0]?.matcher).toBe('*');
    expect(handler).toMatchObject({ onFailure: 'block', timeout: 10 });
    expect(handler?.command).toBe(`'${process.execPath}' '${BIN}' hook claude-code`);
    expect(handler?.command).not.toContain('npx');
    expect(runCli(s, ['policy', 'check']).status).toBe(0);
  });

  it('registers a command that really answers as the hook when run through a shell', () => {
    runCli(s, ['init']);
    s.write('.env', 'TOKEN=x\n');
    const settings = JSON.parse(readFileSync(settingsFile(), 'utf8')) as Settings;
    const command = settings.hooks.PreToolUse?.[0]?.hooks[0]?.command ?? '';
    const output = execFileSync('sh', ['-c', command], {
      input: JSON.stringify(preToolUse(s, 'Read', { file_path: join(s.project, '.env') })),
      env: s.env,
      cwd: s.project,
      encoding: 'utf8',
    });
    expect(JSON.parse(output).hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it('a second init changes nothing, byte for byte', () => {
    runCli(s, ['init']);
    const before = [readFileSync(settingsFile()), readFileSync(join(s.project, '.bulwark', 'policy.yaml'))];
    const again = runCli(s, ['init']);
    expect(again.stdout).toContain('Already set up: nothing to change.');
    expect(readFileSync(settingsFile()).equals(before[0] as Buffer)).toBe(true);
    expect(readFileSync(join(s.project, '.bulwark', 'policy.yaml')).equals(before[1] as Buffer)).toBe(true);
  });

  it('keeps the user’s settings and key order, backs up the original, and replaces an old registration', () => {
    const original = {
      model: 'opus',
      permissions: { allow: ['Bash(npm test)'] },
      hooks: {
        PreToolUse: [
          { matcher: 'Bash', hooks: [{ type: 'command', command: '/usr/local/bin/my-guard' }] },
          {
            matcher: '*',
            hooks: [
              { type: 'command', command: "'/old/node' '/old/place/bin/bulwark.cjs' hook claude-code" },
            ],
          },
        ],
      },
      env: { A: '1' },
    };
    s.write('.claude/settings.json', `${JSON.stringify(original, null, 4)}\n`);
    runCli(s, ['init']);
    const settings = JSON.parse(readFileSync(settingsFile(), 'utf8')) as Settings & Record<string, unknown>;
    expect(Object.keys(settings)).toEqual(['model', 'permissions', 'hooks', 'env']);
    const pre = settings.hooks.PreToolUse ?? [];
    expect(pre).toHaveLength(2);
    expect(pre[0]?.hooks[0]?.command).toBe('/usr/local/bin/my-guard');
    expect(pre[1]?.hooks).toHaveLength(1);
    expect(pre[1]?.hooks[0]?.command).toContain(BIN);
    // The original is kept outside the repository, and uninstall puts it back byte for byte.
    expect(existsSync(`${settingsFile()}.bulwark-backup`)).toBe(false);
    expect(runCli(s, ['uninstall', '--yes']).status).toBe(0);
    expect(readFileSync(settingsFile(), 'utf8')).toBe(`${JSON.stringify(original, null, 4)}\n`);
  });

  it('--dry-run shows the changes and writes nothing', () => {
    const result = runCli(s, ['init', '--dry-run', '--profile', 'strict']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('would create .bulwark/policy.yaml');
    expect(result.stdout).toContain('+ profile: strict');
    expect(result.stdout).toContain('dry run: nothing was written');
    expect(existsSync(join(s.project, '.bulwark'))).toBe(false);
    expect(existsSync(join(s.project, '.claude'))).toBe(false);
  });

  it('--global registers in ~/.claude/settings.json; broken settings are an error that names the file', () => {
    expect(runCli(s, ['init', '--global']).status).toBe(0);
    expect(readFileSync(join(s.home, '.claude', 'settings.json'), 'utf8')).toContain('hook claude-code');
    s.write('.claude/settings.json', '{ "model": "opus", }');
    const broken = runCli(s, ['init']);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain(`${settingsFile()} is not valid JSON`);
  });

  it('says so outside a git repository and still secures the folder', () => {
    const plain = createSandbox({ git: false });
    try {
      const result = runCli(plain, ['init']);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('is not a git repository');
    } finally {
      plain.cleanup();
    }
  });
});

describe('the entry point', () => {
  let s: Sandbox;
  beforeEach(() => {
    s = createSandbox();
  });
  afterEach(() => s.cleanup());

  /** A copy of the installation whose dist/hook.cjs is replaced (or removed). */
  function brokenInstall(hookSource: string | undefined): string {
    const dir = join(s.root, 'install');
    mkdirSync(join(dir, 'dist'), { recursive: true });
    cpSync(join(REPO_ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    if (hookSource !== undefined) writeFileSync(join(dir, 'dist', 'hook.cjs'), hookSource);
    return join(dir, 'bin', 'bulwark.cjs');
  }

  it.each([
    ['missing', undefined],
    ['throwing on load', 'throw new Error("broken build");'],
    ['rejecting', 'exports.runHookCommand = async () => { throw new Error("rejected"); };'],
  ])('denies with exit code 2 when the hook bundle is %s', (_label, source) => {
    const bin = brokenInstall(source);
    const result = runNode([bin, 'hook', 'claude-code'], { cwd: s.project, env: s.env, input: '{}' });
    expect(result.status).toBe(2);
    const output = JSON.parse(result.stdout);
    expect(output.hookSpecificOutput).toMatchObject({
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
    });
    expect(output.hookSpecificOutput.permissionDecisionReason).toContain('could not start');
  });

  it('caches compiled code, and a corrupted cache only costs time', () => {
    s.write('.env', 'TOKEN=x\n');
    const event = JSON.stringify(preToolUse(s, 'Read', { file_path: join(s.project, '.env') }));
    const cacheDir = join(s.home, '.cache', 'bulwark', 'v8');
    expect(runCli(s, ['hook', 'claude-code'], { input: event }).status).toBe(0);
    // The first call also compiles the policy: compile.cjs is cached too.
    const cacheFile = readdirSync(cacheDir).find((f) => f.startsWith('hook-'));
    expect(cacheFile).toMatch(/^hook-v\d+.*\.bin$/);
    writeFileSync(join(cacheDir, cacheFile as string), 'garbage, not a V8 code cache');
    const result = runCli(s, ['hook', 'claude-code'], { input: event });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
    expect(readFileSync(join(cacheDir, cacheFile as string)).length).toBeGreaterThan(1000);
    // The shell engine, loaded only for Bash, gets its own cache.
    const bash = JSON.stringify(preToolUse(s, 'Bash', { command: 'ls' }));
    expect(runCli(s, ['hook', 'claude-code'], { input: bash }).status).toBe(0);
    expect(readdirSync(cacheDir).filter((f) => f.startsWith('shell-'))).toHaveLength(1);
  });

  it('a FIFO planted where a cache belongs is not read: the hook answers, it does not hang', () => {
    const hook = join(REPO_ROOT, 'dist', 'hook.cjs');
    const stats = statSync(hook);
    const cacheDir = join(s.home, '.cache', 'bulwark', 'v8');
    mkdirSync(cacheDir, { recursive: true });
    const name = `hook-${process.version}-${process.arch}-${stats.size}-${Math.floor(stats.mtimeMs)}.bin`;
    execFileSync('mkfifo', [join(cacheDir, name)]);
    const event = JSON.stringify(preToolUse(s, 'Read', { file_path: join(s.project, '.env') }));
    const result = runCli(s, ['hook', 'claude-code'], { input: event });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
  });
});
