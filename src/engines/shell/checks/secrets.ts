// Credentials reached without naming a secret file: environment dumps, secret variables printed,
// secret files read out of git's history, and credential stores.
import { join } from 'node:path';
import type { Decision } from '../../../core/decision';
import { judgePath } from '../../files/evaluate';
import type { ShellCommand } from '../ir';
import { type ShellJudgement, shown } from '../judgement';
import { DATA_PROGRAMS, hasOption } from '../programs';
import { shellRules } from '../rule-book';
import { gitInvocation } from './git';

const DUMPS: Readonly<Record<string, (args: string[]) => boolean>> = {
  printenv: () => true,
  env: (args) => args.every((a) => a.startsWith('-') && !['-S', '-C', '-u'].includes(a)),
  export: (args) => args.length === 0 || args.includes('-p'),
  set: (args) => args.length === 0,
  // `declare -p` / `declare -x` with no names lists every variable; with names it sets or shows those.
  declare: (args) =>
    args.every((a) => /^-[a-zA-Z]*$/.test(a)) && !args.some((a) => /^-[a-zA-Z]*[fF]/.test(a)),
  typeset: (args) =>
    args.every((a) => /^-[a-zA-Z]*$/.test(a)) && !args.some((a) => /^-[a-zA-Z]*[fF]/.test(a)),
  compgen: (args) => args.includes('-v') || args.includes('-e'),
  // `ps e`, `ps eww`, `ps -E`: every process with its environment.
  ps: (args) =>
    args.some((a) => /^[a-zA-Z]*e[a-zA-Z]*$/.test(a) && !a.startsWith('-')) || args.includes('-E'),
};

const SECRET_NAME = /KEY|TOKEN|SECRET|PASS|CRED|AUTH|PRIVATE|SESSION|COOKIE|SIGNATURE/i;
/** grep options that print only matching lines, or less: no context lines, no inverted match. */
const NARROWING_GREP_OPTION = /^(?:-[iEGnhs]+|--color(?:=\w+)?|--ignore-case)$/;

/**
 * `env | grep ^PATH=`, `set | grep -i ^shell=`: a dump piped straight into a grep for one variable
 * named whole (anchored, up to its `=`), not a secret's, shows that variable and nothing else. grep
 * matches anywhere in a line, so `grep PATH` or `grep ^AWS` would also show secrets.
 */
function filteredToOneName(dump: ShellCommand, j: ShellJudgement): boolean {
  // Any redirection of its output (`> file`, `>&2`) sends the whole dump somewhere else.
  if (dump.redirects.some((r) => r.fd === 1)) return false;
  const next = j.line.commands.find((c) => c.stdin?.kind === 'pipe' && c.stdin.from.includes(dump));
  if (!next || !['grep', 'fgrep', 'egrep'].includes(next.program ?? '')) return false;
  const args = next.args.map((w) => w.text);
  const patterns: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-e') patterns.push(args[++i] ?? '');
    else if (!arg.startsWith('-')) patterns.push(arg);
    else if (!NARROWING_GREP_OPTION.test(arg)) return false;
  }
  const [pattern] = patterns;
  return (
    patterns.length === 1 &&
    next.args.every((w) => w.literal) &&
    /^\^[A-Za-z_][A-Za-z0-9_]*=$/.test(pattern ?? '') &&
    !SECRET_NAME.test(pattern ?? '')
  );
}

const CREDENTIAL_STORES: ReadonlyArray<[string, (args: string[]) => boolean]> = [
  ['security', (a) => /^(?:find-(?:generic|internet)-password|dump-keychain|export)$/.test(a[0] ?? '')],
  ['secret-tool', (a) => a[0] === 'lookup' || a[0] === 'search'],
  ['gh', (a) => a[0] === 'auth' && a[1] === 'token'],
  ['gcloud', (a) => a.includes('print-access-token') || a.includes('print-identity-token')],
  ['az', (a) => a[0] === 'account' && a[1] === 'get-access-token'],
  [
    'aws',
    (a) =>
      (a[0] === 'configure' && (a[1] === 'get' || a[1] === 'export-credentials')) ||
      (a[0] === 'sts' && a[1] === 'get-session-token') ||
      (a[0] === 'secretsmanager' && a[1] === 'get-secret-value'),
  ],
  [
    'kubectl',
    (a) =>
      (a[0] === 'config' && a[1] === 'view' && a.includes('--raw')) ||
      (a[0] === 'get' &&
        /^secrets?$/.test(a[1] ?? '') &&
        a.some((x) => /^-o(?:=?(?:json|yaml))?$|^--output/.test(x))),
  ],
  ['op', (a) => a[0] === 'read' || (a[0] === 'item' && a[1] === 'get')],
  ['pass', (a) => a[0] === 'show' || (a.length === 1 && !a[0]?.startsWith('-'))],
  ['vault', (a) => a[0] === 'read' || (a[0] === 'kv' && a[1] === 'get')],
  ['gpg', (a) => a.some((x) => x === '--export-secret-keys' || x === '--export-secret-subkeys')],
  ['sqlite3', (a) => a.some((x) => /Keychains|Cookies|Login Data/i.test(x))],
];

export function checkSecrets(command: ShellCommand, j: ShellJudgement): Decision[] {
  const program = command.program;
  if (!program) return [];
  const texts = command.args.map((w) => w.text);
  const decisions: Decision[] = [];
  const values = { command: shown(command) };
  const namesOnly = program === 'printenv' && texts.length > 0 && texts.every((t) => !SECRET_NAME.test(t));
  if (DUMPS[program]?.(texts) && !namesOnly && !filteredToOneName(command, j)) {
    decisions.push(shellRules.fire('shell.env-dump', 'deny', values));
  }
  const store = CREDENTIAL_STORES.find(([name, matches]) => name === program && matches(texts));
  if (store) decisions.push(shellRules.fire('shell.credential-store', 'deny', values));
  const printed = DATA_PROGRAMS.has(program) || command.redirects.some((r) => r.mode === 'here-string');
  const secretVars = [...command.args, ...command.redirects.map((r) => r.target)].flatMap(
    (w) => w.secretVars ?? [],
  );
  if (printed && secretVars.length) {
    decisions.push(
      shellRules.fire('shell.secret-variable', 'deny', { ...values, name: secretVars[0] as string }),
    );
  }
  if (program === 'git') decisions.push(...secretsInHistory(command, j));
  return decisions;
}

/** `git show HEAD:.env`, `git log -p -- .env`: a secret file's content out of git's objects. */
function secretsInHistory(command: ShellCommand, j: ShellJudgement): Decision[] {
  const { subcommand, args } = gitInvocation(command);
  const showsContent =
    ['show', 'cat-file', 'diff', 'archive', 'blame', 'grep', 'format-patch'].includes(subcommand ?? '') ||
    (subcommand === 'log' && hasOption(args, '-p', '--patch', '-u'));
  if (!showsContent || command.cwd === undefined) return [];
  const root = command.cwd;
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    const colon = arg.indexOf(':');
    const path = colon >= 0 ? arg.slice(colon + 1) : arg;
    if (!path) continue;
    const absolute = colon >= 0 ? join(j.context.projectRoot, path.replace(/^\.\//, '')) : join(root, path);
    const decision = judgePath('Bash', absolute, 'read', j.policy, j.context, false);
    if (decision.ruleId === 'files.secret-read') {
      return [shellRules.fire('shell.secret-in-history', 'deny', { command: shown(command), path: arg })];
    }
  }
  return [];
}
