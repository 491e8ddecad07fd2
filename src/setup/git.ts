// git as the setup steps need it: synchronous, argument arrays, never a shell. The repository's
// config may not run programs here (no fsmonitor, no pager); hooks settings are read, not run
// (commands here run no hooks anyway, so core.hooksPath stays as configured for init to read).
import { spawnSync } from 'node:child_process';

const SAFE = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.untrackedCache=false',
  '-c',
  'core.quotePath=false',
  '--no-pager',
];

export interface GitRun {
  /** null when git could not be started. */
  status: number | null;
  stdout: string;
  stderr: string;
}

/** git run to the end: its exit status and output, whatever they are. */
export function runGit(cwd: string, args: readonly string[], input?: string): GitRun {
  const result = spawnSync('git', [...SAFE, ...args], {
    cwd,
    encoding: 'utf8',
    input,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
  });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** git's output, or undefined when git fails (not a repository, an unset key). */
export function gitOutput(cwd: string, args: readonly string[], input?: string): string | undefined {
  const result = runGit(cwd, args, input);
  return result.status === 0 ? result.stdout : undefined;
}

/** NUL-separated git output as a list. */
export function gitList(cwd: string, args: readonly string[]): string[] | undefined {
  const output = gitOutput(cwd, [...args, '-z']);
  return output?.split('\0').filter((entry) => entry !== '');
}
