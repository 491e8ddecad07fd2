// Package-manager hardening on real files in a temporary directory: detection, the exact edits,
// a second init that changes nothing, uninstall (removeBlocks) giving the original bytes back,
// user settings left alone, valid TOML, and doctor's checks before and after.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeBlocks } from '../../src/setup/marked-block';
import {
  detectPackageManagers,
  hardenPackageManagers,
  type ManagedProject,
  packageManagerChecks,
} from '../../src/setup/package-managers';
import { scanToml, tomlProblems } from '../../src/setup/package-managers/toml';
import { uvWindow, yarnGateMinutes } from '../../src/setup/package-managers/values';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

/** A repository with `files` written; returns its root and detected projects. */
function repo(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-pm-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const detect = () => detectPackageManagers(root, Object.keys(files), read);
  return { root, detect, projects: detect() };
}

function init(projects: readonly ManagedProject[]) {
  const plan = hardenPackageManagers(projects, read);
  for (const change of plan.changes) writeFileSync(change.file, change.after);
  return plan;
}

const PKG = '{"name":"x"}\n';
const LOCK = '{}\n';
const BLOCK_HEAD = '# >>> bulwark: package-manager (added by `bulwark init`; `bulwark uninstall` removes it)';
const BLOCK_END = '# <<< bulwark: package-manager';
const EXACT = '# bulwark: save exact versions ("1.2.3", not "^1.2.3") when adding dependencies';

describe('detectPackageManagers', () => {
  const berry = '{"packageManager":"yarn@4.9.1"}';
  const cases: Array<[string, Record<string, string>, string]> = [
    ['npm lockfile', { 'package.json': PKG, 'package-lock.json': LOCK }, 'npm package-lock.json'],
    ['npm shrinkwrap', { 'package.json': PKG, 'npm-shrinkwrap.json': LOCK }, 'npm npm-shrinkwrap.json'],
    ['package.json alone', { 'package.json': PKG }, 'npm package.json'],
    [
      'packageManager field',
      { 'package.json': '{"packageManager":"pnpm@10.17.1+sha.a"}' },
      'pnpm package.json',
    ],
    ['pnpm', { 'package.json': PKG, 'pnpm-lock.yaml': '' }, 'pnpm pnpm-lock.yaml'],
    ['yarn berry by .yarnrc.yml', { 'yarn.lock': '', '.yarnrc.yml': 'nodeLinker: pnp\n' }, 'yarn yarn.lock'],
    ['yarn berry by field', { 'yarn.lock': '', 'package.json': berry }, 'yarn yarn.lock'],
    ['yarn classic', { 'package.json': PKG, 'yarn.lock': '' }, 'yarn-classic yarn.lock'],
    ['bun text lockfile', { 'package.json': PKG, 'bun.lock': '{}' }, 'bun bun.lock'],
    ['bun binary lockfile', { 'bun.lockb': '' }, 'bun bun.lockb'],
    ['uv lockfile', { 'pyproject.toml': '[project]\nname = "x"\n', 'uv.lock': '' }, 'uv uv.lock'],
    ['pyproject with [tool.uv]', { 'pyproject.toml': '[tool.uv]\npackage = false\n' }, 'uv pyproject.toml'],
  ];
  it.each(cases)('%s', (_name, files, expected) => {
    const { root, projects } = repo(files);
    const [manager, evidence] = expected.split(' ');
    expect(projects).toEqual([{ manager, dir: root, evidence }]);
  });

  it('ignores a pyproject.toml that does not use uv', () => {
    expect(repo({ 'pyproject.toml': '[tool.poetry]\nname = "x"\n' }).projects).toEqual([]);
  });

  it('finds each project of a monorepo, but not workspace members', () => {
    const { root, projects } = repo({
      'package.json': '{"workspaces":["packages/*"]}',
      'package-lock.json': LOCK,
      'packages/web/package.json': PKG,
      'services/api/pyproject.toml': '[project]\nname = "api"\n',
      'services/api/uv.lock': '',
      'tools/cli/package.json': PKG,
      'tools/cli/pnpm-lock.yaml': '',
    });
    expect(projects).toEqual([
      { manager: 'npm', dir: root, evidence: 'package-lock.json' },
      { manager: 'uv', dir: join(root, 'services/api'), evidence: 'uv.lock' },
      { manager: 'pnpm', dir: join(root, 'tools/cli'), evidence: 'pnpm-lock.yaml' },
    ]);
  });
});

describe('hardenPackageManagers', () => {
  it('writes .npmrc with exact pins and a 7-day window in days', () => {
    const { root, projects } = repo({ 'package.json': PKG, 'package-lock.json': LOCK });
    const plan = hardenPackageManagers(projects, read);
    expect(plan.changes).toEqual([
      {
        file: join(root, '.npmrc'),
        before: undefined,
        after: `${BLOCK_HEAD}\n${EXACT}\nsave-exact=true\n# bulwark: refuse versions published less than 7 days ago (min-release-age is in days; npm >= 11.10)\nmin-release-age=7\n${BLOCK_END}\n`,
        removal: 'marked-blocks',
        why: 'npm: exact pins and a 7-day minimum release age',
      },
    ]);
    expect(plan.notices.filter((n) => n.message.includes('ETARGET'))).toHaveLength(1);
  });

  it('gives pnpm minutes and an empty save prefix; a created workspace file lists only the root', () => {
    const { root, projects } = repo({ 'package.json': PKG, 'pnpm-lock.yaml': '' });
    const [change] = hardenPackageManagers(projects, read).changes;
    expect(change?.file).toBe(join(root, 'pnpm-workspace.yaml'));
    expect(change?.after).toContain(`packages: ['.']\n${EXACT}\nsavePrefix: ''\n`);
    expect(change?.after).toContain('is in minutes; pnpm >= 10.16)\nminimumReleaseAge: 10080\n');
  });

  it('gives Yarn a bare number of minutes and says why', () => {
    const { projects } = repo({ 'yarn.lock': '', '.yarnrc.yml': 'nodeLinker: node-modules\n' });
    const [change] = hardenPackageManagers(projects, read).changes;
    expect(change?.after).toMatch(/^nodeLinker: node-modules\n\n# >>> bulwark/);
    expect(change?.after).toContain('defaultSemverRangePrefix: ""\n');
    expect(change?.after).toMatch(
      /minutes; Yarn >= 4\.10; .*day-suffix parsing bug.*\nnpmMinimalAgeGate: 10080\n/,
    );
  });

  it('puts Bun keys right after an existing [install] header, in seconds', () => {
    const bunfig = '[install]\noptional = true\n\n[test]\nroot = "./t"\n';
    const { projects } = repo({ 'bun.lock': '{}', 'bunfig.toml': bunfig });
    const after = hardenPackageManagers(projects, read).changes[0]?.after ?? '';
    expect(after.startsWith(`[install]\n${BLOCK_HEAD}\n${EXACT}\nexact = true\n`)).toBe(true);
    expect(after).toContain('(minimumReleaseAge is in seconds; Bun >= 1.3)\nminimumReleaseAge = 604800\n');
    expect(tomlProblems(after)).toEqual([]);
    const paths = scanToml(after).entries.map((e) => e.path.join('.'));
    expect(paths).toEqual(['install.exact', 'install.minimumReleaseAge', 'install.optional', 'test.root']);

    // Without an [install] table, the block brings one.
    const noTable = repo({ 'bun.lock': '{}', 'bunfig.toml': '[test]\nroot = "./t"\n' });
    const appended = hardenPackageManagers(noTable.projects, read).changes[0]?.after ?? '';
    expect(appended).toContain(`\n\n${BLOCK_HEAD}\n[install]\n${EXACT}\nexact = true\n`);
    expect(tomlProblems(appended)).toEqual([]);
    expect(scanToml(appended).entries.map((e) => e.path.join('.'))).toContain('install.minimumReleaseAge');
  });

  it('gives uv a 7-day duration in [tool.uv], or at the top of uv.toml', () => {
    const pyproject = '[project]\nname = "api"\n\n[tool.uv]\npackage = false\n\n[tool.ruff]\nx = 1\n';
    const withTable = repo({ 'uv.lock': '', 'pyproject.toml': pyproject });
    const after = hardenPackageManagers(withTable.projects, read).changes[0]?.after ?? '';
    expect(after).toContain(`[tool.uv]\n${BLOCK_HEAD}\n# bulwark: refuse files uploaded less than 7 days`);
    expect(after).toContain('needs uv >= 0.9.17');
    expect(after).toContain('exclude-newer = "7 days"\n');
    expect(tomlProblems(after)).toEqual([]);
    expect(scanToml(after).entries.map((e) => e.path.join('.'))).toContain('tool.uv.exclude-newer');

    const noTable = repo({ 'uv.lock': '', 'pyproject.toml': '[project]\nname = "api"\n' });
    const appended = hardenPackageManagers(noTable.projects, read).changes[0]?.after ?? '';
    expect(appended).toMatch(/\n\n# >>> bulwark.*\n\[tool\.uv\]\n/);
    expect(tomlProblems(appended)).toEqual([]);

    const uvToml = repo({
      'uv.lock': '',
      'pyproject.toml': pyproject,
      'uv.toml': '[pip]\nindex-url = "x"\n',
    });
    const [change] = hardenPackageManagers(uvToml.projects, read).changes;
    expect(change?.file).toBe(join(uvToml.root, 'uv.toml'));
    expect(change?.after.startsWith(BLOCK_HEAD)).toBe(true);
    const keys = scanToml(change?.after ?? '').entries.map((e) => e.path.join('.'));
    expect(keys).toEqual(['exclude-newer', 'pip.index-url']);
  });

  it('changes nothing on a second run, and removeBlocks gives every file back byte for byte', () => {
    const files = {
      'package.json': PKG,
      'package-lock.json': LOCK,
      '.npmrc': 'registry=https://registry.npmjs.org/\n',
      'web/package.json': PKG,
      'web/pnpm-lock.yaml': '',
      'web/pnpm-workspace.yaml': 'packages:\n  - apps/*\n',
      'app/yarn.lock': '',
      'app/.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-4.12.0.cjs\n',
      'edge/bun.lock': '{}',
      'edge/bunfig.toml': '# Bun\n[install]\noptional = true\n',
      'api/uv.lock': '',
      'api/pyproject.toml': '[project]\nname = "api"\n',
    };
    const { projects } = repo(files);
    expect(projects.map((p) => p.manager)).toEqual(['npm', 'uv', 'yarn', 'bun', 'pnpm']);
    const first = init(projects);
    expect(first.changes).toHaveLength(5);
    expect(hardenPackageManagers(projects, read).changes).toEqual([]);
    for (const change of first.changes) expect(removeBlocks(change.after)).toBe(change.before ?? '');
  });

  it('keeps settings the user made, and reports the weak ones with the fix', () => {
    const { root, projects } = repo({
      'package.json': PKG,
      'package-lock.json': LOCK,
      '.npmrc': 'min-release-age = 3 ; three days\n',
      'y/yarn.lock': '',
      'y/.yarnrc.yml': 'npmMinimalAgeGate: "2w"\ndefaultSemverRangePrefix: "^"\n',
    });
    const plan = hardenPackageManagers(projects, read);
    const [npmrc, yarnrc] = plan.changes;
    expect(npmrc?.after).toContain('save-exact=true');
    expect(npmrc?.after).toMatch(/^min-release-age = 3 ; three days\n\n# >>> bulwark/);
    expect(npmrc?.after.match(/min-release-age/g)).toHaveLength(1); // the user's line only
    expect(yarnrc).toBeUndefined(); // both keys set by the user: nothing to add
    const warnings = plan.notices.filter((n) => n.level === 'warn');
    expect(warnings.map((n) => n.fix)).toEqual([
      `replace it with \`min-release-age=7\` in ${join(root, '.npmrc')}`,
      `replace it with \`defaultSemverRangePrefix: ""\` in ${join(root, 'y/.yarnrc.yml')}`,
    ]);
  });

  it('does not write a key an older Yarn would reject, and explains Yarn classic', () => {
    const old = repo({ 'yarn.lock': '', 'package.json': '{"packageManager":"yarn@4.9.2"}' });
    const plan = hardenPackageManagers(old.projects, read);
    expect(plan.changes[0]?.after).not.toContain('npmMinimalAgeGate');
    expect(plan.notices[0]?.message).toMatch(/Yarn 4\.9\.2 .* refuses to run with settings it does not know/);

    const classic = hardenPackageManagers(repo({ 'yarn.lock': '' }).projects, read);
    expect(classic.changes).toEqual([]);
    expect(classic.notices[0]?.fix).toMatch(/Yarn Berry.*bulwark/);
  });

  it('leaves a file it cannot edit safely alone, with a notice', () => {
    const { projects } = repo({ 'pnpm-lock.yaml': '', 'pnpm-workspace.yaml': 'packages: [\n' });
    const plan = hardenPackageManagers(projects, read);
    expect(plan.changes).toEqual([]);
    expect(plan.notices[0]?.fix).toContain("savePrefix: '', minimumReleaseAge: 10080");
  });
});

describe('packageManagerChecks', () => {
  it('fails before init, listing each project that falls short, and passes after', () => {
    const { root, projects } = repo({
      'package.json': PKG,
      'package-lock.json': LOCK,
      'svc/package.json': PKG,
      'svc/package-lock.json': LOCK,
      'svc/.npmrc': 'min-release-age=14\n',
      'api/uv.lock': '',
      'api/pyproject.toml': '[tool.uv]\nexclude-newer = "2024-01-01T00:00:00Z"\n',
    });
    const before = packageManagerChecks(projects, read);
    expect(before.map((c) => [c.id, c.status])).toEqual([
      ['supply-chain.age-gate.npm', 'fail'],
      ['supply-chain.exact-pins.npm', 'fail'],
      ['supply-chain.age-gate.uv', 'pass'],
    ]);
    const { layer, weight, detail, fix } = before[0] ?? {};
    expect([layer, weight, detail, fix]).toEqual(['supply-chain', 5, `not set in ${root}`, 'bulwark init']);
    expect(before[1]?.detail).toBe(`not set in ${root}; not set in ${join(root, 'svc')}`);
    init(projects);
    expect(packageManagerChecks(projects, read).every((c) => c.status === 'pass')).toBe(true);
  });

  it('names the exact line when the user set a weak value', () => {
    const { root, projects } = repo({
      'bun.lock': '{}',
      'bunfig.toml': '[install]\nminimumReleaseAge = 3600\n',
    });
    init(projects);
    const age = packageManagerChecks(projects, read)[0];
    const bunfig = join(root, 'bunfig.toml');
    expect([age?.status, age?.detail]).toEqual(['fail', `minimumReleaseAge = 3600 in ${bunfig}`]);
    expect(age?.fix).toBe(`set \`minimumReleaseAge = 604800\` in ${bunfig}`);
  });
});

describe('tomlProblems', () => {
  it('finds a table or key defined twice, and accepts sub-tables defined before their parent', () => {
    expect(tomlProblems('[install]\na = 1\n[install]\nb = 2\n')).toHaveLength(1);
    expect(tomlProblems('[tool]\nuv.x = 1\n[tool.uv]\ny = 2\n')).not.toEqual([]);
    expect(tomlProblems('a = 1\na = 2\n')).toHaveLength(1);
    const subTableFirst = '[tool.uv.sources]\nx = { path = "." }\n[tool.uv]\ny = """\n[tool.uv]\n"""\n';
    expect(tomlProblems(subTableFirst)).toEqual([]);
  });
});

describe('duration formats', () => {
  it('reads Yarn gates in minutes and uv windows in days', () => {
    expect([10080, '10080', '7d', '1w', '12h'].map(yarnGateMinutes)).toEqual([
      10080, 10080, 10080, 10080, 720,
    ]);
    expect(yarnGateMinutes('soon')).toBeUndefined();
    const days = (value: unknown) => {
      const window = uvWindow(value);
      return window?.kind === 'duration' ? window.days : window?.kind;
    };
    expect(['7 days', '1 week', '1w 2d', 'P7D', 'PT24H', '24 hours'].map(days)).toEqual([7, 7, 9, 7, 1, 1]);
    expect([false, '2025-01-01', 'forever'].map(days)).toEqual(['off', 'timestamp', undefined]);
  });
});
