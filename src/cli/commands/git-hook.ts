// `bulwark hook git <name>`: what the git hooks `bulwark init` installs run. pre-commit scans the
// lines the staged change adds; pre-push scans the commits the push would send, read from the
// refs git writes on stdin (or the pre-commit framework's PRE_COMMIT_FROM_REF/TO_REF).
import { readFileSync } from 'node:fs';
import type { Environment } from '../../policy/locate';
import type { ScanReport } from '../../scan/scan';
import { runGit } from '../../setup/git';
import { type ScanOptions, scanCommand } from './scan';

export type GitHookName = 'pre-commit' | 'pre-push';

const ZERO = /^0+$/;

function baseOptions(cwd: string): ScanOptions {
  return { ignore: true, only: 'secrets', format: 'pretty', failOn: 'low', cwd };
}

function commitExists(cwd: string, sha: string): boolean {
  return runGit(cwd, ['cat-file', '-e', `${sha}^{commit}`]).status === 0;
}

/**
 * The revisions one pushed ref sends: what the remote does not have yet. For a new branch, that is
 * what none of this remote's tracking refs has (another remote having it says nothing about this one).
 */
function outgoing(cwd: string, localSha: string, remoteSha: string, remote: string | undefined): string[] {
  if (!ZERO.test(remoteSha) && commitExists(cwd, remoteSha)) return [`${remoteSha}..${localSha}`];
  const known = remote && /^[A-Za-z0-9._-]+$/.test(remote) ? `--remotes=${remote}` : '--remotes';
  return [localSha, '--not', known];
}

function pushedRanges(cwd: string, vars: NodeJS.ProcessEnv, stdin: string, remote?: string): string[][] {
  const from = vars.PRE_COMMIT_FROM_REF;
  const to = vars.PRE_COMMIT_TO_REF;
  if (from && to) return [outgoing(cwd, to, from, vars.PRE_COMMIT_REMOTE_NAME)];
  const ranges: string[][] = [];
  for (const line of stdin.split('\n')) {
    const [, localSha, , remoteSha] = line.trim().split(/\s+/);
    if (!localSha || !remoteSha || !/^[0-9a-f]+$/.test(localSha) || !/^[0-9a-f]+$/.test(remoteSha)) continue;
    // A deleted ref sends nothing.
    if (ZERO.test(localSha)) continue;
    ranges.push(outgoing(cwd, localSha, remoteSha, remote));
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

/**
 * Files the scan could not read refuse the commit (not checked is not clean); files over the size
 * limit are named, with the command that scans them.
 */
function unscanned(report: ScanReport | undefined): number {
  const skipped = report?.stats.skippedFiles ?? [];
  const tooLarge = skipped.filter((entry) => entry.reason === 'too-large').map((entry) => entry.file);
  if (tooLarge.length)
    process.stderr.write(
      `bulwark: not scanned, over the size limit: ${tooLarge.join(', ')}\n  check them with: bulwark scan --max-file-size 100000000 -- ${tooLarge.join(' ')}\n`,
    );
  const unreadable = skipped.filter((entry) => entry.reason === 'unreadable').map((entry) => entry.file);
  if (unreadable.length === 0) return 0;
  process.stderr.write(
    `bulwark: refused: could not read ${unreadable.map((file) => JSON.stringify(file)).join(', ')} from git to check it (rename it, then commit again)\n`,
  );
  return 1;
}

export async function gitHookCommand(
  name: GitHookName,
  remote: string | undefined,
  environment: Environment,
): Promise<number> {
  const cwd = process.cwd();
  let report: ScanReport | undefined;
  const onReport = (scanned: ScanReport) => {
    report = scanned;
  };
  if (name === 'pre-commit') {
    const status = Math.max(
      await scanCommand([], { ...baseOptions(cwd), staged: true, onReport }, environment),
      unscanned(report),
    );
    if (status !== 0)
      process.stderr.write(`\nbulwark: commit refused: the staged change adds a secret.${HOW_TO_PROCEED}`);
    return status;
  }
  const stdin = process.stdin.isTTY ? '' : readFileSync(0, 'utf8');
  let status = 0;
  for (const revisions of pushedRanges(cwd, environment.vars, stdin, remote)) {
    const result = await scanCommand([], { ...baseOptions(cwd), commits: revisions, onReport }, environment);
    status = Math.max(status, result, unscanned(report));
  }
  if (status === 1)
    process.stderr.write(
      `\nbulwark: push refused: a commit it would send holds a secret. Rewrite that commit (git rebase -i, or git commit --amend for the last one).${HOW_TO_PROCEED}`,
    );
  return status;
}
