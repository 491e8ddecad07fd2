// `bulwark suggest`: from the approvals in the audit log to allow rules for the user policy. Each
// approved command is judged again, now, as the hook would: what is denied now is never proposed,
// what is already allowed is left alone, and what an allow rule cannot name is said so. Commands
// that differ only in a last word may share one pattern when prove.ts shows that is safe.
import type { Outcome } from '../core/decision';
import { nameMatches } from '../core/glob';
import { commandPatternMatches } from '../engines/shell/patterns';
import type { EffectivePolicy } from '../policy/types';
import type { Approval, CollectedApprovals, UnusableReason } from './approvals';
import { findGeneralisations } from './generalise';
import type { Judge, LineCommand, LineJudgement } from './judging';
import { exactPattern, WORD_PROBLEMS } from './patterns';
import { proveNoDenial } from './prove';

/** Directories an approval is judged in again (latest first): a command can mean more elsewhere. */
const MAX_DIRECTORIES = 3;

export type ProposalKind = 'exact' | 'generalised';

export interface Proposal {
  kind: ProposalKind;
  /** The new allow entry's command patterns. */
  patterns: string[];
  /** The approved command lines it covers. */
  commands: string[];
  approvals: number;
  sessions: number;
  lastSeen: string;
  /** How bulwark judges them now. `ask`: a rule still asks, and an allow rule does not change that. */
  now: 'no-objection' | 'ask';
  /** The rule that still asks. */
  askedBy?: string;
  /** For a generalised pattern: what was generalised and how it was checked. */
  why?: string;
  /** Where the commands were judged: where they were approved, while those directories exist. */
  directories: string[];
  /** Set when the rule would not turn "no objection" into allow (a locked managed policy). */
  warning?: string;
}

export type SkipReason =
  | UnusableReason
  | 'too-few'
  | 'denied'
  | 'already-allowed'
  | 'unreadable'
  | 'unwritable'
  | 'relative-program';

export interface Skipped {
  command: string;
  approvals: number;
  reason: SkipReason;
  detail: string;
}

export interface Kept {
  pattern: string;
  commands: string[];
  reason: string;
}

export interface SuggestPlan {
  /** Approved shell calls in the log. */
  approved: number;
  proposals: Proposal[];
  skipped: Skipped[];
  /** Groups that were not generalised, and why: their commands are judged one by one. */
  keptExact: Kept[];
}

/** An approval that can become a rule. */
interface Candidate {
  approval: Approval;
  argvs: string[][];
  patterns: string[];
  now: 'no-objection' | 'ask';
  askedBy?: string;
  directories: string[];
}

const UNUSABLE_DETAIL: Readonly<Record<UnusableReason, string>> = {
  truncated: 'the audit log keeps only the start of this command',
  redacted: 'the audit log keeps this command with a secret taken out',
  empty: 'the audit log kept no command',
};

export function firstSentence(reason: string): string {
  return reason.split(' Why: ')[0] ?? reason;
}

/**
 * Which of its directories' answers a command is proposed on: allowed in one directory but not in
 * another still needs the rule. (Denied anywhere is never proposed at all.)
 */
const NEEDS: Readonly<Record<Outcome, number>> = { allow: 0, 'no-objection': 1, ask: 2, deny: 3 };

/** An allow entry of the policy for Bash that already names every command. */
function coveredBy(policy: EffectivePolicy, argvs: readonly string[][]): boolean {
  return policy.allow.some(({ value: rule }) => {
    if (!nameMatches(rule.tool, 'Bash') || !rule.commands || rule.paths || rule.domains) return false;
    const patterns = rule.commands;
    return argvs.every((argv) => patterns.some((pattern) => commandPatternMatches(pattern, argv)));
  });
}

function uniqueArgvs(commands: readonly LineCommand[]): string[][] {
  const seen = new Map<string, string[]>();
  for (const command of commands) seen.set(JSON.stringify(command.argv), command.argv);
  return [...seen.values()];
}

async function assess(approval: Approval, judge: Judge): Promise<Candidate | Skipped> {
  const skip = (reason: SkipReason, detail: string): Skipped => ({
    command: approval.command,
    approvals: approval.approvals,
    reason,
    detail,
  });
  const directories = [...new Set(approval.cwds.map((cwd) => judge.where(cwd)))].slice(0, MAX_DIRECTORIES);
  if (directories.length === 0) directories.push(judge.where(''));
  const commands: LineCommand[] = [];
  let worst: LineJudgement | undefined;
  for (const cwd of directories) {
    const judged = await judge.line(approval.command, cwd);
    if (judged.outcome === 'deny') {
      const rule = judged.ruleId ? `${judged.ruleId}: ` : '';
      return skip('denied', `denied now (${rule}${firstSentence(judged.reason)})`);
    }
    if (!judged.commands || judged.uncertain) {
      return skip(
        'unreadable',
        'bulwark cannot read every command this line runs, so no pattern can name them all',
      );
    }
    commands.push(...judged.commands);
    if (!worst || NEEDS[judged.outcome] > NEEDS[worst.outcome]) worst = judged;
  }
  if (!worst) return skip('unreadable', 'it was not judged');
  const relative = commands.find((command) => command.relativeProgram);
  if (relative) {
    return skip(
      'relative-program',
      `it runs ${relative.argv[0]} by a relative path, and a rule would match any program of that name anywhere`,
    );
  }
  const argvs = uniqueArgvs(commands);
  const patterns: string[] = [];
  for (const argv of argvs) {
    const pattern = exactPattern(argv);
    if (!pattern.ok)
      return skip('unwritable', `the word "${pattern.error.word}" ${WORD_PROBLEMS[pattern.error.problem]}`);
    patterns.push(pattern.value);
  }
  if (worst.outcome === 'allow') return skip('already-allowed', firstSentence(worst.reason));
  const { policy } = await judge.prepared(directories[0] as string);
  if (coveredBy(policy, argvs)) {
    return skip(
      'already-allowed',
      `an allow rule already names it, but ${worst.ruleId ?? 'a rule'} still asks`,
    );
  }
  return {
    approval,
    argvs,
    patterns: [...new Set(patterns)],
    now: worst.outcome === 'ask' ? 'ask' : 'no-objection',
    askedBy: worst.outcome === 'ask' ? worst.ruleId : undefined,
    directories,
  };
}

function summed(candidates: readonly Candidate[]) {
  const approvals = candidates.reduce((sum, c) => sum + c.approval.approvals, 0);
  const sessions = new Set(candidates.flatMap((c) => c.approval.sessionIds)).size;
  const lastSeen = candidates.map((c) => c.approval.lastSeen).reduce((a, b) => (a > b ? a : b), '');
  const ask = candidates.find((c) => c.now === 'ask');
  const directories = [...new Set(candidates.flatMap((c) => c.directories))];
  const now: Proposal['now'] = ask ? 'ask' : 'no-objection';
  return {
    approvals,
    sessions,
    lastSeen,
    now,
    ...(ask?.askedBy ? { askedBy: ask.askedBy } : {}),
    directories,
  };
}

function exactProposal(candidate: Candidate): Proposal {
  return {
    kind: 'exact',
    patterns: candidate.patterns,
    commands: [candidate.approval.command],
    ...summed([candidate]),
  };
}

export async function planSuggestions(
  collected: CollectedApprovals,
  minApprovals: number,
  judge: Judge,
): Promise<SuggestPlan> {
  const skipped: Skipped[] = collected.unusable.map((entry) => ({
    ...entry,
    detail: UNUSABLE_DETAIL[entry.reason],
  }));
  const candidates: Candidate[] = [];
  for (const approval of collected.approvals) {
    const assessed = await assess(approval, judge);
    if ('reason' in assessed) skipped.push(assessed);
    else candidates.push(assessed);
  }

  const proposals: Proposal[] = [];
  const keptExact: Kept[] = [];
  const generalised = new Set<Candidate>();
  const singles = candidates.flatMap((candidate) =>
    candidate.argvs.length === 1
      ? [
          {
            command: candidate.approval.command,
            argv: candidate.argvs[0] as string[],
            approvals: candidate.approval.approvals,
            candidate,
          },
        ]
      : [],
  );
  for (const group of findGeneralisations(singles)) {
    const members = group.members.map((member) => member.candidate);
    const total = summed(members);
    if (total.approvals < minApprovals) continue;
    const commands = members.map((member) => member.approval.command);
    const proof = await proveNoDenial(group, total.directories, judge);
    if (!proof.proven) {
      keptExact.push({ pattern: group.pattern, commands, reason: proof.reason });
      continue;
    }
    for (const member of members) generalised.add(member);
    proposals.push({
      kind: 'generalised',
      patterns: [group.pattern],
      commands,
      ...total,
      why:
        `${members.length} approved commands differ only in their last word, which always begins with "${group.stem}"; ` +
        `the pattern admits any one word beginning so (without "/"). No such command is denied: ${proof.checked} ` +
        "were judged (names in the working directory, project and home, words of bulwark's rules and your policy, " +
        'hostile endings).',
    });
  }
  for (const candidate of candidates) {
    if (generalised.has(candidate)) continue;
    if (candidate.approval.approvals >= minApprovals) proposals.push(exactProposal(candidate));
    else {
      skipped.push({
        command: candidate.approval.command,
        approvals: candidate.approval.approvals,
        reason: 'too-few',
        detail: `approved ${candidate.approval.approvals} time(s), fewer than --min-approvals ${minApprovals}`,
      });
    }
  }
  proposals.sort(
    (a, b) => b.approvals - a.approvals || ((a.commands[0] ?? '') < (b.commands[0] ?? '') ? -1 : 1),
  );
  return { approved: collected.total, proposals, skipped, keptExact };
}
