// Whether a generalised pattern (`cargo test parser_*`) can be shown never to admit a command that
// bulwark denies. The policy's own shell rules are patterns, so against them this is exact: a
// wildcard word starting with a letter or digit can only meet a literal rule word by being it, and
// each such word is tried. The built-in rules are code, so against them the pattern's wildcard is
// tried with every value those rules could single out: the names in the working directory, the
// project and the home directory, every word of the built-in rule cases and of the policy's lists,
// and endings that make a name a secret, a file, a host, an assignment or code. One denial, a
// program that runs its arguments as commands or writes or deletes the file the word names, or a
// rule this cannot reason about, and the group stays exact. Allow rules never override a denial anyway; this keeps `suggest` from even
// proposing a rule that reads as if it could.
import { readdirSync } from 'node:fs';
import type { Rule, RuleCase } from '../core/rules';
import { commandPatternMatches, ruleMatches } from '../engines/shell/patterns';
import { COMMAND_RUNNERS, INTERPRETERS, SHELLS } from '../engines/shell/programs';
import { SHELL_RULE_PACKS } from '../engines/shell/rule-book';
import type { EffectivePolicy } from '../policy/types';
import type { Generalisation } from './generalise';
import type { Judge } from './judging';

export type Proof = { proven: true; checked: number } | { proven: false; reason: string };

const GLOB_CHARACTERS = /[*?[\]{}\\]/;
/** Past this many values the check is not worth its time: the group stays exact. */
const MAX_PROBES = 2000;
/** Directories a group's commands were approved in that are judged (latest first). */
const MAX_DIRECTORIES = 3;

/** Endings that make a name what rules single out. */
const ENDINGS = [
  '',
  'x',
  '-x',
  '_x',
  ':x',
  '.env',
  '.pem',
  '.key',
  '.git',
  '.bulwark',
  '_TOKEN',
  '_SECRET',
  '_KEY',
  '_PASSWORD',
  '.example.com',
  '@example.com',
  '=x',
  '..',
  '*',
  '$HOME',
  '`id`',
  ';id',
  '|sh',
];

const WORD_SEPARATORS = /[\s'"=,;|&()<>`$/]+/;

function words(text: string): string[] {
  return text.split(WORD_SEPARATORS).filter((word) => word !== '');
}

function caseText(ruleCase: RuleCase): string {
  return typeof ruleCase === 'string' ? ruleCase : ruleCase.call;
}

let ruleCaseWords: string[] | undefined;

/** Every word of every built-in shell rule case, matching and not. */
function builtInWords(): string[] {
  ruleCaseWords ??= [
    ...new Set(
      (Object.values(SHELL_RULE_PACKS) as Rule[][])
        .flat()
        .flatMap((rule) => [...rule.cases.match, ...rule.cases.ignore])
        .flatMap((ruleCase) => words(caseText(ruleCase))),
    ),
  ];
  return ruleCaseWords;
}

/** Words the policy names: shell rule words, denied domains, the last part of file patterns. */
function policyWords(policy: EffectivePolicy): string[] {
  const files = [
    ...policy.files.secretFiles,
    ...policy.files.persistenceFiles,
    ...policy.files.protectedFiles,
  ].flatMap((entry) => {
    const last = entry.value.split('/').at(-1) ?? '';
    return [last, last.replace(/[*?]/g, 'x')];
  });
  const rules = policy.shell.rules.flatMap((entry) => [
    ...words(entry.value.command),
    ...(entry.value.args ?? []),
  ]);
  return [...files, ...rules, ...policy.net.denyDomains.map((entry) => entry.value)];
}

function directoryNames(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A deny rule of the policy with a pattern among its words (`args: ["release-*"]`) that could
 * meet a command the generalisation admits: with each pattern word loosened to `*`, does the rule
 * match the prefix followed by any value (a stand-in for all values that are none of the rule's
 * literal words, and each of those)? Such a rule is not reasoned about further.
 */
function patternDenyRule(generalisation: Generalisation, policy: EffectivePolicy): string | undefined {
  const { prefix, stem, pattern } = generalisation;
  for (const { value: rule } of policy.shell.rules) {
    const [program, ...rest] = words(rule.command);
    const args = rule.args ?? [];
    if (rule.action !== 'deny' || !program || ![...rest, ...args].some((w) => GLOB_CHARACTERS.test(w)))
      continue;
    const loosen = (word: string) => (GLOB_CHARACTERS.test(word) ? '*' : word);
    const loose = { command: [program, ...rest.map(loosen)].join(' '), args: args.map(loosen) };
    const values = [`${stem}x`, ...rest, ...args].filter((value) =>
      commandPatternMatches(pattern, [...prefix, value]),
    );
    if (values.some((value) => ruleMatches(loose, [...prefix, value])))
      return [rule.command, ...args].join(' ');
  }
  return undefined;
}

export async function proveNoDenial(
  generalisation: Generalisation,
  directories: readonly string[],
  judge: Judge,
): Promise<Proof> {
  const { prefix, stem, pattern } = generalisation;
  const program = prefix[0] ?? '';
  if (COMMAND_RUNNERS.has(program) || SHELLS.has(program) || Object.hasOwn(INTERPRETERS, program)) {
    return { proven: false, reason: `${program} runs its arguments as commands or code` };
  }
  const judged = directories.slice(0, MAX_DIRECTORIES);
  const candidates = new Set<string>(generalisation.members.map((member) => member.argv.at(-1) as string));
  for (const ending of ENDINGS) candidates.add(`${stem}${ending}`);
  for (const cwd of judged) {
    const { policy, projectRoot } = await judge.prepared(cwd);
    const rule = patternDenyRule(generalisation, policy);
    if (rule) return { proven: false, reason: `the policy's deny rule \`${rule}\` uses a pattern` };
    for (const word of [
      ...builtInWords(),
      ...policyWords(policy),
      ...[cwd, projectRoot, judge.home].flatMap(directoryNames),
    ]) {
      candidates.add(word);
    }
  }
  const probes = [...candidates].filter((value) => commandPatternMatches(pattern, [...prefix, value]));
  if (probes.length > MAX_PROBES) {
    return { proven: false, reason: `${probes.length} values to check, more than ${MAX_PROBES}` };
  }
  for (const cwd of judged) {
    for (const value of probes) {
      const line = [...prefix, value].map(shellQuote).join(' ');
      const judgement = await judge.line(line, cwd);
      if (judgement.commands?.some((command) => command.changes.includes(value))) {
        // What a changed file may be is the whole point of approving each one: never generalised.
        return {
          proven: false,
          reason: `${prefix.join(' ')} writes or deletes the file its last word names`,
        };
      }
      if (judgement.outcome === 'deny') {
        const rule = judgement.ruleId ? ` (${judgement.ruleId})` : '';
        return {
          proven: false,
          reason: `it would admit \`${[...prefix, value].join(' ')}\`, which is denied${rule}`,
        };
      }
    }
  }
  return { proven: true, checked: probes.length * judged.length };
}
