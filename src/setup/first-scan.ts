// Step 8 of `bulwark init`: secrets already in the working tree, and a summary of history.
import { join } from 'node:path';
import type { Finding } from '../core/finding';
import { loadPolicy } from '../policy/load';
import { cacheDir, type Environment, policyLocations } from '../policy/locate';
import { BASELINE_FILE, readBaseline } from '../scan/baseline';
import { runScan, type ScanSource } from '../scan/scan';
import { gitOutput } from './git';
import type { RepositoryFacts } from './repository';

/** Beyond this many commits the history scan is left to `bulwark scan --history`. */
const MAX_HISTORY_COMMITS = 5_000;

export interface FirstScan {
  tree: { findings: Finding[]; files: number };
  history: { findings: Finding[]; commits: number } | { skipped: string };
}

export async function firstScan(facts: RepositoryFacts, environment: Environment): Promise<FirstScan> {
  const loaded = await loadPolicy(policyLocations(environment, facts.root), cacheDir(environment));
  if (!loaded.ok) throw new Error('the policy is invalid: run `bulwark policy check`');
  const policy = loaded.value;
  const scan = (source: ScanSource) =>
    runScan({
      source,
      root: facts.root,
      workingDirectory: facts.root,
      baseline: readBaseline(join(facts.root, BASELINE_FILE)),
      config: {
        maxFileBytes: policy.secrets.maxFileBytes.value,
        inline: true,
        allow: policy.secrets.allow,
        home: environment.home,
        projectRoot: facts.root,
      },
    });
  const tree = await scan({ kind: 'tree', paths: [], gitignore: facts.isGitRepository });
  if (!facts.isGitRepository)
    return {
      tree: { findings: tree.findings, files: tree.stats.files },
      history: { skipped: 'not a git repository' },
    };
  const count = Number(gitOutput(facts.root, ['rev-list', '--all', '--count'])?.trim() ?? '0');
  const history =
    count === 0
      ? { findings: [], commits: 0 }
      : count > MAX_HISTORY_COMMITS
        ? { skipped: `${count} commits: run \`bulwark scan --history\` when you have a minute` }
        : await scan({ kind: 'history' }).then((report) => ({
            findings: report.findings,
            commits: report.stats.commits ?? count,
          }));
  return { tree: { findings: tree.findings, files: tree.stats.files }, history };
}
