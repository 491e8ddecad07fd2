// Which package managers a repository uses, and where: one project per directory that has a
// lockfile (or a uv project file), plus a package.json without a lockfile that is not inside
// another JavaScript project (workspace members share their root's lockfile and settings).
import { join, posix } from 'node:path';
import { scanToml } from './toml';
import { MANAGER_ORDER, type ManagedProject, type PackageManager, type Reader } from './types';
import { declaredManager } from './values';

type JsManager = Exclude<PackageManager, 'uv'>;

/** Lockfiles in the order they are checked; yarn.lock is Berry or classic, decided below. */
const JS_LOCKFILES: ReadonlyArray<readonly [string, JsManager | 'yarn?']> = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn?'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
];

function yarnFlavour(dir: string, names: ReadonlySet<string>, read: Reader): 'yarn' | 'yarn-classic' {
  const declared = declaredManager(dir, read);
  if (declared?.name === 'yarn') return Number(declared.version.split('.')[0]) >= 2 ? 'yarn' : 'yarn-classic';
  return names.has('.yarnrc.yml') ? 'yarn' : 'yarn-classic';
}

/** The JavaScript projects in one directory, from its lockfiles (several only when none is declared). */
function jsProjects(dir: string, names: ReadonlySet<string>, read: Reader, insideJsProject: boolean) {
  const found = new Map<JsManager, string>();
  for (const [lockfile, kind] of JS_LOCKFILES) {
    if (!names.has(lockfile)) continue;
    const manager = kind === 'yarn?' ? yarnFlavour(dir, names, read) : kind;
    if (!found.has(manager)) found.set(manager, lockfile);
  }
  const declared = names.has('package.json') ? declaredManager(dir, read) : undefined;
  if (found.size > 1 && declared) {
    // A stale lockfile of another manager beside the declared one: the declaration says which is used.
    const kept = [...found].filter(([manager]) => manager.replace('-classic', '') === declared.name);
    if (kept.length > 0) return kept;
  }
  if (found.size === 0 && names.has('package.json') && !insideJsProject) {
    const manager: JsManager = !declared
      ? 'npm'
      : declared.name === 'yarn'
        ? Number(declared.version.split('.')[0]) >= 2
          ? 'yarn'
          : 'yarn-classic'
        : declared.name;
    return [[manager, 'package.json'] as const];
  }
  return [...found];
}

/** A uv project: uv.lock, or a pyproject.toml with a [tool.uv] table (or one of its sub-tables). */
function uvEvidence(dir: string, names: ReadonlySet<string>, read: Reader): string | undefined {
  if (names.has('uv.lock')) return 'uv.lock';
  if (names.has('uv.toml')) return 'uv.toml';
  if (!names.has('pyproject.toml')) return undefined;
  try {
    const scan = scanToml(read(join(dir, 'pyproject.toml')) ?? '');
    const isUv = (path: readonly string[]) => path[0] === 'tool' && path[1] === 'uv';
    return scan.headers.some((h) => isUv(h.path)) || scan.entries.some((e) => isUv(e.path))
      ? 'pyproject.toml'
      : undefined;
  } catch {
    return undefined;
  }
}

export function detectPackageManagers(
  root: string,
  files: readonly string[],
  read: Reader,
): ManagedProject[] {
  const namesByDir = new Map<string, Set<string>>();
  for (const file of files) {
    const dir = posix.dirname(file);
    const key = dir === '.' ? '' : dir;
    const names = namesByDir.get(key) ?? new Set<string>();
    names.add(posix.basename(file));
    namesByDir.set(key, names);
  }
  // Parents sort before their children ('' < 'a' < 'a/b'), so a workspace root is seen first.
  const dirs = [...namesByDir.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const jsRoots: string[] = [];
  const projects: Array<ManagedProject & { rel: string }> = [];
  for (const rel of dirs) {
    const names = namesByDir.get(rel) as Set<string>;
    const dir = rel === '' ? root : join(root, ...rel.split('/'));
    const inside = jsRoots.some((jsRoot) => jsRoot === '' || rel.startsWith(`${jsRoot}/`));
    const js = jsProjects(dir, names, read, inside);
    if (js.length > 0) jsRoots.push(rel);
    for (const [manager, evidence] of js) projects.push({ manager, dir, evidence, rel });
    const uv = uvEvidence(dir, names, read);
    if (uv) projects.push({ manager: 'uv', dir, evidence: uv, rel });
  }
  return projects
    .sort((a, b) =>
      a.rel !== b.rel
        ? a.rel < b.rel
          ? -1
          : 1
        : MANAGER_ORDER.indexOf(a.manager) - MANAGER_ORDER.indexOf(b.manager),
    )
    .map(({ manager, dir, evidence }) => ({ manager, dir, evidence }));
}
