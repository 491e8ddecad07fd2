// git: history rewritten or thrown away, work discarded, hooks skipped. Global options (`-C`,
// `-c`, `--git-dir`) and `GIT_DIR=` do not hide the subcommand.
import type { Decision } from '../../../core/decision';
import type { ShellCommand } from '../ir';
import { shown } from '../judgement';
import { hasOption } from '../programs';
import { type ShellRuleId, shellRules } from '../rule-book';

const GLOBAL_VALUED = [
  '-C',
  '-c',
  '--git-dir',
  '--work-tree',
  '--namespace',
  '--exec-path',
  '--super-prefix',
  '--config-env',
];

export interface GitInvocation {
  subcommand: string | undefined;
  args: string[];
  /** `-c key=value` settings given on the command line. */
  settings: string[];
}

export function gitInvocation(command: ShellCommand): GitInvocation {
  const texts = command.args.map((w) => w.text);
  const settings: string[] = [];
  let i = 0;
  while (i < texts.length && (texts[i] as string).startsWith('-')) {
    const text = texts[i] as string;
    if (text === '-c') settings.push(texts[i + 1] ?? '');
    if (text === '--config-env') settings.push(`${(texts[i + 1] ?? '').split('=')[0]}=`);
    if (GLOBAL_VALUED.includes(text)) i++;
    i++;
  }
  return { subcommand: texts[i], args: texts.slice(i + 1), settings };
}

/** Long options git would take from an unambiguous prefix (`--har` is `--hard`). */
const GUARDED_LONG_OPTIONS = [
  '--hard',
  '--merge',
  '--keep',
  '--force',
  '--force-with-lease',
  '--force-if-includes',
  '--mirror',
  '--delete',
  '--prune',
  '--no-verify',
  '--discard-changes',
  '--dry-run',
  '--staged',
  '--worktree',
];

function unabbreviated(arg: string): string {
  if (!arg.startsWith('--') || arg.length < 5) return arg;
  const [name, ...value] = arg.split('=');
  const full = GUARDED_LONG_OPTIONS.find((option) => option.startsWith(name as string));
  return full ? [full, ...value].join('=') : arg;
}

export function checkGit(command: ShellCommand): Decision[] {
  if (command.program !== 'git') return [];
  const invocation = gitInvocation(command);
  const { subcommand, settings } = invocation;
  const forcedBySetting = settings.some((s) => /^clean\.requireforce=(?:false|no|off|0)$/i.test(s));
  const mirrorBySetting = settings.some((s) =>
    /^remote\.[^=]+\.(?:mirror=(?:true|yes|on|1)|push=\+)/i.test(s),
  );
  const args = [
    ...invocation.args.map(unabbreviated),
    ...(forcedBySetting && subcommand === 'clean' ? ['--force'] : []),
    ...(mirrorBySetting && subcommand === 'push' ? ['--mirror'] : []),
  ];
  const fire = (id: ShellRuleId, outcome: 'deny' | 'ask', detail: string) =>
    shellRules.fire(id, outcome, { command: shown(command), detail });
  const decisions: Decision[] = [];
  const configEnv = command.args.some((a) => /^--config-env=core\.hookspath=/i.test(a.text));
  if (configEnv || settings.some((s) => /^core\.hookspath=/i.test(s))) {
    decisions.push(fire('shell.git-skip-hooks', 'deny', 'core.hooksPath points git at other hooks'));
  }
  const operands = args.filter((a) => !a.startsWith('-'));
  switch (subcommand) {
    case 'push': {
      const refs = operands.slice(1);
      if (
        hasOption(args, '--force-with-lease', '--force-if-includes', '--force-with-lease-if-includes') &&
        !hasOption(args, '--force', '-f')
      ) {
        decisions.push(
          fire('shell.git-force-with-lease', 'ask', 'a forced push, guarded by --force-with-lease'),
        );
      } else if (
        hasOption(args, '--force', '-f', '--mirror', '--delete', '-d', '--prune') ||
        refs.some((r) => r.startsWith('+') || r.startsWith(':'))
      ) {
        decisions.push(
          fire('shell.git-force-push', 'deny', 'it overwrites or deletes commits on the remote'),
        );
      }
      if (hasOption(args, '--no-verify'))
        decisions.push(fire('shell.git-skip-hooks', 'deny', '--no-verify skips the pre-push hook'));
      break;
    }
    case 'read-tree':
      if (hasOption(args, '--reset') && hasOption(args, '-u')) {
        decisions.push(
          fire('shell.git-discard-work', 'deny', 'read-tree -u --reset overwrites the work tree'),
        );
      }
      break;
    case 'reset':
      if (hasOption(args, '--hard', '--merge', '--keep'))
        decisions.push(
          fire('shell.git-discard-work', 'deny', 'reset --hard throws away uncommitted changes'),
        );
      break;
    case 'clean':
      if (hasOption(args, '-f', '--force') && !hasOption(args, '-n', '--dry-run')) {
        decisions.push(
          fire(
            'shell.git-discard-work',
            'deny',
            'clean -f deletes untracked files, which git cannot restore',
          ),
        );
      }
      break;
    case 'checkout':
      if (args.includes('--') || operands.includes('.') || hasOption(args, '-f', '--force')) {
        decisions.push(
          fire('shell.git-discard-changes', 'ask', 'checkout over paths replaces their uncommitted changes'),
        );
      }
      break;
    case 'restore':
      if (!hasOption(args, '--staged', '-S') || hasOption(args, '--worktree', '-W')) {
        decisions.push(
          fire('shell.git-discard-changes', 'ask', 'restore replaces uncommitted changes in the work tree'),
        );
      }
      break;
    case 'switch':
      if (hasOption(args, '--discard-changes', '-f', '--force'))
        decisions.push(
          fire('shell.git-discard-changes', 'ask', 'switch --discard-changes throws away local changes'),
        );
      break;
    case 'branch':
      if (hasOption(args, '-D') || (hasOption(args, '-d', '--delete') && hasOption(args, '-f', '--force'))) {
        decisions.push(
          fire('shell.git-drop-refs', 'ask', 'branch -D deletes a branch even if it is not merged'),
        );
      }
      break;
    case 'stash':
      if (operands[0] === 'drop' || operands[0] === 'clear')
        decisions.push(fire('shell.git-drop-refs', 'ask', `stash ${operands[0]} deletes stashed work`));
      break;
    case 'filter-branch':
    case 'filter-repo':
      decisions.push(fire('shell.git-rewrite-history', 'deny', `${subcommand} rewrites every commit`));
      break;
    case 'reflog':
      if (operands[0] === 'expire' || operands[0] === 'delete')
        decisions.push(
          fire(
            'shell.git-rewrite-history',
            'deny',
            'reflog expire removes the record that lets lost commits be recovered',
          ),
        );
      break;
    case 'gc':
    case 'prune':
      if (
        args.some((a) => /^--prune=(now|all)$/.test(a)) ||
        (subcommand === 'prune' && !hasOption(args, '-n', '--dry-run'))
      ) {
        decisions.push(
          fire('shell.git-rewrite-history', 'deny', 'pruning now deletes unreachable commits for good'),
        );
      }
      break;
    case 'update-ref':
      if (hasOption(args, '-d'))
        decisions.push(fire('shell.git-rewrite-history', 'deny', 'update-ref -d deletes a ref directly'));
      break;
    case 'commit':
    case 'merge':
    case 'rebase':
    case 'am':
    case 'cherry-pick':
    case 'revert':
      if (hasOption(args, '--no-verify') || (subcommand === 'commit' && hasOption(args, '-n'))) {
        decisions.push(
          fire(
            'shell.git-skip-hooks',
            'deny',
            '--no-verify skips the commit hooks, where the security checks run',
          ),
        );
      }
      break;
    case 'config':
      if (
        args.some((a) => /^core\.hookspath$/i.test(a)) &&
        operands.length >= 2 &&
        !hasOption(args, '--get', '--unset', '-l', '--list')
      ) {
        decisions.push(fire('shell.git-skip-hooks', 'deny', 'core.hooksPath points git at other hooks'));
      }
      break;
  }
  return decisions;
}
