// The files of a working tree, as git would see them: .gitignore files (nested ones too) and
// .git/info/exclude are honoured unless told otherwise, .git itself is never entered, links are
// not followed (a link can point anywhere, including back up the tree).
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { findProjectRoot } from '../policy/locate';

export interface TreeFile {
  absolute: string;
  /** As findings name it: relative to the project root. */
  display: string;
}

export interface WalkOptions {
  /** Honour .gitignore; false with --no-ignore. */
  gitignore: boolean;
  /** Where the roots given are relative to. */
  cwd: string;
  /** Relative names in findings are relative to this directory (the project root). */
  displayRoot: string;
}

interface IgnoreLayer {
  base: string;
  rules: Ignore;
}

function readIgnoreFile(path: string): string | undefined {
  try {
    const stats = lstatSync(path);
    return stats.isFile() && stats.size < 1024 * 1024 ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function layerFor(dir: string, extra?: string): IgnoreLayer | undefined {
  const text = [extra, readIgnoreFile(join(dir, '.gitignore'))].filter((t) => t !== undefined).join('\n');
  return text ? { base: dir, rules: ignore().add(text) } : undefined;
}

function isIgnored(layers: readonly IgnoreLayer[], path: string, directory: boolean): boolean {
  for (const layer of layers) {
    const rel = relative(layer.base, path).split(sep).join('/');
    if (rel === '' || rel.startsWith('..')) continue;
    if (layer.rules.ignores(directory ? `${rel}/` : rel)) return true;
  }
  return false;
}

/** The .gitignore layers that apply to `dir`: from the repository root down to it. */
function ancestorLayers(dir: string): IgnoreLayer[] {
  const root = findProjectRoot(dir);
  if (!existsSync(join(root, '.git'))) return [];
  const layers: IgnoreLayer[] = [];
  const rootLayer = layerFor(root, readIgnoreFile(join(root, '.git', 'info', 'exclude')));
  if (rootLayer) layers.push(rootLayer);
  const steps = relative(root, dir).split(sep).filter(Boolean);
  let current = root;
  for (const step of steps) {
    current = join(current, step);
    if (current === dir) break;
    const layer = layerFor(current);
    if (layer) layers.push(layer);
  }
  return layers;
}

export function* walkTree(roots: readonly string[], options: WalkOptions): Generator<TreeFile> {
  for (const root of roots) {
    const absolute = resolve(options.cwd, root);
    const stats = lstatSync(absolute);
    const display = (path: string) => {
      const name = relative(options.displayRoot, path);
      return name === '' || name.startsWith('..') ? path : name.split(sep).join('/');
    };
    if (stats.isFile()) {
      // Named on the command line: scanned even if ignored.
      yield { absolute, display: display(absolute) };
      continue;
    }
    if (!stats.isDirectory()) continue;
    const layers = options.gitignore ? ancestorLayers(absolute) : [];
    yield* walkDirectory(absolute, layers, options, display);
  }
}

function* walkDirectory(
  dir: string,
  inherited: readonly IgnoreLayer[],
  options: WalkOptions,
  display: (path: string) => string,
): Generator<TreeFile> {
  const own = options.gitignore ? layerFor(dir) : undefined;
  const layers = own ? [...inherited, own] : inherited;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (options.gitignore && isIgnored(layers, path, true)) continue;
      yield* walkDirectory(path, layers, options, display);
    } else if (entry.isFile()) {
      if (options.gitignore && isIgnored(layers, path, false)) continue;
      yield { absolute: path, display: display(path) };
    }
  }
}
