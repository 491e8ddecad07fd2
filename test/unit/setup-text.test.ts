// The text init writes into files the user owns (.gitignore, CLAUDE.md) and the environment
// variable names it lists: each edit is a marked block that a rerun leaves byte-identical and
// uninstall removes exactly; the .gitignore patterns are checked against real git.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeMdCheck, claudeMdSection, planClaudeMd } from '../../src/setup/claude-md';
import { environmentVariableNames } from '../../src/setup/env-names';
import {
  gitignoreChecks,
  planGitignore,
  SECRET_FILE_PATTERNS,
  trackedSecretFiles,
} from '../../src/setup/gitignore';
import { removeBlocks } from '../../src/setup/marked-block';
import type { StepResult } from '../../src/setup/plan';

let root: string;
beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(join(tmpdir(), 'bulwark-setup-text-')));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const read = (abs: string) => (fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : undefined);
const words = (text: string) => text.split(' ');
function writeFile(file: string, text: string): void {
  fs.mkdirSync(dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
const write = (path: string, text: string) => writeFile(join(root, path), text);
const apply = (step: StepResult) => {
  for (const change of step.changes) writeFile(change.file, change.after);
};

// Git with the machine's global and system config switched off, so the tests see only the repo.
const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
function git(...args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', env: gitEnv });
}

describe('planGitignore', () => {
  it('creates .gitignore with every pattern in one marked block', () => {
    const [change, ...others] = planGitignore(root, [], read).changes;
    expect(others).toEqual([]);
    expect(change).toMatchObject({ before: undefined, removal: 'marked-blocks' });
    expect(change?.after).toMatch(/^# >>> bulwark: secret-files /);
    for (const pattern of SECRET_FILE_PATTERNS) expect(change?.after.split('\n')).toContain(pattern);
    expect(change?.after).not.toContain('.npmrc');
    expect(removeBlocks(change?.after ?? 'x')).toBe('');
  });

  it('adds only the missing lines, after the user lines, and uninstall gives the bytes back', () => {
    const original = 'node_modules/\n.env\n*.pem\n';
    write('.gitignore', original);
    const after = planGitignore(root, [], read).changes[0]?.after ?? '';
    expect(after.startsWith(`${original}\n# >>> bulwark`)).toBe(true);
    const block = after.slice(original.length);
    expect(block.split('\n').filter((line) => /^\.env$|^\*\.(pem|key)$/.test(line))).toEqual(['*.key']);
    expect(removeBlocks(after)).toBe(original);
  });

  it('writes nothing when every pattern is there, nor on a second run', () => {
    write('.gitignore', `dist/\n${SECRET_FILE_PATTERNS.join('\n')}\n`);
    expect(planGitignore(root, [], read).changes).toEqual([]);
    write('.gitignore', 'dist/\n.env\n');
    apply(planGitignore(root, [], read));
    expect(planGitignore(root, [], read).changes).toEqual([]);
  });

  it("re-adds the exceptions after `.env.*` so the user's `!.env.example` keeps working", () => {
    git('init', '-q');
    write('.gitignore', '!.env.example\n');
    apply(planGitignore(root, [], read));
    const probes = ['.env', '.env.local', '.env.example', 'a/.env.sample', 'k/server.key', 'id_ed25519.pub'];
    const ignored = git('check-ignore', '--no-index', '--', ...probes);
    expect(ignored).toBe('.env\n.env.local\nk/server.key\n');
    // The matcher bulwark uses for tracked files agrees with git.
    expect(trackedSecretFiles(probes)).toEqual(['.env', '.env.local', 'k/server.key']);
  });

  it('reports tracked secret files with a git rm command that works, and untracks nothing itself', () => {
    git('init', '-q');
    const tracked = ['.env', 'config/server.pem', "keys/it's a [test].key", '.env.example', 'README.md'];
    for (const path of tracked) write(path, 'x\n');
    git('add', '--', ...tracked.map((path) => `:(literal)${path}`));
    const step = planGitignore(root, git('ls-files', '-z').split('\0').filter(Boolean), read);
    expect(step.notices).toHaveLength(1);
    const notice = step.notices[0];
    expect(notice?.level).toBe('warn');
    expect(notice?.message).toMatch(
      /^git tracks 3 files .*config\/server\.pem.* rotate .*bulwark scan --history/,
    );
    expect(notice?.message).not.toContain('.env.example');
    expect(git('ls-files').split('\n')).toContain('.env');
    execFileSync('sh', ['-c', notice?.fix ?? 'exit 1'], { cwd: root, env: gitEnv });
    expect(git('ls-files', '-z').split('\0').filter(Boolean).sort()).toEqual(['.env.example', 'README.md']);
    expect(read(join(root, '.env'))).toBe('x\n');
  });

  it('has no notice when only templates are tracked', () => {
    expect(planGitignore(root, ['.env.example', 'a/.env.template', 'key.ts'], read).notices).toEqual([]);
  });
});

describe('gitignoreChecks', () => {
  it('fails in a repository without ignores, then passes once the plan is applied', async () => {
    git('init', '-q');
    const [ignore, tracked] = await gitignoreChecks(root, ['src/a.ts'], true);
    const failing = { id: 'secrets.gitignore', layer: 'secrets', status: 'fail', fix: 'bulwark init' };
    expect(ignore).toMatchObject({ ...failing, weight: 10 });
    expect(ignore?.detail).toBe('git does not ignore .env, .env.local, server.pem, server.key');
    expect(tracked).toMatchObject({ id: 'secrets.tracked-files', status: 'pass', weight: 10 });
    write('.gitignore', '.env\n');
    const detail = 'git does not ignore .env.local, server.pem, server.key';
    expect((await gitignoreChecks(root, [], true))[0]?.detail).toBe(detail);
    apply(planGitignore(root, [], read));
    expect((await gitignoreChecks(root, [], true))[0]?.status).toBe('pass');
  });

  it('fails on tracked secret files with the untrack command and rotation', async () => {
    const [, tracked] = await gitignoreChecks(root, ['deploy/id_rsa', '.env.sample'], false);
    expect(tracked?.status).toBe('skip');
    git('init', '-q');
    const [, found] = await gitignoreChecks(root, ['deploy/id_rsa', '.env.sample'], true);
    expect(found).toMatchObject({ status: 'fail', detail: 'tracked: deploy/id_rsa' });
    expect(found?.fix).toMatch(/^git rm --cached -- deploy\/id_rsa, then rotate /);
  });

  it('skips both outside a git repository', async () => {
    const checks = await gitignoreChecks(root, [], false);
    const statuses = checks.map((check) => `${check.id}=${check.status}`);
    expect(statuses).toEqual(['secrets.gitignore=skip', 'secrets.tracked-files=skip']);
    for (const check of checks) expect(check.why).toMatch(/\.$/);
  });
});

describe('environmentVariableNames', () => {
  const names = (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) write(path, text);
    return environmentVariableNames(root, Object.keys(files), read);
  };

  it('reads the keys of dotenv files and never a value', () => {
    const planted = 'sk_live_PLANTEDVALUE0123456789';
    const found = names({
      '.env.example': `# comment\nDATABASE_URL=postgres://u:${planted}@db/app\nexport API_TOKEN="${planted}"\n`,
      '.env': `STRIPE_KEY=${planted}\nPRIVATE_KEY="-----BEGIN PRIVATE KEY-----\nABCDEFGHIJ=\nQUOTED_LOOKALIKE=1\n-----END PRIVATE KEY-----"\nAFTER_KEY=1\n`,
      'config/.env.local': `YAML_STYLE: ${planted}\n`,
      '.envrc': 'export DIRENV_VAR=1\n',
    });
    const expected = 'AFTER_KEY API_TOKEN DATABASE_URL DIRENV_VAR PRIVATE_KEY STRIPE_KEY YAML_STYLE';
    expect(found).toEqual(words(expected));
    expect(JSON.stringify(found)).not.toContain('PLANTED');
  });

  it('skips the base64 lines of an unquoted key block, whose `=` padding looks like `NAME=`', () => {
    const found = names({
      '.env':
        'JWT_KEY=-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nTQIhAKMSvzIBnni7ot_secretTail==\n-----END PRIVATE KEY-----\nNEXT_KEY=1\n',
    });
    expect(found).toEqual(['JWT_KEY', 'NEXT_KEY']);
  });

  // One case a line: a source file and the names it must yield.
  const sourceCases: Array<[string, string, string]> = [
    ['a.ts', 'process.env.JS_DOT + process.env?.JS_OPT', 'JS_DOT JS_OPT'],
    ['b.js', `process.env['JS_SINGLE'] ?? process.env["JS_DOUBLE"]`, 'JS_DOUBLE JS_SINGLE'],
    ['c.mjs', 'const { D_A, D_B: alias, D_C = "x", ...rest } = process.env;', 'D_A D_B D_C'],
    ['d.tsx', 'import.meta.env.VITE_URL; Bun.env.BUN_VAR', 'BUN_VAR VITE_URL'],
    ['e.ts', 'const { V_A } = import.meta.env; Deno.env.get("DENO_VAR")', 'DENO_VAR V_A'],
    ['e.py', `os.environ['PY_INDEX'] + os.environ.get("PY_GET", 'x')`, 'PY_GET PY_INDEX'],
    ['f.py', "os.getenv('PY_GETENV'); environ['PY_BARE']", 'PY_BARE PY_GETENV'],
    ['g.go', 'os.Getenv("GO_GETENV"); os.LookupEnv("GO_LOOKUP")', 'GO_GETENV GO_LOOKUP'],
    ['h.rb', `ENV['RB_INDEX']; ENV.fetch("RB_FETCH")`, 'RB_FETCH RB_INDEX'],
    ['i.rs', 'env::var("RS_VAR"); std::env::var_os("RS_OS")', 'RS_OS RS_VAR'],
    ['j.rs', 'env!("RS_MACRO"); option_env!("RS_OPTION")', 'RS_MACRO RS_OPTION'],
    ['J.java', 'System.getenv("JAVA_GETENV")', 'JAVA_GETENV'],
    ['README.md', 'process.env.NOT_SOURCE', ''],
  ];
  it.each(sourceCases)('finds the names in %s', (path, text, expected) => {
    expect(names({ [path]: text })).toEqual(expected ? words(expected) : []);
  });

  it('leaves out ambient variables, vendored code and non-names', () => {
    const found = names({
      'a.js': 'process.env.HOME + process.env.CI + process.env.NODE_ENV + process.env["not a name"]',
      'node_modules/x/index.js': 'process.env.DEPENDENCY_VAR',
    });
    expect(found).toEqual(['NODE_ENV']);
  });

  it('returns on a 1 MB line and on a large file of near-matches', () => {
    const started = Date.now();
    expect(names({ 'huge.js': `process.env.${'A'.repeat(1024 * 1024)}` })).toEqual([]);
    const nearMisses = `${'{ A, '.repeat(2e4)}${'} = process.env '.repeat(2e4)}os.environ['${'B'.repeat(4e5)}`;
    expect(names({ 'near.py': nearMisses.slice(0, 500 * 1024) }).length).toBeLessThan(3);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('CLAUDE.md', () => {
  const claudeMd = () => join(root, 'CLAUDE.md');

  it('creates CLAUDE.md with the section; removal gives back the file as it was', () => {
    const change = planClaudeMd(root, ['DATABASE_URL'], read).changes[0];
    expect(change?.file).toBe(claudeMd());
    expect(change?.before).toBeUndefined();
    expect(change?.after).toMatch(/^<!-- >>> bulwark: secrets /);
    expect(change?.after).toContain('## Secrets and security (bulwark)');
    expect(change?.after).toContain('- `DATABASE_URL`');
    expect(change?.after).toContain('git commit --no-verify');
    expect(change?.after.split('\n').length).toBeLessThan(25);
    expect(removeBlocks(change?.after ?? 'x')).toBe('');
    write('CLAUDE.md', '# Notes\n');
    apply(planClaudeMd(root, [], read));
    expect(read(claudeMd())).toContain('- none found');
    expect(removeBlocks(read(claudeMd()) ?? '')).toBe('# Notes\n');
  });

  it('keeps user text before and after, updates the list in place, reruns byte-identical', () => {
    const userText = '# Project\n\nUse pnpm.\n';
    write('CLAUDE.md', userText);
    apply(planClaudeMd(root, ['B_VAR', 'A_VAR'], read));
    write('CLAUDE.md', `${read(claudeMd())}\n## Later notes\n`);
    expect(planClaudeMd(root, ['A_VAR', 'B_VAR', 'A_VAR'], read).changes).toEqual([]);
    apply(planClaudeMd(root, ['C_VAR'], read));
    const text = read(claudeMd()) ?? '';
    expect(text.startsWith(`${userText}\n<!-- >>> bulwark`)).toBe(true);
    expect(text.endsWith('\n## Later notes\n')).toBe(true);
    expect(text).toContain('- `C_VAR`');
    expect(text).not.toContain('A_VAR');
    expect(removeBlocks(text)).toBe(`${userText}\n\n## Later notes\n`);
  });

  it('uses .claude/CLAUDE.md when only that one exists, and the check finds it there', () => {
    write('.claude/CLAUDE.md', 'rules\n');
    const failing = { id: 'agent.claude-md', layer: 'agent', status: 'fail', weight: 5, fix: 'bulwark init' };
    expect(claudeMdCheck(root, read)).toMatchObject(failing);
    const step = planClaudeMd(root, [], read);
    expect(step.changes[0]?.file).toBe(join(root, '.claude', 'CLAUDE.md'));
    apply(step);
    const passing = { status: 'pass', detail: 'the bulwark section is in .claude/CLAUDE.md' };
    expect(claudeMdCheck(root, read)).toMatchObject(passing);
  });

  it('lists many names on one line and never anything that is not a name', () => {
    const many = Array.from({ length: 30 }, (_, i) => `VAR_${String(i).padStart(2, '0')}`);
    const section = claudeMdSection([...many, 'sk-live value=1']);
    expect(section.split('\n').length).toBeLessThan(25);
    expect(section).toContain('`VAR_00`, `VAR_01`');
    expect(section).not.toContain('sk-live');
  });
});
