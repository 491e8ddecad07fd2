// `bulwark init`: secure a repository in one command.
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import type { Environment } from '../../policy/locate';
import type { ProfileName } from '../../policy/types';
import { lineDiff } from '../../setup/diff';
import { applyInit, describePath, planInit } from '../../setup/init';

interface Options {
  profile: ProfileName;
  dryRun?: boolean;
  global?: boolean;
  cwd: string;
}

export function initCommand(options: Options, environment: Environment): number {
  const plan = planInit({
    projectDir: resolve(options.cwd),
    profile: options.profile,
    global: options.global === true,
    home: environment.home,
    vars: environment.vars,
    nodePath: process.execPath,
    binPath: join(environment.installDir, 'bin', 'bulwark.cjs'),
  });
  const out: string[] = [];
  const where = (file: string) => describePath(file, plan.projectRoot);
  if (!plan.isGitRepository) {
    out.push(
      pc.yellow(
        `${plan.projectRoot} is not a git repository: bulwark will guard it, but git hooks need one.`,
      ),
      '',
    );
  }
  if (options.dryRun) {
    for (const change of plan.changes) {
      out.push(
        pc.bold(`${change.before === undefined ? 'would create' : 'would change'} ${where(change.file)}`),
      );
      out.push(lineDiff(change.before ?? '', change.after), '');
    }
    for (const file of plan.unchanged) out.push(pc.dim(`unchanged ${where(file)}`));
    out.push(pc.dim('dry run: nothing was written'));
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  }
  applyInit(plan);
  for (const change of plan.changes) {
    const backup = change.backup ? pc.dim(` (original kept as ${where(change.backup)})`) : '';
    out.push(
      `${pc.green(change.before === undefined ? 'created' : 'updated')} ${where(change.file)}${backup}`,
    );
  }
  for (const file of plan.unchanged) out.push(pc.dim(`unchanged ${where(file)}`));
  out.push(
    '',
    'Claude Code now asks bulwark before every tool call in this project. Try:',
    '  bulwark explain --tool Read .env        what the agent would be told',
    '  bulwark policy show                     the effective policy',
    '  bulwark log tail -f                     decisions as they happen',
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
