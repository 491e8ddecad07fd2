// `bulwark hook git <name>`: what the git hooks `bulwark init` installs run. pre-commit scans the
// lines the staged change adds; pre-push scans the commits the push would send, read from the
// refs git writes on stdin (or the pre-commit framework's PRE_COMMIT_FROM_REF/TO_REF).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Environment } from '../../policy/locate';
import { type ScanOptions, scanCommand } from './scan';

export type GitHookName = 'pre-commit' | 'pre-push';

const ZERO = /^0+$/;

function baseOptions(cwd: string): ScanOptions {
  return { ignore: true, only: 'secrets', format: 'pretty', failOn: 'low', cwd };
}

function commitExists(cwd: string, sha: string): boolean {
  try {
    execFileSync('git', ['-c', 'core.hooksPath=/dev/null', 'cat-file', '-e', `${sha}^{commit}`], {
      cwd,
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/** The revisions one pushed ref sends: what the remote does not have yet. */
function outgoing(cwd: string, localSha: string, remoteSha: string): string[] {
  if (!ZERO.test(remoteSha) && commitExists(cwd, remoteSha)) return [`${remoteSha}..${localSha}`];
  // A new branch, or a remote commit this clone never fetched: everything no remote-tracking ref has.
  return [localSha, '--not', '--remotes'];
}

function pushedRanges(cwd: string, vars: NodeJS.ProcessEnv, stdin: string): string[][] {
  const from = vars.PRE_COMMIT_FROM_REF;
  const to = vars.PRE_COMMIT_TO_REF;
  if (from && to) return [outgoing(cwd, to, from)];
  const ranges: string[][] = [];
  for (const line of stdin.split('\n')) {
    const [, localSha, , remoteSha] = line.trim().split(/\s+/);
    if (!localSha || !remoteSha || !/^[0-9a-f]+$/.test(localSha) || !/^[0-9a-f]+$/.test(remoteSha)) continue;
    // A deleted ref sends nothing.
    if (ZERO.test(localSha)) continue;
    ranges.push(outgoing(cwd, localSha, remoteSha));
  }
  return ranges;
}

const HOW_TO_PROCEED = `
What to do:
  - take the secret out of the file (read it from an environment variable instead), then commit again;
  - if it is not a secret (a test fixture, a public key), mark the line
      # bulwark:allow <rule-id> -- <why>
    or accept it in the baseline: bulwark scan --update-baseline (then give it a reason);
  - a real credential that was ever committed or shared must be rotated.
`;

export async function gitHookCommand(name: GitHookName, environment: Environment): Promise<number> {
  const cwd = process.cwd();
  if (name === 'pre-commit') {
    const status = await scanCommand([], { ...baseOptions(cwd), staged: true }, environment);
    if (status !== 0)
      process.stderr.write(`\nbulwark: commit refused: the staged change adds a secret.${HOW_TO_PROCEED}`);
    return status;
  }
  const stdin = process.stdin.isTTY ? '' : readFileSync(0, 'utf8');
  let status = 0;
  for (const revisions of pushedRanges(cwd, environment.vars, stdin)) {
    const result = await scanCommand([], { ...baseOptions(cwd), commits: revisions }, environment);
    status = Math.max(status, result);
  }
  if (status === 1)
    process.stderr.write(
      `\nbulwark: push refused: a commit it would send holds a secret. Rewrite that commit (git rebase -i, or git commit --amend for the last one).${HOW_TO_PROCEED}`,
    );
  return status;
}
