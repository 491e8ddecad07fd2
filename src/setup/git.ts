// git as the setup steps need it: synchronous, argument arrays, never a shell. The repository's
// config may not run programs here (no fsmonitor, no pager); hooks settings are read, not run.
import { execFileSync } from 'node:child_process';

const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', '--no-pager'];

/** git's output, or undefined when git fails (not a repository, an unset key). */
export function gitOutput(cwd: string, args: readonly string[], input?: string): string | undefined {
  try {
    return execFileSync('git', [...SAFE, ...args], {
      cwd,
      encoding: 'utf8',
      input,
      stdio: ['pipe', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    });
  } catch {
    return undefined;
  }
}

/** NUL-separated git output as a list. */
export function gitList(cwd: string, args: readonly string[]): string[] | undefined {
  const output = gitOutput(cwd, [...args, '-z']);
  return output?.split('\0').filter((entry) => entry !== '');
}
