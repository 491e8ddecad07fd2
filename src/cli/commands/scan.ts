// `bulwark scan`: find secrets in a working tree, a staged change, a diff, git history, stdin or
// the agent's own history files; report them (pretty, json, sarif) and exit 1 when any is at or
// above --fail-on.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../../core/errors';
import { atLeast } from '../../core/finding';
import type { Severity } from '../../core/rules';
import { secretCatalog } from '../../engines/secrets/catalog';
import { PolicyInvalid } from '../../policy/errors';
import { loadPolicy } from '../../policy/load';
import { cacheDir, type Environment, findProjectRoot, policyLocations } from '../../policy/locate';
import { renderJson, renderPretty } from '../../reporters/findings';
import { renderSarif } from '../../reporters/sarif';
import { BASELINE_FILE, readBaseline, writeBaseline } from '../../scan/baseline';
import { runScan, type ScanReport, type ScanSource } from '../../scan/scan';

export interface ScanOptions {
  staged?: boolean;
  diff?: string;
  history?: boolean;
  /** --commits RANGE, or the revisions a pre-push hook computed. */
  commits?: string[];
  agentHistory?: boolean;
  redact?: boolean;
  ignore: boolean;
  only: string;
  format: 'pretty' | 'json' | 'sarif';
  failOn: Severity;
  maxFileSize?: number;
  baseline?: string;
  updateBaseline?: boolean;
  output?: string;
  jobs?: number;
  cwd: string;
  /** For callers that need more than the exit code (the git hooks read the skipped files). */
  onReport?: (report: ScanReport) => void;
}

function sourceOf(paths: readonly string[], options: ScanOptions): ScanSource {
  const chosen = [
    options.staged && '--staged',
    options.diff !== undefined && '--diff',
    options.history && '--history',
    options.commits !== undefined && '--commits',
    options.agentHistory && '--agent-history',
    paths.includes('-') && '-',
  ].filter(Boolean);
  if (chosen.length > 1)
    throw new UserError(`${chosen.join(' and ')} cannot be combined`, 'choose one source per scan');
  if (chosen.length === 1 && paths.some((path) => path !== '-')) {
    throw new UserError(`${chosen[0]} scans its own source; paths (${paths.join(' ')}) cannot be added`);
  }
  if (options.redact && !options.agentHistory) {
    throw new UserError(
      '--redact rewrites the agent history files only',
      'bulwark scan --agent-history --redact',
    );
  }
  if (options.only.split(',').some((name) => name.trim() !== 'secrets')) {
    throw new UserError(`--only ${options.only}: the scanners are: secrets`);
  }
  if (options.staged) return { kind: 'staged' };
  if (options.diff !== undefined) return { kind: 'diff', base: options.diff };
  if (options.history) return { kind: 'history' };
  if (options.commits !== undefined) return { kind: 'history', revisions: options.commits };
  if (options.agentHistory) return { kind: 'agent-history', redact: options.redact === true };
  if (paths.includes('-')) return { kind: 'stdin', text: readFileSync(0, 'utf8') };
  return { kind: 'tree', paths: [...paths], gitignore: options.ignore };
}

/** `scanning… 1,204 files, 38 MB` on a terminal, at most ten times a second. */
function progressLine(): { update: (files: number, bytes: number) => void; done: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  let shown = false;
  return {
    update(files, bytes) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      process.stderr.write(
        `\rscanning… ${files.toLocaleString('en')} files, ${(bytes / 1024 / 1024).toFixed(1)} MB`,
      );
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

export async function scanCommand(
  paths: readonly string[],
  options: ScanOptions,
  environment: Environment,
): Promise<number> {
  const workingDirectory = resolve(options.cwd);
  const source = sourceOf(paths, options);
  const root =
    source.kind === 'agent-history' || source.kind === 'stdin'
      ? workingDirectory
      : findProjectRoot(workingDirectory);
  const loaded = await loadPolicy(policyLocations(environment, root), cacheDir(environment));
  if (!loaded.ok) throw new PolicyInvalid(loaded.error);
  const policy = loaded.value;
  const baselinePath = resolve(root, options.baseline ?? BASELINE_FILE);
  const baseline = options.updateBaseline ? undefined : readBaseline(baselinePath);
  const progress = progressLine();
  const report = await runScan({
    source,
    root,
    workingDirectory,
    baseline,
    baselinePath: options.baseline ?? BASELINE_FILE,
    config: {
      maxFileBytes: options.maxFileSize ?? policy.secrets.maxFileBytes.value,
      inline: true,
      allow: policy.secrets.allow,
      home: environment.home,
      projectRoot: root,
    },
    onProgress: progress.update,
    jobs: options.jobs,
  }).finally(progress.done);

  options.onReport?.(report);
  if (options.updateBaseline) {
    const written = writeBaseline(baselinePath, report.findings, readBaseline(baselinePath));
    process.stderr.write(
      `wrote ${written.entries.length} entries to ${baselinePath}; give each a real reason before committing it\n`,
    );
    return 0;
  }
  const text =
    options.format === 'json'
      ? renderJson(report)
      : options.format === 'sarif'
        ? renderSarif(report, secretCatalog().byId, __BULWARK_VERSION__)
        : renderPretty(report);
  if (options.output) writeFileSync(options.output, text);
  else process.stdout.write(text);
  return report.findings.some((finding) => atLeast(finding.severity, options.failOn)) ? 1 : 0;
}
