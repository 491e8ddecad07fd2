// What every shell check is given, and how it words a command in a message.
import type { Outcome } from '../../core/decision';
import type { EffectivePolicy, ProfileName } from '../../policy/types';
import type { JudgeContext } from '../context';
import type { ParsedLine, ShellCommand, Via } from './ir';

export interface ShellJudgement {
  policy: EffectivePolicy;
  context: JudgeContext;
  line: ParsedLine;
  profile: ProfileName;
}

/** What a built-in rule can answer: 'allow' only ever comes from the user's allow rules. */
export type RuleOutcome = Exclude<Outcome, 'allow'>;
export type ByProfile = Partial<Record<ProfileName, RuleOutcome>> & { standard: RuleOutcome };

/** The outcome for the active profile: strict falls back to standard, relaxed too. */
export function forProfile(j: ShellJudgement, outcomes: ByProfile): RuleOutcome {
  return outcomes[j.profile] ?? outcomes.standard;
}

const MAX_SHOWN = 160;

function describeVia(via: Via): string {
  switch (via.kind) {
    case 'wrapper':
    case 'shell-string':
    case 'piped-code':
    case 'fan-out':
      return via.program;
    case 'substitution':
      return '$(...)';
    case 'alias':
      return `alias ${via.name}`;
    case 'script':
      return via.path;
    case 'remote':
      return `${via.program} on ${via.host}`;
    case 'inline-code':
      return `${via.language} code`;
  }
}

/** `rm -rf /` or `rm -rf / (run by bash -c)`: what the user will recognise. */
export function shown(command: ShellCommand): string {
  const words = [command.programWord, ...command.args].map((word) =>
    /^[\w@%+=:,./~…-]+$/.test(word.text) ? word.text : JSON.stringify(word.text),
  );
  let text = words.join(' ');
  if (text.length > MAX_SHOWN) text = `${text.slice(0, MAX_SHOWN)}…`;
  const via = command.context.via.filter(
    (v) => v.kind !== 'substitution' || command.context.via.length === 1,
  );
  return via.length ? `\`${text}\` (run by ${via.map(describeVia).join(' → ')})` : `\`${text}\``;
}
