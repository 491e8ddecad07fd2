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

/** A rule a git invocation fires, and what it does that the rule is about. */
type GitFinding = [id: ShellRuleId, outcome: 'deny' | 'ask', detail: string];

const HOOKS_PATH: GitFinding = ['shell.git-skip-hooks', 'deny', 'core.hooksPath points git at other hooks'];

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
  const configEnv = command.args.some((a) => /^--config-env=core\.hookspath=/i.test(a.text));
  const findings = [
    ...(configEnv || settings.some((s) => /^core\.hookspath=/i.test(s)) ? [HOOKS_PATH] : []),
    ...subcommandFindings(subcommand, args),
  ];
  return findings.map(([id, outcome, detail]) =>
    shellRules.fire(id, outcome, { command: shown(command), detail }),
  );
}

function subcommandFindings(subcommand: string | undefined, args: string[]): GitFinding[] {
  const operands = args.filter((a) => !a.startsWith('-'));
  const skipsHooks = hasOption(args, '--no-verify') || (subcommand === 'commit' && hasOption(args, '-n'));
  switch (subcommand) {
    case 'push': {
      const refs = operands.slice(1);
      const leased = hasOption(
        args,
        '--force-with-lease',
        '--force-if-includes',
        '--force-with-lease-if-includes',
      );
      const forced = hasOption(args, '--force', '-f');
      const overwrites =
        hasOption(args, '--force', '-f', '--mirror', '--delete', '-d', '--prune') ||
        refs.some((r) => r.startsWith('+') || r.startsWith(':'));
      const findings: GitFinding[] = [];
      if (leased && !forced)
        findings.push(['shell.git-force-with-lease', 'ask', 'a forced push, guarded by --force-with-lease']);
      else if (overwrites)
        findings.push(['shell.git-force-push', 'deny', 'it overwrites or deletes commits on the remote']);
      if (skipsHooks) findings.push(['shell.git-skip-hooks', 'deny', '--no-verify skips the pre-push hook']);
      return findings;
    }
    case 'read-tree':
      return hasOption(args, '--reset') && hasOption(args, '-u')
        ? [['shell.git-discard-work', 'deny', 'read-tree -u --reset overwrites the work tree']]
        : [];
    case 'reset':
      return hasOption(args, '--hard', '--merge', '--keep')
        ? [['shell.git-discard-work', 'deny', 'reset --hard throws away uncommitted changes']]
        : [];
    case 'clean':
      return hasOption(args, '-f', '--force') && !hasOption(args, '-n', '--dry-run')
        ? [['shell.git-discard-work', 'deny', 'clean -f deletes untracked files, which git cannot restore']]
        : [];
    case 'checkout':
      return args.includes('--') || operands.includes('.') || hasOption(args, '-f', '--force')
        ? [['shell.git-discard-changes', 'ask', 'checkout over paths replaces their uncommitted changes']]
        : [];
    case 'restore':
      return !hasOption(args, '--staged', '-S') || hasOption(args, '--worktree', '-W')
        ? [['shell.git-discard-changes', 'ask', 'restore replaces uncommitted changes in the work tree']]
        : [];
    case 'switch':
      return hasOption(args, '--discard-changes', '-f', '--force')
        ? [['shell.git-discard-changes', 'ask', 'switch --discard-changes throws away local changes']]
        : [];
    case 'branch':
      return hasOption(args, '-D') || (hasOption(args, '-d', '--delete') && hasOption(args, '-f', '--force'))
        ? [['shell.git-drop-refs', 'ask', 'branch -D deletes a branch even if it is not merged']]
        : [];
    case 'stash':
      return operands[0] === 'drop' || operands[0] === 'clear'
        ? [['shell.git-drop-refs', 'ask', `stash ${operands[0]} deletes stashed work`]]
        : [];
    case 'filter-branch':
    case 'filter-repo':
      return [['shell.git-rewrite-history', 'deny', `${subcommand} rewrites every commit`]];
    case 'reflog':
      return operands[0] === 'expire' || operands[0] === 'delete'
        ? [
            [
              'shell.git-rewrite-history',
              'deny',
              'reflog expire removes the record that lets lost commits be recovered',
            ],
          ]
        : [];
    case 'gc':
    case 'prune': {
      const now = args.some((a) => /^--prune=(now|all)$/.test(a));
      const pruning = now || (subcommand === 'prune' && !hasOption(args, '-n', '--dry-run'));
      return pruning
        ? [['shell.git-rewrite-history', 'deny', 'pruning now deletes unreachable commits for good']]
        : [];
    }
    case 'update-ref':
      return hasOption(args, '-d')
        ? [['shell.git-rewrite-history', 'deny', 'update-ref -d deletes a ref directly']]
        : [];
    case 'commit':
    case 'merge':
    case 'rebase':
    case 'am':
    case 'cherry-pick':
    case 'revert':
      return skipsHooks
        ? [
            [
              'shell.git-skip-hooks',
              'deny',
              '--no-verify skips the commit hooks, where the security checks run',
            ],
          ]
        : [];
    case 'config': {
      const sets = operands.length >= 2 && !hasOption(args, '--get', '--unset', '-l', '--list');
      return sets && args.some((a) => /^core\.hookspath$/i.test(a)) ? [HOOKS_PATH] : [];
    }
    default:
      return [];
  }
}
