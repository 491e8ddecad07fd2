// What git holds, read with git itself (execFile, argument arrays): the lines a staged change or
// a diff adds, and every blob in history once. A repository is untrusted input: its config cannot
// run programs here (no fsmonitor, no external diff, no textconv, no pager, no hooks).
import { execFile, spawn } from 'node:child_process';
import { UserError } from '../core/errors';

const SAFE_CONFIG = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.untrackedCache=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.quotePath=false',
  '-c',
  'diff.external=',
  '--no-pager',
];
const MAX_OUTPUT = 1024 * 1024 * 1024;

function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      [...SAFE_CONFIG, ...args],
      {
        cwd,
        maxBuffer: MAX_OUTPUT,
        encoding: 'utf8',
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = (stderr || error.message).trim().split('\n')[0];
          reject(
            new UserError(
              `git ${args[0]} failed in ${cwd}: ${detail}`,
              'run bulwark scan inside a git repository, with a revision git knows',
            ),
          );
        } else resolvePromise(stdout);
      },
    );
  });
}

/** A C-quoted path as git writes it ("a\"b", "\303\251"), back to its name. */
export function unquotePath(path: string): string {
  if (!path.startsWith('"')) return path;
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '"': 34, '\\': 92 };
  for (let i = 1; i < path.length - 1; i++) {
    const char = path[i] as string;
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = path[i + 1] as string;
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(path.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** For each file a change adds lines to, the added line numbers (of the new version). */
export type AddedLines = Map<string, Set<number>>;

export function parseAddedLines(patch: string): AddedLines {
  const added: AddedLines = new Map();
  let current: Set<number> | undefined;
  let line = 0;
  for (const text of patch.split('\n')) {
    if (text.startsWith('+++ ')) {
      // git ends a name holding a space with a tab on this line.
      const target = text.slice(4).replace(/\t$/, '');
      if (target === '/dev/null') current = undefined;
      else {
        const path = unquotePath(target);
        const name = path.startsWith('b/') ? path.slice(2) : path.startsWith('"b/') ? path.slice(3) : path;
        current = new Set();
        added.set(name, current);
      }
    } else if (text.startsWith('@@')) {
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
      line = hunk ? Number(hunk[1]) : 0;
    } else if (current && text.startsWith('+')) {
      current.add(line);
      line++;
    } else if (current && text.startsWith(' ')) line++;
  }
  return added;
}

const DIFF_OPTIONS = [
  // Whatever diff.mnemonicPrefix or diff.noprefix say, the names start a/ and b/.
  '--src-prefix=a/',
  '--dst-prefix=b/',
  // Files marked binary or -diff in .gitattributes still show their added lines.
  '--text',
  '--no-ext-diff',
  '--no-textconv',
  '--no-color',
  '--no-renames',
  '-U0',
  '--diff-filter=ACMR',
];

export function stagedAdditions(root: string): Promise<AddedLines> {
  return git(root, ['diff', '--cached', ...DIFF_OPTIONS]).then(parseAddedLines);
}

export function diffAdditions(root: string, base: string): Promise<AddedLines> {
  if (base.startsWith('-'))
    throw new UserError(
      `--diff ${base}: a revision cannot start with "-"`,
      'name a branch, tag or commit, e.g. --diff origin/main',
    );
  return git(root, ['diff', ...DIFF_OPTIONS, base, '--']).then(parseAddedLines);
}

export interface HistoryBlob {
  sha: string;
  path: string;
  commit: { sha: string; author: string; date: string };
}

/**
 * Every blob the commits add or change, with the first commit that introduced it. `revisions`
 * selects the commits as `git log` takes them (default: every ref).
 */
export async function historyBlobs(
  root: string,
  revisions: readonly string[] = ['--all'],
): Promise<{ blobs: HistoryBlob[]; commits: number }> {
  const log = await git(root, [
    'log',
    ...revisions,
    '--reverse',
    '--no-renames',
    // A merge's own content (an "evil merge") counts too: each merge is compared with every parent.
    '--diff-merges=separate',
    '--raw',
    '--no-abbrev',
    '-r',
    '--diff-filter=ACMR',
    '--format=%x1e%H%x1f%an <%ae>%x1f%aI',
    '--',
  ]);
  const blobs: HistoryBlob[] = [];
  const seen = new Set<string>();
  let commits = 0;
  let commit: HistoryBlob['commit'] | undefined;
  for (const line of log.split('\n')) {
    if (line.startsWith('\x1e')) {
      const [sha, author, date] = line.slice(1).split('\x1f');
      commit = { sha: sha ?? '', author: author ?? '', date: date ?? '' };
      commits++;
      continue;
    }
    const raw = /^:\d+ (\d+) [0-9a-f]+ ([0-9a-f]+) [A-Z]\d*\t(.*)$/.exec(line);
    if (!raw || !commit) continue;
    const [, mode, sha, path] = raw as unknown as [string, string, string, string];
    // Gitlinks (submodules) and links are not content.
    if (mode === '160000' || mode === '120000' || seen.has(sha)) continue;
    seen.add(sha);
    blobs.push({ sha, path: unquotePath(path), commit });
  }
  return { blobs, commits };
}

/**
 * The contents of objects (`<sha>` or `:<path>` for the index), through one `git cat-file --batch`
 * process. `maxBytes`: larger objects are reported by size and not read into memory as text.
 */
export async function* readObjects(
  root: string,
  names: readonly string[],
  maxBytes: number,
): AsyncGenerator<{ name: string; content?: Buffer; size: number }> {
  const child = spawn('git', [...SAFE_CONFIG, 'cat-file', '--batch'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const input = names
    .filter((name) => !name.includes('\n'))
    .map((name) => `${name}\n`)
    .join('');
  child.stdin.end(input);
  const queue = names.filter((name) => !name.includes('\n'));
  let index = 0;
  // Chunks are joined only once enough bytes have arrived for the object being read, so a large
  // blob costs one copy, not one per chunk.
  let chunks: Buffer[] = [];
  let length = 0;
  let needed = 1;
  for await (const chunk of child.stdout) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    while (length >= needed) {
      const buffer = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      chunks = [buffer];
      const newline = buffer.indexOf(10);
      if (newline < 0) {
        needed = length + 1;
        break;
      }
      const header = buffer.subarray(0, newline).toString('utf8');
      const name = queue[index] ?? '';
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        chunks = [buffer.subarray(newline + 1)];
        length -= newline + 1;
        index++;
        needed = 1;
        continue;
      }
      const size = Number(header.split(' ')[2]);
      const total = newline + 1 + size + 1;
      if (length < total) {
        needed = total;
        break;
      }
      const content = buffer.subarray(newline + 1, newline + 1 + size);
      chunks = [buffer.subarray(total)];
      length -= total;
      index++;
      needed = 1;
      yield size > maxBytes ? { name, size } : { name, content: Buffer.from(content), size };
    }
  }
}
