// `bulwark init`: secure a repository in one command, explaining every change.
import { join, relative, resolve } from 'node:path';
import pc from 'picocolors';
import { UserError } from '../../core/errors';
import type { Environment } from '../../policy/locate';
import type { ProfileName } from '../../policy/types';
import { lineDiff } from '../../setup/diff';
import { runDoctor } from '../../setup/doctor';
import { firstScan } from '../../setup/first-scan';
import { applyInit, INIT_STEPS, type InitPlan, type InitStep, planInit } from '../../setup/init';
import type { Notice } from '../../setup/plan';
import { chooseInteractively, confirmWrite } from './init-prompts';

interface Options {
  profile: ProfileName;
  dryRun?: boolean;
  global?: boolean;
  yes?: boolean;
  skip?: string;
  scan: boolean;
  json?: boolean;
  cwd: string;
}

export function parseSteps(skip: string | undefined): InitStep[] {
  const skipped = (skip ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of skipped)
    if (!INIT_STEPS.includes(name as InitStep))
      throw new UserError(`--skip ${name}: unknown step`, `the steps are: ${INIT_STEPS.join(', ')}`);
  return INIT_STEPS.filter((step) => !skipped.includes(step));
}

function where(file: string, root: string): string {
  const inside = relative(root, file);
  return inside.startsWith('..') ? file : inside;
}

function renderNotices(notices: readonly Notice[]): string[] {
  return notices.map((notice) => {
    const text = `${notice.level === 'warn' ? pc.yellow('!') : pc.dim('·')} ${notice.message}`;
    return notice.fix ? `${text}\n    ${pc.dim('→')} ${notice.fix}` : text;
  });
}

/** dry-run: would …, with diffs; preview: would …, before asking; applied: what was done. */
type PlanView = 'dry-run' | 'preview' | 'applied';

function renderPlan(plan: InitPlan, view: PlanView): string[] {
  const dryRun = view !== 'applied';
  const root = plan.facts.root;
  const out: string[] = [];
  const facts = plan.facts;
  out.push(
    pc.bold(`bulwark init ${root}`),
    pc.dim(
      `  ${facts.isGitRepository ? 'git repository' : 'not a git repository'}; ${facts.files.length} files; ` +
        `languages: ${facts.languages.join(', ') || 'none found'}; git hooks: ${facts.hookManager}`,
    ),
    pc.dim(
      `  .env files: ${facts.envFiles.join(', ') || 'none'}; Claude settings: ${facts.claudeSettings.join(', ') || 'none'}; ` +
        `CLAUDE.md: ${facts.claudeMd ?? 'none'}`,
    ),
    '',
  );
  if (plan.changes.length === 0) out.push(pc.green('Already set up: nothing to change.'));
  for (const change of plan.changes) {
    const verb =
      change.before === undefined
        ? dryRun
          ? 'would create'
          : 'created'
        : dryRun
          ? 'would change'
          : 'updated';
    out.push(`${pc.green(verb)} ${where(change.file, root)} ${pc.dim(`— ${change.why}`)}`);
    if (view === 'dry-run') out.push(lineDiff(change.before ?? '', change.after), '');
  }
  if (plan.notices.length) out.push('', ...renderNotices(plan.notices));
  return out;
}

export async function initCommand(options: Options, environment: Environment): Promise<number> {
  let profile = options.profile;
  let steps = parseSteps(options.skip);
  const interactive =
    !options.yes &&
    !options.dryRun &&
    !options.json &&
    process.stdin.isTTY === true &&
    process.stdout.isTTY === true;
  if (interactive) {
    const chosen = await chooseInteractively(profile, steps);
    if (!chosen) {
      process.stderr.write('cancelled: nothing was written\n');
      return 2;
    }
    ({ profile, steps } = chosen);
  }
  const plan = planInit({
    projectDir: resolve(options.cwd),
    profile,
    global: options.global === true,
    steps,
    environment,
    nodePath: process.execPath,
    binPath: join(environment.installDir, 'bin', 'bulwark.cjs'),
  });
  if (options.json) return initJson(plan, options, environment);
  if (options.dryRun) {
    process.stdout.write(
      `${[...renderPlan(plan, 'dry-run'), '', pc.dim('dry run: nothing was written')].join('\n')}\n`,
    );
    return 0;
  }
  if (interactive && plan.changes.length > 0) {
    process.stdout.write(`${renderPlan(plan, 'preview').join('\n')}\n`);
    if (!(await confirmWrite(plan.changes.length))) {
      process.stderr.write('cancelled: nothing was written\n');
      return 2;
    }
  }
  applyInit(plan, environment);
  const out = renderPlan(plan, 'applied');
  if (options.scan) out.push('', ...(await scanSummary(plan, environment)));
  const doctor = await runDoctor(plan.facts.root, environment);
  const failing = doctor.checks.filter((check) => check.status === 'fail' || check.status === 'warn');
  out.push(
    '',
    `${pc.bold('Posture score:')} ${doctor.score}/100${failing.length ? ` (${failing.length} checks to look at: bulwark doctor)` : ''}`,
  );
  out.push(
    '',
    'Next steps:',
    '  git add .bulwark .claude .gitignore CLAUDE.md && git commit    share the setup with the team',
    '  bulwark doctor                          every check, why it matters and the fix',
    '  bulwark explain --tool Read .env        what the agent would be told',
    '  bulwark log tail -f                     decisions as they happen',
    '  bulwark uninstall                       take all of this out again',
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/** `--json`: the plan (with diffs under --dry-run), and after applying it the scan and the score. */
async function initJson(plan: InitPlan, options: Options, environment: Environment): Promise<number> {
  const changes = plan.changes.map((change) => ({
    file: change.file,
    action: change.before === undefined ? 'create' : 'change',
    why: change.why,
    ...(options.dryRun ? { diff: lineDiff(change.before ?? '', change.after) } : {}),
  }));
  const report: Record<string, unknown> = {
    projectRoot: plan.facts.root,
    gitRepository: plan.facts.isGitRepository,
    hookManager: plan.facts.hookManager,
    languages: plan.facts.languages,
    dryRun: options.dryRun === true,
    changes,
    notices: plan.notices,
  };
  if (!options.dryRun) {
    applyInit(plan, environment);
    if (options.scan) {
      const scan = await firstScan(plan.facts, environment);
      report.scan = {
        workingTree: { files: scan.tree.files, findings: scan.tree.findings },
        history: 'skipped' in scan.history ? { skipped: scan.history.skipped } : scan.history,
      };
    }
    report.score = (await runDoctor(plan.facts.root, environment)).score;
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

async function scanSummary(plan: InitPlan, environment: Environment): Promise<string[]> {
  const scan = await firstScan(plan.facts, environment);
  const out = [pc.bold('First scan')];
  const list = (findings: typeof scan.tree.findings) =>
    findings
      .slice(0, 5)
      .map((f) => `    ${f.location.file}:${f.location.line}  ${f.ruleId}  ${f.evidence ?? ''}`);
  out.push(
    scan.tree.findings.length
      ? pc.red(`  working tree: ${scan.tree.findings.length} secret(s) in ${scan.tree.files} files`)
      : pc.green(`  working tree: no secrets in ${scan.tree.files} files`),
    ...list(scan.tree.findings),
  );
  if ('skipped' in scan.history) out.push(pc.dim(`  history: not scanned (${scan.history.skipped})`));
  else
    out.push(
      scan.history.findings.length
        ? pc.red(
            `  history: ${scan.history.findings.length} secret(s) in ${scan.history.commits} commits — rotate them; bulwark scan --history lists them`,
          )
        : pc.green(`  history: no secrets in ${scan.history.commits} commits`),
      ...list(scan.history.findings),
    );
  if (scan.tree.findings.length)
    out.push(pc.dim('  bulwark scan        the findings in full, with how to fix each'));
  return out;
}
