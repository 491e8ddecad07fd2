// Command patterns as users write them in policy (Claude Code's `Bash(npm run test:*)` style),
// matched word by word against what a command runs: never as text over the raw line.
import { nameMatches } from '../../core/glob';

function words(pattern: string): string[] {
  return pattern.trim().split(/\s+/).filter(Boolean);
}

/**
 * `git status` matches exactly that command; `npm run test:*` matches `npm run test` followed by
 * anything. A `*` inside a word matches within that word (`npm run test-*`).
 */
export function commandPatternMatches(pattern: string, argv: readonly string[]): boolean {
  const expected = words(pattern);
  const last = expected.at(-1);
  const open = last?.endsWith(':*') === true;
  if (open) {
    const stem = (last as string).slice(0, -2);
    expected.splice(-1, 1, ...(stem ? [stem] : []));
  }
  if (open ? argv.length < expected.length : argv.length !== expected.length) return false;
  return expected.every((word, i) => wordMatches(word, argv[i] as string));
}

/**
 * One pattern word against one argument, `/` by `/`: a word may name a path (`test/unit`), and a
 * `*` still stays within one path segment (`src/*.ts` is not `src/a/b.ts`).
 */
function wordMatches(pattern: string, word: string): boolean {
  const expected = pattern.split('/');
  const actual = word.split('/');
  return (
    expected.length === actual.length &&
    expected.every((part, i) => (part === '' ? actual[i] === '' : nameMatches(part, actual[i] as string)))
  );
}

/** Does `args` hold this option (however spelled: `-f` inside `-fd`, `--force=x`) or word? */
function hasArgument(args: readonly string[], wanted: string): boolean {
  if (wanted.startsWith('--')) return args.some((arg) => arg === wanted || arg.startsWith(`${wanted}=`));
  if (/^-[A-Za-z0-9]$/.test(wanted)) {
    return args.some(
      (arg) => arg === wanted || (/^-[A-Za-z0-9]+$/.test(arg) && arg.includes(wanted[1] as string)),
    );
  }
  return args.some((arg) => nameMatches(wanted, arg));
}

/**
 * A user rule's `command` (program and subcommand words, options in between skipped) and `args`
 * (every one present) against one command's normalised argv. Errs towards matching: a deny rule
 * that matches too much is safer than one a global option slips past.
 */
export function ruleMatches(
  rule: { command: string; args?: readonly string[] },
  argv: readonly string[],
): boolean {
  const [program, ...subcommands] = words(rule.command);
  if (!program || !nameMatches(program, argv[0] ?? '')) return false;
  const args = argv.slice(1);
  // The subcommand words, in order, among the words that are not options: an option's value
  // (`git -C . push`) may come first, and counts as a possible match rather than hide the command.
  const operands = args.filter((arg) => !arg.startsWith('-'));
  const at = (start: number) =>
    subcommands.every(
      (word, i) => operands[start + i] !== undefined && nameMatches(word, operands[start + i] as string),
    );
  if (subcommands.length && !operands.some((_, start) => at(start))) return false;
  return (rule.args ?? []).every((wanted) => hasArgument(args, wanted));
}
