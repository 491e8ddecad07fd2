// Deletes inside the project are judged clean from git's index without starting git. The proof
// must never say "nothing to lose" where `git status` lists work-tree changes (untracked files,
// or files changed since they were staged; staged content is restorable from the index): each
// case below checks the proof against real git in a real repository.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provablyClean } from '../../src/engines/files/git-index';
import { createSandbox, type Sandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
const env = {};

/** Files dated a minute back, then committed: the index is newer than every file (not racy). */
function commitFiles(files: Record<string, string>, project = sandbox.project) {
  const past = new Date(Date.now() - 60_000);
  for (const [path, text] of Object.entries(files)) {
    const file = join(project, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    utimesSync(file, past, past);
  }
  git(project, 'add', '-A');
  git(project, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'files');
}

function git(project: string, ...args: string[]) {
  return execFileSync('git', ['-C', project, ...args], { encoding: 'utf8' });
}

/** What git status says differs in the work tree: the second status letter is not blank. */
function gitStatus(pathspecs: string[]): string {
  return git(sandbox.project, 'status', '--porcelain', '--untracked-files=all', '--', ...pathspecs)
    .split('\n')
    .filter((line) => line.length > 3 && line[1] !== ' ')
    .join('\n');
}

/** The proof, checked against git: a "clean" that git contradicts fails the test. */
function clean(pathspecs: string[]): boolean {
  const proved = provablyClean(sandbox.project, pathspecs, env);
  if (proved) expect(gitStatus(pathspecs)).toBe('');
  return proved;
}

beforeEach(() => {
  sandbox = createSandbox();
  commitFiles({ 'src/app.ts': 'export const app = 1;\n', 'src/lib/util.ts': 'x\n', 'README.md': '# p\n' });
});
afterEach(() => sandbox.cleanup());

describe('proving a delete loses nothing, from the index', () => {
  it('proves tracked, unchanged files clean, by path and by glob, in every index version', () => {
    for (const version of ['2', '3', '4']) {
      git(sandbox.project, 'update-index', '--index-version', version);
      expect(clean([':(literal)src'])).toBe(true);
      expect(clean([':(literal).'])).toBe(true);
      expect(clean([':(literal)README.md'])).toBe(true);
      expect(clean([':(glob)**/*.ts'])).toBe(true);
      expect(clean([':(glob)src/*'])).toBe(true);
    }
  });

  it('proves a path that does not exist and was never tracked clean', () => {
    expect(clean([':(literal)build'])).toBe(true);
    expect(clean([':(glob)**/.svn'])).toBe(true);
  });

  it('leaves a modified file to git, even one of the same size', () => {
    writeFileSync(join(sandbox.project, 'src/app.ts'), 'export const app = 2;\n');
    expect(clean([':(literal)src'])).toBe(false);
    expect(clean([':(glob)**/*.ts'])).toBe(false);
    expect(clean([':(literal)README.md'])).toBe(true);
  });

  it('leaves untracked, already deleted and executable-bit changes to git', () => {
    writeFileSync(join(sandbox.project, 'src/new.ts'), 'new\n');
    expect(clean([':(literal)src'])).toBe(false);
    rmSync(join(sandbox.project, 'src/new.ts'));
    rmSync(join(sandbox.project, 'src/lib/util.ts'));
    expect(clean([':(literal)src'])).toBe(false);
    git(sandbox.project, 'checkout', '--', 'src');
    execFileSync('chmod', ['+x', join(sandbox.project, 'README.md')]);
    expect(clean([':(literal)README.md'])).toBe(false);
  });

  it('leaves a file written as the index was (racily clean) to git', () => {
    writeFileSync(join(sandbox.project, 'racy.txt'), 'a\n');
    git(sandbox.project, 'add', 'racy.txt');
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(sandbox.project, 'racy.txt'), future, future);
    expect(clean([':(literal)racy.txt'])).toBe(false);
  });

  it('leaves nested repositories, git variables and paths outside the root to git', () => {
    const nested = join(sandbox.project, 'vendor', 'dep');
    mkdirSync(nested, { recursive: true });
    git(nested, 'init', '-q');
    expect(clean([':(literal)vendor'])).toBe(false);
    expect(provablyClean(sandbox.project, [':(literal)src'], { GIT_DIR: '/elsewhere' })).toBe(false);
    expect(clean([':(literal)../outside'])).toBe(false);
    expect(clean([':(glob)src/[a]pp.ts'])).toBe(false);
  });

  it('proves untracked files clean when a .gitignore certainly ignores them, as git status does', () => {
    commitFiles({ '.gitignore': '.env\nnode_modules/\n/dist\n*.log\n', 'src/.gitignore': 'gen/\n' });
    sandbox.write('.env', 'TOKEN=x\n');
    sandbox.write('node_modules/pkg/index.js', 'x\n');
    sandbox.write('dist/out.js', 'x\n');
    sandbox.write('src/lib/debug.log', 'x\n');
    sandbox.write('src/gen/types.ts', 'x\n');
    expect(clean([':(literal).'])).toBe(true);
    expect(clean([':(literal)node_modules'])).toBe(true);
    expect(clean([':(literal)src/gen/types.ts'])).toBe(true);
    expect(clean([':(glob)**/*.log'])).toBe(true);
    // Anchored to the root: src/dist is not ignored.
    sandbox.write('src/dist/x.js', 'x\n');
    expect(clean([':(literal)src'])).toBe(false);
  });

  it('reads negations, classes and nested .gitignore files as git does', () => {
    commitFiles({ '.gitignore': '*.log\n!keep.log\nout[0-9]/\n', 'keep.log': 'tracked\n' });
    sandbox.write('other.log', 'x\n');
    sandbox.write('out1/a', 'x\n');
    expect(clean([':(literal)other.log'])).toBe(true);
    expect(clean([':(literal)out1'])).toBe(true);
    // keep.log is re-included: a new one beside it is untracked work.
    sandbox.write('sub/keep.log', 'x\n');
    expect(clean([':(literal)sub'])).toBe(false);
    commitFiles({ 'sub/.gitignore': 'keep.log\n' });
    expect(clean([':(literal)sub'])).toBe(true);
    // Case matters to git on Linux.
    sandbox.write('OTHER.LOG', 'x\n');
    if (process.platform === 'linux') expect(clean([':(literal)OTHER.LOG'])).toBe(false);
  });

  it('proves staged, unchanged content clean: the index restores it', () => {
    writeFileSync(join(sandbox.project, 'staged.txt'), 'new\n');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(sandbox.project, 'staged.txt'), past, past);
    git(sandbox.project, 'add', 'staged.txt');
    expect(clean([':(literal)staged.txt'])).toBe(true);
    writeFileSync(join(sandbox.project, 'staged.txt'), 'changed after staging\n');
    expect(clean([':(literal)staged.txt'])).toBe(false);
  });

  it('leaves names it cannot compare byte for byte, and a linked .gitignore, to git', () => {
    commitFiles({ '.gitignore': 'gen?/\n' });
    sandbox.write('gené/x', 'x\n');
    expect(clean([':(literal)gené'])).toBe(false);
    expect(clean([':(literal).'])).toBe(false);
    sandbox.write('elsewhere/ignore-all', '*\n');
    sandbox.link('sub/.gitignore', join(sandbox.project, 'elsewhere/ignore-all'));
    sandbox.write('sub/new.txt', 'x\n');
    expect(clean([':(literal)sub'])).toBe(false);
    if (process.platform === 'linux') {
      writeFileSync(Buffer.from(`${join(sandbox.project, 'src')}/\xffnotes`, 'latin1'), 'x\n');
      expect(clean([':(literal)src'])).toBe(false);
    }
  });

  it('leaves conflicted and skip-worktree entries to git', () => {
    git(sandbox.project, 'update-index', '--skip-worktree', 'README.md');
    expect(clean([':(literal)README.md'])).toBe(false);
    expect(clean([':(literal)src'])).toBe(true);
  });

  it('leaves repositories it does not read to git: SHA-256 objects, no .git folder', () => {
    const other = join(sandbox.root, 'sha256');
    mkdirSync(other);
    git(other, 'init', '-q', '--object-format=sha256');
    commitFiles({ 'a.txt': 'a\n' }, other);
    expect(provablyClean(other, [':(literal)a.txt'], env)).toBe(false);
    expect(provablyClean(sandbox.root, [':(literal)home'], env)).toBe(false);
  });
});
