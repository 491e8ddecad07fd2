// Every command a user can run, with the help text that teaches it. Each command's code is
// imported only when that command runs.
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import type { Environment } from '../policy/locate';
import { runCommand } from './run';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0)
    throw new InvalidArgumentError('expected a positive whole number');
  return parsed;
}

export async function runProgram(argv: readonly string[], environment: Environment): Promise<number> {
  let exitCode = 0;
  const run = async (action: () => Promise<number> | number) => {
    exitCode = await runCommand(action);
  };
  const program = new Command('bulwark')
    .description(
      'Guard rails for AI coding agents: judges every tool call against a layered policy, ' +
        'keeps secrets out of the conversation, and keeps a tamper-evident audit log.',
    )
    .version(__BULWARK_VERSION__, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) })
    .exitOverride();

  program.addHelpText(
    'after',
    `
Start here:
  npx bulwark init                 secure this repository (policy, Claude Code and git hooks, .gitignore, ...)
  bulwark doctor                   score the setup, with the fix for each problem
  bulwark explain --tool Read ~/.ssh/id_rsa
                                   what bulwark would decide for a tool call, and why
  bulwark scan                     secrets in this repository (--staged before a commit, --history for all of git)
  bulwark policy show              the effective policy and where each value comes from
  bulwark log tail                 the latest decisions
  bulwark suggest                  allow rules for commands you keep approving

Files:
  .bulwark/policy.yaml                     project policy (committed; can only tighten)
  $XDG_CONFIG_HOME/bulwark/policy.yaml     user policy (default ~/.config/bulwark/policy.yaml)
  /etc/bulwark/policy.yaml                 managed policy (admins; users cannot loosen it)
  $XDG_STATE_HOME/bulwark/audit/           audit log (default ~/.local/state/bulwark/audit/)

Exit codes: 0 success, 1 a check found problems, 2 usage or I/O error.`,
  );

  program
    .command('init')
    .description(
      'secure this repository in one command: policy, Claude Code hooks, .gitignore, git hooks, ' +
        'package-manager hardening, CLAUDE.md, and a first secret scan. Every change is listed; ' +
        '`bulwark uninstall` takes them out again.',
    )
    .addOption(
      new Option('--profile <name>', 'policy profile')
        .choices(['strict', 'standard', 'relaxed'])
        .default('standard'),
    )
    .option('--dry-run', 'print the diff of every file it would touch, and write nothing')
    .option('--global', 'register the Claude Code hooks in ~/.claude/settings.json instead of the project')
    .option('-y, --yes', 'take the defaults without asking (also the case when not at a terminal)')
    .option(
      '--skip <steps>',
      'steps to leave out, comma-separated: policy, claude, gitignore, git-hooks, package-managers, claude-md',
    )
    .option('--no-scan', 'skip the first secret scan of the working tree and history')
    .option('--json', 'machine-readable report: the changes, notices, first scan and score (never asks)')
    .option('--cwd <dir>', 'the repository to secure', process.cwd())
    .addHelpText(
      'after',
      `
Examples:
  bulwark init                      ask, then set everything up
  bulwark init --yes --profile strict
  bulwark init --dry-run            what would change, as diffs
  bulwark init --skip package-managers,claude-md`,
    )
    .action(async (options) =>
      run(async () => (await import('./commands/init')).initCommand(options, environment)),
    );

  program
    .command('doctor')
    .description(
      'check every layer (agent hooks, settings that undo them, .gitignore, git hooks, package managers, ' +
        'audit log) and print a score out of 100, with why each failed check matters and its fix',
    )
    .option('--json', 'machine-readable report (for CI)')
    .option('--min-score <n>', 'exit 1 when the score is below n', (value: string) => {
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < 0 || parsed > 100)
        throw new InvalidArgumentError('expected a whole number from 0 to 100');
      return parsed;
    })
    .option('--cwd <dir>', 'the repository to check', process.cwd())
    .action(async (options) =>
      run(async () => (await import('./commands/doctor')).doctorCommand(options, environment)),
    );

  program
    .command('uninstall')
    .description(
      'remove everything `bulwark init` added here (hook entries, git hooks, marked sections, files it ' +
        'created) and restore the originals; changes you made since are kept',
    )
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--dry-run', 'list what would be removed or restored')
    .option(
      '--global',
      'also take bulwark out of ~/.claude/settings.json (written by init --global), for every project',
    )
    .option('--cwd <dir>', 'the repository', process.cwd())
    .action(async (options) =>
      run(async () => (await import('./commands/uninstall')).uninstallCommand(options, environment)),
    );

  const hook = program
    .command('hook')
    .description('answer an agent hook event on stdin (registered by `bulwark init`; not run by hand)');
  hook
    .command('claude-code')
    .description(
      'read one Claude Code hook event (PreToolUse, PostToolUse, UserPromptSubmit) as JSON on stdin and\n' +
        "print the decision in Claude Code's hook format. Anything bulwark cannot judge is denied (exit 2).",
    )
    .option('--batch', 'one event per input line, one answer per output line (for benchmarks)')
    .action(async (options: { batch?: boolean }) =>
      run(async () =>
        (await import('./commands/hook')).runClaudeCodeHook(options.batch ? ['--batch'] : [], environment),
      ),
    );

  hook
    .command('git')
    .description(
      'what the git hooks `bulwark init` installs run: pre-commit scans the staged change, pre-push the ' +
        'commits the push sends (refs on stdin, as git gives them). Exit 1 refuses the commit or push.',
    )
    .addArgument(new Argument('<name>', 'the git hook').choices(['pre-commit', 'pre-push']))
    .argument('[remote]', 'pre-push: the remote git pushes to (git passes it)')
    .argument('[url]', 'pre-push: its URL (git passes it; unused)')
    .action(async (name: 'pre-commit' | 'pre-push', remote: string | undefined) =>
      run(async () => (await import('./commands/git-hook')).gitHookCommand(name, remote, environment)),
    );

  const policy = program.command('policy').description('inspect and validate the layered policy');
  policy
    .command('show')
    .description('print the effective policy and the file and line each value comes from')
    .option('--json', 'machine-readable output')
    .option('--cwd <dir>', 'the project whose policy to show', process.cwd())
    .action(async (options) =>
      run(async () => (await import('./commands/policy')).policyShow(options, environment)),
    );
  policy
    .command('check')
    .description('validate every policy layer; problems are printed as file:line: key: problem')
    .option('--json', 'machine-readable output')
    .option('--cwd <dir>', 'the project whose policy to check', process.cwd())
    .action(async (options) =>
      run(async () => (await import('./commands/policy')).policyCheck(options, environment)),
    );

  program
    .command('explain')
    .description('show what bulwark decides for a tool call, and the trace of rules behind it')
    .argument('[target]', 'the command, path, URL or query the tool would get')
    .option(
      '-t, --tool <name>',
      'the tool: Bash, Read, Write, Edit, MultiEdit, NotebookEdit, Glob, Grep, WebFetch, WebSearch, mcp__server__tool (default: WebFetch for a URL, else Bash)',
    )
    .option('--input <json>', 'more tool input fields as JSON, e.g. \'{"glob":"*.ts"}\' for Grep')
    .option('--event <file>', 'explain a raw Claude Code hook event read from a file (- for stdin)')
    .option('--cwd <dir>', 'the working directory of the call', process.cwd())
    .option('--json', 'machine-readable output, including the exact hook answer')
    .addHelpText(
      'after',
      `
Examples:
  bulwark explain --tool Read ~/.ssh/id_rsa
  bulwark explain --tool Write ~/.bashrc
  bulwark explain http://169.254.169.254/latest/meta-data/
  bulwark explain --tool Grep --input '{"glob":"*.ts"}' .
  bulwark explain --tool mcp__fs__read_file '{"path":"~/.aws/credentials"}'`,
    )
    .action(async (target: string | undefined, options) =>
      run(async () => (await import('./commands/explain')).explainCommand(target, options, environment)),
    );

  program
    .command('scan')
    .description("find secrets (keys, tokens, passwords, private keys) in files, git or the agent's history")
    .argument('[paths...]', 'files or directories (default: the current directory); - reads stdin')
    .option('--staged', 'only the lines the staged change adds (for a pre-commit hook)')
    .option('--diff <base>', 'only the lines added since <base> (a branch, tag or commit), e.g. origin/main')
    .option(
      '--history',
      'every commit on every branch and tag, each file version once; findings name the commit',
    )
    .option(
      '--commits <range>',
      'only the commits in <range> as git log takes it, e.g. origin/main..HEAD (what a push would send)',
      (range: string) => {
        if (range.startsWith('-')) throw new InvalidArgumentError('a range cannot start with "-"');
        return [range];
      },
    )
    .option(
      '--agent-history',
      "Claude Code's session transcripts (~/.claude/projects) and shell history files",
    )
    .option('--redact', 'with --agent-history: rewrite those files with every secret replaced (atomic)')
    .option('--no-ignore', 'also scan files that .gitignore excludes')
    .option('--only <scanners>', 'which scanners to run (secrets)', 'secrets')
    .addOption(
      new Option('--format <format>', 'report format').choices(['pretty', 'json', 'sarif']).default('pretty'),
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe')
        .choices(['critical', 'high', 'medium', 'low', 'info'])
        .default('low'),
    )
    .option(
      '--max-file-size <bytes>',
      'skip larger files (default: secrets.maxFileBytes, 1 MiB)',
      positiveInteger,
    )
    .option('--baseline <file>', 'accepted findings (default .bulwark/secrets-baseline.json in the project)')
    .option('--update-baseline', 'write every current finding to the baseline and exit 0')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-j, --jobs <count>', 'worker threads for large trees (default: one per core)', positiveInteger)
    .option('--cwd <dir>', 'run as if started in this directory', process.cwd())
    .addHelpText(
      'after',
      `
Suppressing a finding (each one names a rule and gives a reason):
  in the code     // bulwark:allow secrets.generic-password -- test fixture, not a real password
                  (on the line or the line before)
  baseline        bulwark scan --update-baseline, then edit each entry's "reason"
  policy          secrets.allow in the user or managed policy (bulwark policy show)

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or I/O error.

Examples:
  bulwark scan                              the working tree, as git sees it
  bulwark scan --staged                     before committing
  bulwark scan --diff origin/main --format sarif -o secrets.sarif
  bulwark scan --history --format json
  pbpaste | bulwark scan -
  bulwark scan --agent-history --redact     clean pasted secrets out of transcripts`,
    )
    .action(async (paths: string[], options) =>
      run(async () => (await import('./commands/scan')).scanCommand(paths, options, environment)),
    );

  program
    .command('suggest')
    .description(
      'propose allow rules for the user policy from commands you kept approving, when bulwark or Claude Code asked (a policy diff)',
    )
    .option(
      '--min-approvals <count>',
      'propose a command once it was approved this many times',
      positiveInteger,
      3,
    )
    .option('--apply', 'write the rules into the user policy (otherwise nothing is written)')
    .option('--json', 'machine-readable proposals, skipped commands and the diff')
    .option(
      '--cwd <dir>',
      'the project whose policy names the audit log; commands whose directory is gone are judged here',
      process.cwd(),
    )
    .addHelpText(
      'after',
      `
Each approved command is judged again with the current policy, as the hook would: a command that
is denied now is never proposed. Commands that differ only in a last word beginning the same way
may share one pattern, but only where no command that pattern admits is denied.
Allow rules only turn "no objection" into allow: a rule that asks or denies still wins.

Approvals are recorded when bulwark asks about a tool call, you allow it in Claude Code, and the
tool runs (the PostToolUse hook that \`bulwark init\` registers).

Examples:
  bulwark suggest                       what would be added, as a diff of the user policy
  bulwark suggest --min-approvals 5
  bulwark suggest --apply               add the rules to ~/.config/bulwark/policy.yaml
  bulwark suggest --json`,
    )
    .action(async (options) =>
      run(async () => (await import('./commands/suggest')).suggestCommand(options, environment)),
    );

  const log = program.command('log').description('read and verify the audit log');
  const dirOption = () =>
    new Option(
      '--dir <dir>',
      'audit log directory (default: from the policy, else $XDG_STATE_HOME/bulwark/audit)',
    );
  log
    .command('tail')
    .description('print the latest decisions')
    .option('-n, --lines <count>', 'how many', positiveInteger, 20)
    .option('-f, --follow', 'keep printing decisions as they are recorded (Ctrl-C to stop)')
    .option('--json', 'one JSON record per line')
    .addOption(dirOption())
    .action(async (options) =>
      run(async () => (await import('./commands/log')).logTail(options, environment)),
    );
  log
    .command('stats')
    .description('count decisions by outcome, tool and rule')
    .option('--json', 'machine-readable output')
    .addOption(dirOption())
    .action(async (options) =>
      run(async () => (await import('./commands/log')).logStats(options, environment)),
    );
  log
    .command('verify')
    .description('check the hash chain: exit 0 when intact, 1 naming the first broken line and why')
    .option('--json', 'machine-readable output')
    .addOption(dirOption())
    .action(async (options) =>
      run(async () => (await import('./commands/log')).logVerify(options, environment)),
    );

  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    const code = (error as { code?: string; exitCode?: number }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help')
      return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2;
    throw error;
  }
  return exitCode;
}
