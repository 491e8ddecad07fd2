// `bulwark init`: the root .gitignore keeps secret and credential files out of git, and `doctor`
// checks that git really ignores them and that none is tracked already. Ignoring a file does not
// untrack it, so tracked ones are reported with the command that untracks them; bulwark never
// changes the index itself (the user decides, and the values must be rotated anyway).
import { join } from 'node:path';
import ignore from 'ignore';
import { commandLine } from '../engines/shell/inline/literals';
import { runGit } from './git';
import { findBlocks, markedBlock, removeBlocks, upsertBlock } from './marked-block';
import { type Check, changeIfDifferent, type Notice, type StepResult } from './plan';

const LABEL = 'secret-files';

/**
 * The lines bulwark adds, in order (the exceptions must follow `.env.*` to win). Only names that
 * almost always hold a secret: a new file that matches is silently left out of commits, so a broad
 * pattern would break normal work. Included:
 * - `.env`, `.env.*`: dotenv files; the committed templates (example/sample/template) stay visible.
 * - `*.pem`, `*.key`: private keys. A public certificate in a .pem is the usual false positive;
 *   already tracked ones stay tracked and are only reported.
 * - `*.p12`, `*.pfx`, `*.jks`, `*.keystore`: key stores hold private keys (Android release keys).
 * - `id_rsa` ... `id_ed25519`: SSH private keys by their default names (`.pub` is not matched).
 * - `.netrc`, `.pgpass`, `.git-credentials`: passwords in plain text, never project files.
 * - `credentials.json`: Google's OAuth client secret by the name its quickstarts use.
 * Left out: `.npmrc` (projects commit it; bulwark writes save-exact there), `service-account*.json`
 * (also the name of Kubernetes manifests; the secret scanner finds the private key inside),
 * `credentials` (often a source folder), `*.tfstate` (state, not a credential file; a project choice).
 */
export const SECRET_FILE_PATTERNS: readonly string[] = [
  '.env',
  '.env.*',
  '!.env.example',
  '!.env.sample',
  '!.env.template',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.jks',
  '*.keystore',
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
  '.netrc',
  '.pgpass',
  '.git-credentials',
  'credentials.json',
];

/** Names `doctor` asks git about: if git ignores these, the common secret files are covered. */
const PROBE_NAMES = ['.env', '.env.local', 'server.pem', 'server.key'];

const secretMatcher = ignore().add(SECRET_FILE_PATTERNS);

/** Repo-relative paths of tracked files that match the patterns (exceptions honoured). */
export function trackedSecretFiles(trackedFiles: readonly string[]): string[] {
  return trackedFiles.filter((path) => ignore.isPathValid(path) && secretMatcher.ignores(path));
}

/**
 * The lines to add: those the user's .gitignore (outside bulwark's blocks) lacks, trailing spaces and
 * CRs aside as git does. An exception is kept whenever a pattern before it is added, even if the
 * user has it: git applies the last match, so `.env.*` appended after the user's `!.env.example`
 * would ignore the example file again.
 */
function missingPatterns(userText: string): string[] {
  const present = new Set(userText.split('\n').map((line) => line.trimEnd()));
  const missing: string[] = [];
  let positiveAdded = false;
  for (const pattern of SECRET_FILE_PATTERNS) {
    const isException = pattern.startsWith('!');
    if (!present.has(pattern) || (isException && positiveAdded)) {
      missing.push(pattern);
      if (!isException) positiveAdded = true;
    }
  }
  return missing;
}

/** `text` without bulwark's block for `label` (and the blank line `append` put before it). */
function withoutBlock(text: string, label: string): string {
  const span = findBlocks(text, label)[0];
  if (!span) return text;
  let start = span.start;
  if (span.end >= text.length && text.slice(0, start).endsWith('\n\n')) start -= 1;
  return text.slice(0, start) + text.slice(span.end);
}

/** The POSIX shell command that untracks `files` and keeps them on disk. */
export function untrackCommand(files: readonly string[]): string {
  // git reads operands as pathspecs: `*`, `?`, `[`, `\` and a leading `:` are magic there.
  const literal = files.map((file) => (/[*?[\\]|^:/.test(file) ? `:(literal)${file}` : file));
  return commandLine(['git', 'rm', '--cached', '--', ...literal]);
}

/** `files` for a message: the first ten, then how many more (the fix command still names all). */
function listed(files: readonly string[]): string {
  const more = files.length > 10 ? ` and ${files.length - 10} more` : '';
  return files.slice(0, 10).join(', ') + more;
}

function trackedNotice(tracked: readonly string[]): Notice {
  return {
    level: 'warn',
    message:
      `git tracks ${tracked.length === 1 ? '1 file' : `${tracked.length} files`} named like secret files: ` +
      `${listed(tracked)}. Ignoring does not untrack them, and their values are in ` +
      'git history: untrack them, then rotate every credential they held (`bulwark scan --history` ' +
      'finds them in past commits).',
    fix: untrackCommand(tracked),
  };
}

export function planGitignore(
  root: string,
  trackedFiles: readonly string[],
  read: (abs: string) => string | undefined,
): StepResult {
  const file = join(root, '.gitignore');
  const before = read(file);
  const text = before ?? '';
  const missing = missingPatterns(removeBlocks(text));
  const body = ['# Secret and credential files: never commit them.', ...missing].join('\n');
  const after =
    missing.length === 0
      ? withoutBlock(text, LABEL)
      : upsertBlock(text, LABEL, markedBlock('hash', LABEL, body), { at: 'end' });
  const tracked = trackedSecretFiles(trackedFiles);
  return {
    changes: changeIfDifferent({
      file,
      before,
      after,
      removal: 'marked-blocks',
      why: 'ignore secret and credential files (.env, private keys) so they cannot be committed',
    }),
    notices: tracked.length > 0 ? [trackedNotice(tracked)] : [],
  };
}

/**
 * The paths git ignores among `paths` (exit 1 means none; anything else is an error). The user's
 * global excludes file is switched off so the check says what the repository guarantees to every
 * clone, not what one machine happens to ignore.
 */
function ignoredByGit(root: string, paths: readonly string[]): Set<string> {
  const result = runGit(root, ['-c', 'core.excludesFile=', 'check-ignore', '--no-index', '--', ...paths]);
  if (result.status !== 0 && result.status !== 1)
    throw new Error((result.stderr || 'git could not be run').trim().split('\n')[0]);
  return new Set(result.stdout.split('\n').filter((line) => line !== ''));
}

const IGNORE_CHECK = {
  id: 'secrets.gitignore',
  layer: 'secrets',
  title: 'git ignores secret files',
  weight: 10,
  why: 'A .env file or private key that git does not ignore ends up in a commit with one `git add -A`.',
} as const;

const TRACKED_CHECK = {
  id: 'secrets.tracked-files',
  layer: 'secrets',
  title: 'no secret files tracked by git',
  weight: 10,
  why: 'A tracked secret file is in every clone and in history: its values must be treated as leaked.',
} as const;

async function ignoreCheck(root: string): Promise<Check> {
  const fix = 'bulwark init';
  try {
    const ignored = ignoredByGit(root, PROBE_NAMES);
    const exposed = PROBE_NAMES.filter((name) => !ignored.has(name));
    return exposed.length === 0
      ? { ...IGNORE_CHECK, status: 'pass', detail: `git ignores ${PROBE_NAMES.join(', ')}` }
      : { ...IGNORE_CHECK, status: 'fail', detail: `git does not ignore ${exposed.join(', ')}`, fix };
  } catch (error) {
    // Unknown is not a pass: say so, without lowering the score for what may be a git problem.
    return {
      ...IGNORE_CHECK,
      status: 'warn',
      detail: `git check-ignore failed: ${(error as Error).message}`,
      fix,
    };
  }
}

function trackedCheck(trackedFiles: readonly string[]): Check {
  const tracked = trackedSecretFiles(trackedFiles);
  if (tracked.length === 0)
    return { ...TRACKED_CHECK, status: 'pass', detail: 'no tracked file looks like a secret' };
  return {
    ...TRACKED_CHECK,
    status: 'fail',
    detail: `tracked: ${listed(tracked)}`,
    fix: `${untrackCommand(tracked)}, then rotate the credentials (\`bulwark scan --history\` finds them)`,
  };
}

export async function gitignoreChecks(
  root: string,
  trackedFiles: readonly string[],
  isGitRepository: boolean,
): Promise<Check[]> {
  if (!isGitRepository) {
    const skipped = { status: 'skip', detail: 'not a git repository' } as const;
    return [
      { ...IGNORE_CHECK, ...skipped },
      { ...TRACKED_CHECK, ...skipped },
    ];
  }
  return [await ignoreCheck(root), trackedCheck(trackedFiles)];
}
