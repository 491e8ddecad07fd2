// The real Claude Code client, installed on demand into a cache outside the repository: it is a
// 380 MB platform-specific binary, so it is not a dependency of bulwark. The version and the
// tarball's integrity are pinned by test/claude/client/package-lock.json, and `npm ci` checks them.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLIENT_DIR = join(import.meta.dirname, '..', 'client');
const PACKAGE = '@anthropic-ai/claude-code-linux-x64';

export const CLIENT_VERSION: string = JSON.parse(readFileSync(join(CLIENT_DIR, 'package.json'), 'utf8'))
  .dependencies[PACKAGE];

function cacheDir(): string {
  const configured = process.env.BULWARK_CLAUDE_CODE_CACHE;
  return configured || join(tmpdir(), `bulwark-claude-code-${process.getuid?.() ?? 'user'}`);
}

export function claudeBinary(): string {
  return join(cacheDir(), CLIENT_VERSION, 'node_modules', PACKAGE, 'claude');
}

/**
 * The cache may sit in a shared temporary directory, where another user could plant a binary of
 * their own for us to run: it must be ours and writable by nobody else.
 */
function assertPrivate(dir: string): void {
  const stats = lstatSync(dir);
  const ownedByUs = process.getuid === undefined || stats.uid === process.getuid();
  if (!stats.isDirectory() || !ownedByUs || (stats.mode & 0o022) !== 0) {
    throw new Error(
      `${dir} is not a private directory of this user (owner, type or mode is wrong); ` +
        'remove it, or set BULWARK_CLAUDE_CODE_CACHE to a directory of your own.',
    );
  }
}

function installedVersion(binary: string): string | undefined {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 }).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** Installs the pinned client unless it is there already; returns the path of its binary. */
export function ensureClaudeClient(): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `The conformance suite pins ${PACKAGE}; it runs on linux x64 with glibc only (this is ${process.platform} ${process.arch}).`,
    );
  }
  const root = cacheDir();
  mkdirSync(root, { recursive: true, mode: 0o700 });
  assertPrivate(root);
  const binary = claudeBinary();
  if (installedVersion(binary) === CLIENT_VERSION) return binary;

  const target = join(root, CLIENT_VERSION);
  const staging = `${target}.staging-${process.pid}`;
  try {
    mkdirSync(staging, { recursive: true });
    for (const file of ['package.json', 'package-lock.json']) {
      copyFileSync(join(CLIENT_DIR, file), join(staging, file));
    }
    execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: staging,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 600_000,
    });
    // Another run may have finished first, or an old install may be in the way; never remove an
    // install that another run may be using: set the old one aside instead.
    if (installedVersion(binary) !== CLIENT_VERSION && existsSync(target)) {
      renameSync(target, `${target}.stale-${process.pid}`);
    }
    try {
      renameSync(staging, target);
    } catch {
      // Another run installed it first; the version check below tells.
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(`${target}.stale-${process.pid}`, { recursive: true, force: true });
  }
  const version = installedVersion(binary);
  if (version !== CLIENT_VERSION) {
    throw new Error(`Installed ${PACKAGE} into ${target}, but \`claude --version\` says ${version}.`);
  }
  return binary;
}
