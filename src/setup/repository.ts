// Step 1 of `bulwark init`: what the repository is. Everything later steps decide from is here.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../core/errors';
import { findProjectRoot } from '../policy/locate';
import { walkTree } from '../scan/tree';
import { gitList, gitOutput } from './git';

export type HookManager = 'husky' | 'lefthook' | 'pre-commit' | 'simple-git-hooks' | 'hooks-path' | 'git';

export interface RepositoryFacts {
  root: string;
  isGitRepository: boolean;
  /** Repository-relative POSIX paths: tracked plus untracked files git does not ignore. */
  files: string[];
  trackedFiles: string[];
  /** Where git looks for hooks (core.hooksPath honoured); undefined outside git. */
  hooksDir?: string;
  /** core.hooksPath as configured, if set. */
  hooksPath?: string;
  hookManager: HookManager;
  /** The manager's config file (lefthook.yml, .pre-commit-config.yaml), when it has one. */
  hookManagerConfig?: string;
  languages: string[];
  envFiles: string[];
  claudeSettings: string[];
  claudeMd?: string;
}

/** Files listed when the folder is not a repository (a home directory must not take minutes). */
const MAX_WALKED_FILES = 20_000;

const LANGUAGES: ReadonlyArray<[string, RegExp]> = [
  ['TypeScript', /\.(ts|tsx|mts|cts)$/],
  ['JavaScript', /\.(js|jsx|mjs|cjs)$/],
  ['Python', /\.py$/],
  ['Go', /\.go$/],
  ['Rust', /\.rs$/],
  ['Ruby', /\.rb$/],
  ['Java', /\.(java|kt)$/],
  ['PHP', /\.php$/],
  ['C#', /\.cs$/],
];

const LEFTHOOK_CONFIGS = ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml'];

/**
 * A file's text, or undefined when there is no file (a directory counts as none: init refuses to
 * write there). A file that exists but cannot be read is an error, never "absent": init would
 * otherwise write over it.
 */
export function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw new UserError(
      `cannot read ${file}: ${(error as Error).message}`,
      'make it readable, then run the command again',
    );
  }
}

function listFiles(root: string, isGit: boolean): { files: string[]; tracked: string[] } {
  if (isGit) {
    const tracked = gitList(root, ['ls-files', '--cached']) ?? [];
    const untracked = gitList(root, ['ls-files', '--others', '--exclude-standard']) ?? [];
    return { files: [...new Set([...tracked, ...untracked])].sort(), tracked };
  }
  const files: string[] = [];
  for (const file of walkTree(['.'], { gitignore: false, cwd: root, displayRoot: root })) {
    if (file.display.split('/').some((part) => part === 'node_modules' || part === '.venv')) continue;
    files.push(file.display);
    if (files.length >= MAX_WALKED_FILES) break;
  }
  return { files: files.sort(), tracked: [] };
}

function detectHookManager(
  root: string,
  files: readonly string[],
  hooksPath: string | undefined,
): { manager: HookManager; config?: string } {
  const has = (name: string) => files.includes(name) || existsSync(join(root, name));
  if (hooksPath?.replace(/^\.\//, '').startsWith('.husky') || files.some((f) => f.startsWith('.husky/')))
    return { manager: 'husky' };
  const lefthook = LEFTHOOK_CONFIGS.find(has);
  if (lefthook) return { manager: 'lefthook', config: join(root, lefthook) };
  if (has('.pre-commit-config.yaml'))
    return { manager: 'pre-commit', config: join(root, '.pre-commit-config.yaml') };
  const manifest = readOptional(join(root, 'package.json'));
  if (
    has('.simple-git-hooks.json') ||
    has('.simple-git-hooks.cjs') ||
    /"simple-git-hooks"\s*:/.test(manifest ?? '')
  )
    return { manager: 'simple-git-hooks' };
  if (hooksPath) return { manager: 'hooks-path' };
  return { manager: 'git' };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const ENV_FILE = /(^|\/)\.env(\.[^/]*)?$/;

/** `.env*` files, ignored ones at the root included: git does not list those. */
function envFiles(root: string, files: readonly string[]): string[] {
  let rootEntries: string[] = [];
  try {
    rootEntries = readdirSync(root).filter((name) => ENV_FILE.test(name) && !isDirectory(join(root, name)));
  } catch {
    // An unreadable root lists nothing more.
  }
  return [...new Set([...files.filter((file) => ENV_FILE.test(file)), ...rootEntries])].sort();
}

export function inspectRepository(directory: string): RepositoryFacts {
  const root = findProjectRoot(directory);
  const isGitRepository = existsSync(join(root, '.git'));
  const { files, tracked } = listFiles(root, isGitRepository);
  const hooksPath = isGitRepository
    ? gitOutput(root, ['config', '--get', 'core.hooksPath'])?.trim()
    : undefined;
  const gitHooks = isGitRepository
    ? gitOutput(root, ['rev-parse', '--git-path', 'hooks'])?.trim()
    : undefined;
  const hooksDir = gitHooks ? (isAbsolute(gitHooks) ? gitHooks : resolve(root, gitHooks)) : undefined;
  const { manager, config } = detectHookManager(root, files, hooksPath || undefined);
  const languages = LANGUAGES.filter(([, extension]) => files.some((file) => extension.test(file))).map(
    ([name]) => name,
  );
  const claudeMd = ['CLAUDE.md', '.claude/CLAUDE.md'].find((name) => existsSync(join(root, name)));
  return {
    root,
    isGitRepository,
    files,
    trackedFiles: tracked,
    hooksDir,
    hooksPath: hooksPath || undefined,
    hookManager: manager,
    hookManagerConfig: config,
    languages,
    envFiles: envFiles(root, files),
    claudeSettings: ['.claude/settings.json', '.claude/settings.local.json'].filter((name) =>
      existsSync(join(root, name)),
    ),
    claudeMd: claudeMd && !isDirectory(join(root, claudeMd)) ? claudeMd : undefined,
  };
}
