// Just enough of gitignore to tell that an untracked file is ignored, so that `git status` would
// not list it. Only patterns whose meaning is certain are read: a negation (`!`), a character
// class, a brace or an escape makes the whole answer "unknown", and the caller asks git instead.
// Sources not read here (core.excludesFile) can only make a file look not ignored: the safe side.
import { join } from 'node:path';
import { compileGlob, type Glob, globMatches } from '../../core/glob';
import { readSmallFile } from './small-file';

const MAX_IGNORE_FILE_BYTES = 256 * 1024;

interface IgnoreRule {
  /** The folder of the file the rule comes from, relative to the root ('' for the root). */
  scope: string;
  glob: Glob;
  directoryOnly: boolean;
}

export class IgnoreRules {
  private readonly rules: IgnoreRule[] = [];
  private readonly readFolders = new Set<string>();

  private constructor(private readonly root: string) {}

  /** The rules of `.git/info/exclude` and of every `.gitignore` from the root down to `folder`. */
  static forFolder(root: string, folder: string): IgnoreRules | undefined {
    const rules = new IgnoreRules(root);
    if (!rules.addFile('', join(root, '.git', 'info', 'exclude'))) return undefined;
    const parts = folder ? folder.split('/') : [];
    for (let depth = 0; depth <= parts.length; depth++) {
      if (!rules.addFolder(parts.slice(0, depth).join('/'))) return undefined;
    }
    return rules;
  }

  /** Reads `<folder>/.gitignore` once; false when it holds a pattern this cannot read for sure. */
  addFolder(folder: string): boolean {
    if (this.readFolders.has(folder)) return true;
    this.readFolders.add(folder);
    return this.addFile(folder, join(this.root, folder, '.gitignore'));
  }

  private addFile(scope: string, file: string): boolean {
    const read = readSmallFile(file, MAX_IGNORE_FILE_BYTES);
    if (read === 'missing') return true;
    if (typeof read !== 'object' || !('text' in read)) return false;
    for (const line of read.text.split('\n')) {
      const rule = parseRule(scope, line.replace(/\r$/, ''));
      if (rule === 'uncertain') return false;
      if (rule) this.rules.push(rule);
    }
    return true;
  }

  /** Does a rule ignore this path (relative to the root)? Its folders are checked by the caller. */
  ignores(path: string, isDirectory: boolean): boolean {
    return this.rules.some((rule) => {
      if (rule.directoryOnly && !isDirectory) return false;
      if (rule.scope && !path.startsWith(`${rule.scope}/`)) return false;
      return globMatches(rule.glob, rule.scope ? path.slice(rule.scope.length + 1) : path);
    });
  }
}

function parseRule(scope: string, line: string): IgnoreRule | 'uncertain' | undefined {
  const pattern = line.replace(/ +$/, '');
  if (!pattern || pattern.startsWith('#')) return undefined;
  if (pattern.startsWith('!') || /[[\]{}\\]/.test(pattern)) return 'uncertain';
  const directoryOnly = pattern.endsWith('/');
  const body = directoryOnly ? pattern.slice(0, -1) : pattern;
  if (!body || body === '/') return 'uncertain';
  // A slash before the end anchors the pattern to its file's folder; otherwise it matches at any depth.
  const anchored = body.includes('/');
  try {
    const [glob, ...alternatives] = compileGlob(anchored ? body.replace(/^\//, '') : `**/${body}`);
    return glob && !alternatives.length ? { scope, glob, directoryOnly } : 'uncertain';
  } catch {
    return 'uncertain';
  }
}
