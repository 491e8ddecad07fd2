// `bulwark init`, `doctor` and `uninstall` end to end, the way a user meets them: a temporary HOME,
// real git repositories (fresh, husky, existing Claude settings, an npm + uv monorepo, and a folder
// that is not a repository), real commits and pushes through the hooks init installs.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, createSandbox, preToolUse, REPO_ROOT, runCli, type Sandbox } from '../helpers/sandbox';

const TOKEN = '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';
const AUTHOR = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

let s: Sandbox;
afterEach(() => s?.cleanup());

function git(args: string[], options: { cwd?: string } = {}) {
  return spawnSync('git', args, {
    cwd: options.cwd ?? s.project,
    env: { ...s.env, ...AUTHOR },
    encoding: 'utf8',
  });
}

function commitAll(message: string) {
  git(['add', '-A']);
  return git(['commit', '-q', '-m', message]);
}

/** Every file of the project (and git's hooks and config), path → bytes as text. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      const rel = relative(dir, path);
      if (rel === '.git') {
        for (const kept of ['config', 'hooks'])
          if (existsSync(join(path, kept))) {
            if (statSync(join(path, kept)).isDirectory()) walk(join(path, kept));
            else files.set(`.git/${kept}`, readFileSync(join(path, kept), 'utf8'));
          }
        continue;
      }
      if (name === 'node_modules') continue;
      if (lstatSync(path).isSymbolicLink()) files.set(rel, `-> ${readlinkSync(path)}`);
      else if (statSync(path).isDirectory()) walk(path);
      else files.set(rel, `${readFileSync(path, 'utf8')}${statSync(path).mode & 0o111 ? ' (x)' : ''}`);
    }
  };
  walk(dir);
  return files;
}

function settingsCommand(file = join(s.project, '.claude', 'settings.json')): string {
  const settings = JSON.parse(readFileSync(file, 'utf8'));
  const handlers = settings.hooks.PreToolUse.flatMap(
    (group: { hooks: { command: string }[] }) => group.hooks,
  );
  return handlers.find((h: { command: string }) => h.command.includes('bulwark')).command;
}

/** A PreToolUse for Read .env, through the registered command run by a shell as Claude Code runs it. */
function readEnvThroughRegisteredCommand(command: string): string {
  s.write('.env', 'GITHUB_TOKEN=x\n');
  const output = execFileSync('sh', ['-c', command], {
    input: JSON.stringify(preToolUse(s, 'Read', { file_path: join(s.project, '.env') })),
    env: s.env,
    cwd: s.project,
    encoding: 'utf8',
  });
  return JSON.parse(output).hookSpecificOutput.permissionDecision;
}

function doctorJson(): { score: number; checks: Array<{ id: string; status: string }> } {
  const result = runCli(s, ['doctor', '--json']);
  return JSON.parse(result.stdout);
}

function statusOf(report: ReturnType<typeof doctorJson>, id: string) {
  return report.checks.find((check) => check.id === id)?.status;
}

/** The check every scenario shares: a token is refused at commit and goes through once removed. */
function expectCommitGuard() {
  s.write('src/config.ts', `export const token = "${TOKEN}";\n`);
  const refused = commitAll('add config');
  expect(refused.status).not.toBe(0);
  expect(refused.stdout + refused.stderr).toContain('commit refused');
  expect(refused.stdout + refused.stderr).not.toContain(TOKEN);
  s.write('src/config.ts', 'export const token = process.env.GITHUB_TOKEN;\n');
  const accepted = commitAll('add config');
  expect(accepted.status).toBe(0);
  expect(accepted.stderr).toContain('no secrets found');
}

describe('a fresh repository', () => {
  it('init --yes sets up every layer; commits, pushes, hook events, doctor, a second init and uninstall behave', () => {
    s = createSandbox();
    s.write('README.md', '# app\n');
    s.write('src/app.ts', 'export const key = process.env.STRIPE_KEY;\n');
    s.write('.env.example', 'STRIPE_KEY=\nDATABASE_URL=\n');
    expect(commitAll('initial').status).toBe(0);
    const before = snapshot(s.project);

    const init = runCli(s, ['init', '--yes']);
    expect(init.status).toBe(0);
    for (const file of ['.bulwark/policy.yaml', '.claude/settings.json', '.gitignore', 'CLAUDE.md'])
      expect(init.stdout).toContain(`created ${file}`);
    expect(init.stdout).toMatch(/Posture score: \d+\/100/);
    expect(init.stdout).toContain('working tree: no secrets');
    const claudeMd = readFileSync(join(s.project, 'CLAUDE.md'), 'utf8');
    expect(claudeMd).toContain('STRIPE_KEY');
    expect(claudeMd).toContain('DATABASE_URL');
    expect(readFileSync(join(s.project, '.gitignore'), 'utf8')).toMatch(/^\.env$/m);
    const preCommit = readFileSync(join(s.project, '.git', 'hooks', 'pre-commit'), 'utf8');
    expect(preCommit).toContain(`'${BIN}' hook git pre-commit`);
    expect(statSync(join(s.project, '.git', 'hooks', 'pre-commit')).mode & 0o111).not.toBe(0);

    const afterInit = snapshot(s.project);
    const again = runCli(s, ['init', '--yes']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('nothing to change');
    expect(snapshot(s.project)).toEqual(afterInit);

    expectCommitGuard();

    // pre-push: a commit that skipped the pre-commit check (a human's --no-verify) is stopped at push.
    const remote = join(s.root, 'remote.git');
    execFileSync('git', ['init', '-q', '--bare', remote]);
    git(['remote', 'add', 'origin', remote]);
    expect(git(['push', '-q', 'origin', 'HEAD:refs/heads/main']).status).toBe(0);
    s.write('src/leak.ts', `export const t = "${TOKEN}";\n`);
    git(['add', '-A']);
    expect(git(['commit', '-q', '--no-verify', '-m', 'leak']).status).toBe(0);
    const push = git(['push', '-q', 'origin', 'HEAD:refs/heads/main']);
    expect(push.status).not.toBe(0);
    expect(push.stderr).toContain('push refused');
    git(['reset', '-q', '--hard', 'HEAD~1']);
    expect(git(['push', '-q', 'origin', 'HEAD:refs/heads/main']).status).toBe(0);

    expect(readEnvThroughRegisteredCommand(settingsCommand())).toBe('deny');

    const doctor = doctorJson();
    expect(doctor.score).toBeGreaterThan(0);
    expect(doctor.score).toBeLessThanOrEqual(100);
    for (const id of [
      'agent.hooks-registered',
      'agent.hook-command',
      'git.pre-commit',
      'git.pre-push',
      'secrets.gitignore',
    ])
      expect(statusOf(doctor, id), id).toBe('pass');

    expect(runCli(s, ['uninstall', '--yes']).status).toBe(0);
    const after = snapshot(s.project);
    // What the user did since init stays: the committed config file, the .env, the remote.
    for (const own of ['src/config.ts', '.env']) after.delete(own);
    expect(after.get('.git/config')).toContain('[remote "origin"]');
    after.set('.git/config', before.get('.git/config') ?? '');
    expect(after).toEqual(before);
  });

  it('init --dry-run prints diffs and writes nothing', () => {
    s = createSandbox();
    const before = snapshot(s.project);
    const result = runCli(s, ['init', '--dry-run']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('would create .gitignore');
    expect(result.stdout).toContain('+ .env');
    const json = JSON.parse(runCli(s, ['init', '--dry-run', '--json']).stdout);
    expect(json.dryRun).toBe(true);
    expect(json.changes.map((c: { file: string }) => relative(s.project, c.file))).toContain('.gitignore');
    expect(json.changes.every((c: { diff?: string }) => typeof c.diff === 'string')).toBe(true);
    expect(snapshot(s.project)).toEqual(before);
  });
});

describe('init at a terminal', () => {
  it('asks for the profile, the steps and a confirmation, then writes what was chosen', async () => {
    s = createSandbox();
    // script(1) gives the CLI a real terminal, as a user running `bulwark init` has.
    const quoted = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
    const child = spawn(
      'script',
      ['-qec', `stty cols 120 rows 40; ${quoted(process.execPath)} ${quoted(BIN)} init`, '/dev/null'],
      {
        cwd: s.project,
        env: { ...s.env, TERM: 'xterm' },
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const waitFor = async (text: string) => {
      // Compared without escape sequences and spacing: the prompts redraw the screen as they go.
      const plain = (value: string) => stripVTControlCharacters(value).replace(/\s+/g, '');
      for (let waited = 0; !plain(output).includes(plain(text)); waited += 50) {
        if (waited > 20_000) throw new Error(`no "${text}" in:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await waitFor('Policy profile');
    child.stdin.write('\x1b[B'); // down: strict
    child.stdin.write('\r');
    await waitFor('What should bulwark set up');
    child.stdin.write(' '); // untick the first step (the policy)...
    child.stdin.write('\x1b[B'.repeat(5));
    child.stdin.write(' '); // ...and the last (CLAUDE.md)
    child.stdin.write('\r');
    await waitFor('Write these');
    child.stdin.write('\r');
    expect(await exited).toBe(0);
    expect(existsSync(join(s.project, '.bulwark', 'policy.yaml'))).toBe(false);
    expect(existsSync(join(s.project, 'CLAUDE.md'))).toBe(false);
    const settings = JSON.parse(readFileSync(join(s.project, '.claude', 'settings.json'), 'utf8'));
    // strict asks before every push.
    expect(settings.permissions.ask).toContain('Bash(git push *)');
    expect(existsSync(join(s.project, '.git', 'hooks', 'pre-commit'))).toBe(true);
  }, 60_000);
});

describe('a hostile repository', () => {
  it('does not copy a linked file’s target into the repository', () => {
    s = createSandbox();
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAAtestkeybody\n-----END OPENSSH PRIVATE KEY-----\n';
    s.write('~/.ssh/id_ed25519', key);
    s.link('CLAUDE.md', '~/.ssh/id_ed25519');
    s.write('package.json', '{ "name": "x" }\n');
    s.write('package-lock.json', '{ "lockfileVersion": 3 }\n');
    s.link('.npmrc', '~/.ssh/id_ed25519');
    s.write('~/.claude/settings.json', '{}\n');
    s.link('.claude', '~/.claude');
    const result = runCli(s, ['init', '--yes', '--no-scan']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('CLAUDE.md is a symbolic link');
    expect(result.stdout).toContain('.npmrc is a symbolic link');
    expect(result.stdout).toContain('lies behind a linked directory');
    expect(readFileSync(join(s.home, '.claude', 'settings.json'), 'utf8')).toBe('{}\n');
    expect(readFileSync(join(s.home, '.ssh', 'id_ed25519'), 'utf8')).toBe(key);
    for (const file of snapshot(s.project).values()) expect(file).not.toContain('testkeybody');
  });
});

describe('a repository with husky', () => {
  it('adds bulwark to the husky hooks, keeps the user’s hook, and takes it out again', () => {
    s = createSandbox();
    s.write('package.json', '{ "name": "app", "private": true }\n');
    s.write('.husky/pre-commit', 'echo user-hook-ran\n');
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'husky', 'bin.js')], {
      cwd: s.project,
      env: s.env,
    });
    expect(commitAll('initial').status).toBe(0);
    const before = snapshot(s.project);

    expect(runCli(s, ['init', '--yes', '--skip', 'package-managers']).status).toBe(0);
    expect(readFileSync(join(s.project, '.husky', 'pre-commit'), 'utf8')).toContain('echo user-hook-ran');
    expect(existsSync(join(s.project, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expectCommitGuard();
    s.write('docs/a.md', 'a\n');
    const docs = commitAll('docs');
    expect(docs.status).toBe(0);
    expect(docs.stdout + docs.stderr).toContain('user-hook-ran');
    expect(statusOf(doctorJson(), 'git.pre-commit')).toBe('pass');

    expect(runCli(s, ['uninstall', '--yes']).status).toBe(0);
    const after = snapshot(s.project);
    for (const own of ['src/config.ts', 'docs/a.md']) after.delete(own);
    expect(after).toEqual(before);
  });
});

describe('a repository whose Claude settings already have user entries', () => {
  it('keeps them, their key order and indentation; uninstall keeps what the user added since', () => {
    s = createSandbox();
    const original = `${JSON.stringify(
      {
        model: 'opus',
        permissions: { allow: ['Bash(npm test)'], deny: ['Read(./secrets/**)'] },
        hooks: {
          PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '/usr/local/bin/my-guard' }] }],
        },
        env: { FOO: '1' },
      },
      null,
      4,
    )}\n`;
    const file = s.write('.claude/settings.json', original);
    expect(runCli(s, ['init', '--yes']).status).toBe(0);
    const text = readFileSync(file, 'utf8');
    const settings = JSON.parse(text);
    expect(Object.keys(settings)).toEqual(['model', 'permissions', 'hooks', 'env']);
    expect(text).toContain('\n    "model"');
    expect(settings.permissions.allow).toEqual(['Bash(npm test)']);
    expect(settings.permissions.deny.slice(0, 2)).toEqual(['Read(./secrets/**)', 'Read(.env)']);
    expect(settings.hooks.PreToolUse[0].hooks[0].command).toBe('/usr/local/bin/my-guard');
    expect(readEnvThroughRegisteredCommand(settingsCommand())).toBe('deny');
    expectCommitGuard();

    // The user adds a rule after init; uninstall must keep it and take out only bulwark's parts.
    settings.permissions.allow.push('Bash(npm run lint)');
    s.write('.claude/settings.json', `${JSON.stringify(settings, null, 4)}\n`);
    expect(runCli(s, ['uninstall', '--yes']).status).toBe(0);
    const restored = JSON.parse(original);
    restored.permissions.allow.push('Bash(npm run lint)');
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(restored, null, 4)}\n`);
  });
});

describe('a monorepo with npm and uv', () => {
  it('hardens each package manager where it lives, and uninstall gives the files back', () => {
    s = createSandbox();
    s.write('package.json', '{\n  "name": "web",\n  "private": true\n}\n');
    s.write('package-lock.json', '{\n  "name": "web",\n  "lockfileVersion": 3,\n  "packages": {}\n}\n');
    s.write(
      'services/api/pyproject.toml',
      '[project]\nname = "api"\nversion = "0.1.0"\n\n[tool.uv]\ndev-dependencies = []\n',
    );
    s.write('services/api/uv.lock', 'version = 1\n');
    s.write(
      'services/api/app.py',
      'import os\nurl = os.environ["DATABASE_URL"]\nkey = os.getenv("API_KEY")\n',
    );
    expect(commitAll('initial').status).toBe(0);
    const before = snapshot(s.project);

    const init = runCli(s, ['init', '--yes']);
    expect(init.status).toBe(0);
    const npmrc = readFileSync(join(s.project, '.npmrc'), 'utf8');
    expect(npmrc).toMatch(/^save-exact=true$/m);
    expect(npmrc).toMatch(/^min-release-age=7$/m);
    const pyproject = readFileSync(join(s.project, 'services/api/pyproject.toml'), 'utf8');
    expect(pyproject).toMatch(/\[tool\.uv\]\n(#.*\n)*exclude-newer = "7 days"/);
    expect(readFileSync(join(s.project, 'CLAUDE.md'), 'utf8')).toMatch(/API_KEY[\s\S]*DATABASE_URL/);
    const doctor = doctorJson();
    expect(
      doctor.checks.filter((c) => c.id.startsWith('supply-chain.')).every((c) => c.status === 'pass'),
    ).toBe(true);
    expectCommitGuard();

    expect(runCli(s, ['uninstall', '--yes']).status).toBe(0);
    const after = snapshot(s.project);
    after.delete('src/config.ts');
    expect(after).toEqual(before);
  });
});

describe('a folder that is not a repository', () => {
  it('guards the agent, says what it skipped, scores, and uninstalls to an empty folder', () => {
    s = createSandbox({ git: false });
    s.write('notes.txt', 'hello\n');
    const init = runCli(s, ['init', '--yes']);
    expect(init.status).toBe(0);
    expect(init.stdout).toContain('not a git repository');
    expect(init.stdout).toContain('created .bulwark/policy.yaml');
    expect(existsSync(join(s.project, '.gitignore'))).toBe(false);
    expect(readEnvThroughRegisteredCommand(settingsCommand())).toBe('deny');
    const doctor = doctorJson();
    expect(statusOf(doctor, 'git.pre-commit')).toBe('skip');
    expect(statusOf(doctor, 'agent.hooks-registered')).toBe('pass');
    expect(runCli(s, ['uninstall', '--yes']).status).toBe(0);
    expect(readdirSync(s.project).sort()).toEqual(['.env', 'notes.txt']);
  });
});

describe('bulwark doctor', () => {
  it('reports settings that undo protection, and --min-score fails below it', () => {
    s = createSandbox();
    runCli(s, ['init', '--yes', '--no-scan']);
    s.write(
      '.claude/settings.local.json',
      JSON.stringify({
        permissions: { defaultMode: 'bypassPermissions', allow: ['Bash(*)'] },
        enableAllProjectMcpServers: true,
      }),
    );
    const report = doctorJson();
    for (const id of ['agent.bypass-mode', 'agent.broad-allow', 'agent.project-mcp'])
      expect(statusOf(report, id), id).toBe('fail');
    expect(statusOf(report, 'agent.managed-bypass-off')).toBe('warn');
    const text = runCli(s, ['doctor', '--min-score', '100']);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('fix:');
    expect(text.stdout).toContain('bypassPermissions');
  });
});

describe('found in review', () => {
  it('doctor never runs a command a repository’s settings name', () => {
    s = createSandbox();
    const marker = join(s.root, 'ran');
    s.write('tools/bulwark-shim.sh', `touch '${marker}'\n`);
    s.write(
      '.claude/settings.json',
      JSON.stringify({
        hooks: {
          PreToolUse: [
            { hooks: [{ type: 'command', command: 'sh tools/bulwark-shim.sh hook claude-code' }] },
          ],
        },
      }),
    );
    const report = doctorJson();
    expect(existsSync(marker)).toBe(false);
    expect(statusOf(report, 'agent.hook-command')).toBe('fail');
  });

  it('a user’s edits between two inits survive uninstall', () => {
    s = createSandbox();
    s.write('.env.example', 'A_KEY=\n');
    runCli(s, ['init', '--yes', '--no-scan']);
    const claudeMd = join(s.project, 'CLAUDE.md');
    s.write('CLAUDE.md', `${readFileSync(claudeMd, 'utf8')}\n## Our own notes\nkeep me\n`);
    s.write('.env.example', 'A_KEY=\nB_KEY=\n');
    expect(runCli(s, ['init', '--yes', '--no-scan']).stdout).toContain('updated CLAUDE.md');
    expect(runCli(s, ['uninstall', '--yes']).status).toBe(0);
    const left = readFileSync(claudeMd, 'utf8');
    expect(left).toContain('keep me');
    expect(left).not.toContain('bulwark');
  });

  it('the pre-commit hook reads names with spaces, and ignores diff.mnemonicPrefix and binary attributes', () => {
    s = createSandbox();
    runCli(s, ['init', '--yes', '--no-scan']);
    git(['config', 'diff.mnemonicPrefix', 'true']);
    s.write('.gitattributes', '*.txt binary\n');
    expect(commitAll('attributes').status).toBe(0);
    s.write('my notes.txt', `token: ${TOKEN}\n`);
    const refused = commitAll('notes');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('commit refused');
  });

  it('pre-push scans what the remote being pushed to lacks, even when another remote has it', () => {
    s = createSandbox();
    runCli(s, ['init', '--yes', '--no-scan']);
    for (const name of ['origin', 'fork']) {
      execFileSync('git', ['init', '-q', '--bare', join(s.root, `${name}.git`)]);
      git(['remote', 'add', name, join(s.root, `${name}.git`)]);
    }
    s.write('leak.ts', `export const t = "${TOKEN}";\n`);
    git(['add', '-A']);
    git(['commit', '-q', '--no-verify', '-m', 'leak']);
    expect(git(['push', '-q', '--no-verify', 'origin', 'HEAD:refs/heads/main']).status).toBe(0);
    const push = git(['push', '-q', 'fork', 'HEAD:refs/heads/main']);
    expect(push.status).not.toBe(0);
    expect(push.stderr).toContain('push refused');
  });

  it('doctor fails the hook check when a setting switches hooks off; init makes a non-executable hook executable', () => {
    s = createSandbox();
    runCli(s, ['init', '--yes', '--no-scan']);
    s.write('.claude/settings.local.json', '{ "disableAllHooks": true }\n');
    expect(statusOf(doctorJson(), 'agent.hooks-registered')).toBe('fail');
    const hookFile = join(s.project, '.git', 'hooks', 'pre-commit');
    execFileSync('chmod', ['-x', hookFile]);
    expect(statusOf(doctorJson(), 'git.pre-commit')).toBe('fail');
    expect(runCli(s, ['init', '--yes', '--no-scan']).stdout).toContain('.git/hooks/pre-commit');
    expect(statSync(hookFile).mode & 0o111).not.toBe(0);
  });

  it('refuses to treat the home directory as a project', () => {
    s = createSandbox({ git: false });
    const result = runCli(s, ['init', '--yes'], { cwd: s.home });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is your home directory');
    expect(existsSync(join(s.home, '.gitignore'))).toBe(false);
  });
});
