// Which untracked files git ignores, so that the index proof can leave them out as `git status`
// does. The patterns are read with `ignore` (the gitignore matcher DESIGN.md names), one matcher
// per file, and combined in git's order: the deepest .gitignore first, .git/info/exclude last.
// core.excludesFile is not read: a file it ignores only looks untracked, and git is asked.
import { lstatSync } from 'node:fs';
import { join, relative } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readSmallFile } from './small-file';

const MAX_IGNORE_FILE_BYTES = 256 * 1024;

interface Level {
  /** The folder of the file the rules come from, relative to the root ('' for the root). */
  scope: string;
  rules: Ignore;
}

export class IgnoreRules {
  /** Most specific last. */
  private readonly levels: Level[] = [];
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

  /** Reads `<folder>/.gitignore` once; false when it exists but cannot be read. */
  addFolder(folder: string): boolean {
    if (this.readFolders.has(folder)) return true;
    this.readFolders.add(folder);
    return this.addFile(folder, join(this.root, folder, '.gitignore'));
  }

  private addFile(scope: string, file: string): boolean {
    // git does not follow a symbolic link named .gitignore; reading it would be wrong either way.
    try {
      if (lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) return false;
    } catch {
      return false;
    }
    const read = readSmallFile(file, MAX_IGNORE_FILE_BYTES);
    if (read === 'missing') return true;
    if (typeof read !== 'object' || !('text' in read)) return false;
    // Git matches case-sensitively unless core.ignorecase says otherwise; stricter is the safe side.
    this.levels.push({ scope, rules: ignore({ ignorecase: false }).add(read.text) });
    return true;
  }

  /** Is this path (relative to the root) ignored? Its folders are checked by the caller's walk. */
  ignores(path: string, isDirectory: boolean): boolean {
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const level = this.levels[i] as Level;
      if (level.scope && !path.startsWith(`${level.scope}/`)) continue;
      const result = level.rules.test(`${relative(level.scope, path)}${isDirectory ? '/' : ''}`);
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
  }
}
