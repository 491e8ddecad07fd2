// `bulwark uninstall`: remove what `init` added, restore what it changed, keep the user's edits.
import { relative, resolve } from 'node:path';
import pc from 'picocolors';
import { type Environment, findProjectRoot } from '../../policy/locate';
import { applyUninstall, planUninstall } from '../../setup/uninstall';

interface Options {
  yes?: boolean;
  dryRun?: boolean;
  global?: boolean;
  cwd: string;
}

export async function uninstallCommand(options: Options, environment: Environment): Promise<number> {
  const root = findProjectRoot(resolve(options.cwd));
  const plan = planUninstall(root, environment, options.global === true);
  if (!plan) {
    process.stdout.write(
      `bulwark init has not changed ${root} (or it was uninstalled already): nothing to remove\n`,
    );
    return 0;
  }
  const name = (file: string) => (relative(root, file).startsWith('..') ? file : relative(root, file));
  const lines = plan.files.map(
    (entry) => `${entry.action.padEnd(8)} ${name(entry.file)}${entry.note ? pc.dim(` (${entry.note})`) : ''}`,
  );
  if (options.dryRun) {
    process.stdout.write(`${[...lines, pc.dim('dry run: nothing was changed')].join('\n')}\n`);
    return 0;
  }
  if (!options.yes && process.stdin.isTTY && process.stdout.isTTY) {
    const prompts = await import('@clack/prompts');
    process.stdout.write(`${lines.join('\n')}\n`);
    const confirmed = await prompts.confirm({ message: `Remove bulwark from ${root}?`, initialValue: false });
    if (prompts.isCancel(confirmed) || !confirmed) {
      process.stderr.write('cancelled: nothing was changed\n');
      return 2;
    }
  }
  applyUninstall(plan);
  process.stdout.write(
    `${[...lines, '', 'bulwark is no longer set up here. Its audit log and your user policy are kept.'].join('\n')}\n`,
  );
  return 0;
}
