// `bulwark suggest` for people: each proposal with the approvals behind it and what it would
// change, what was left out and why, then the change to the policy file as a diff.
import pc from 'picocolors';
import type { Proposal, Skipped, SuggestPlan } from './plan';

export const NO_APPROVALS_HELP = [
  'bulwark records an approval when it asked about a tool call, you allowed the call in Claude Code,',
  'and the tool ran (the PostToolUse hook that `bulwark init` registers sees it run). Once a command',
  'has been approved a few times, `bulwark suggest` proposes an allow rule for it.',
];

export const ALLOW_NOTE =
  'Allow rules only ever turn "no objection" into allow: a bulwark rule that asks or denies still wins.';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What one proposal is for, in a single line for the policy file. */
export function proposalComment(proposal: Proposal): string {
  const times = `${plural(proposal.approvals, 'approval')} in ${plural(proposal.sessions, 'session')}`;
  if (proposal.kind === 'exact') return `bulwark suggest: \`${proposal.commands[0]}\`, ${times}`;
  return `bulwark suggest: generalised from ${proposal.commands.map((c) => `\`${c}\``).join(', ')}; ${times}`;
}

function renderProposal(proposal: Proposal, index: number): string[] {
  const title = proposal.kind === 'generalised' ? proposal.patterns.join(', ') : (proposal.commands[0] ?? '');
  const out = [
    `${pc.bold(`${index + 1}. ${title}`)}${proposal.kind === 'generalised' ? pc.cyan('  (generalised)') : ''}`,
  ];
  const detail = (label: string, text: string) => out.push(`   ${pc.dim(label.padEnd(9))}${text}`);
  if (proposal.kind === 'generalised') detail('covers', proposal.commands.join(', '));
  detail(
    'approved',
    `${plural(proposal.approvals, 'time')} in ${plural(proposal.sessions, 'session')}, last ${proposal.lastSeen}`,
  );
  detail('rule', `tool Bash, commands ${proposal.patterns.map((p) => JSON.stringify(p)).join(', ')}`);
  if (proposal.why) detail('why', proposal.why);
  if (proposal.now === 'ask') {
    detail(
      'note',
      pc.yellow(
        `bulwark itself still asks about this (${proposal.askedBy ?? 'a rule'}); the allow rule applies only when no rule asks, so you will be asked while that rule applies`,
      ),
    );
  } else {
    detail(
      'effect',
      'no rule objects to it now, so Claude Code asks you; with this rule it runs without asking',
    );
  }
  if (proposal.warning) detail('warning', pc.yellow(proposal.warning));
  return out;
}

function renderSkipped(skipped: readonly Skipped[], minApprovals: number): string[] {
  const shown = skipped.filter((entry) => entry.reason !== 'too-few');
  const tooFew = skipped.length - shown.length;
  if (shown.length === 0 && tooFew === 0) return [];
  const out = ['', pc.bold('Not proposed')];
  for (const entry of shown) {
    out.push(`   ${entry.command} ${pc.dim(`(${plural(entry.approvals, 'approval')})`)}: ${entry.detail}`);
  }
  if (tooFew > 0) {
    out.push(
      pc.dim(
        `   ${plural(tooFew, 'more command')} approved fewer than ${minApprovals} times (--min-approvals)`,
      ),
    );
  }
  return out;
}

export function renderPlan(
  plan: SuggestPlan,
  context: {
    auditDir: string;
    policyFile: string;
    minApprovals: number;
    diff: string;
    applied?: 'created' | 'updated';
  },
): string {
  const { proposals } = plan;
  const out = [
    `${pc.bold('bulwark suggest')}: ${plural(proposals.length, 'allow rule')} from ${plural(plan.approved, 'approval')} in ${context.auditDir}`,
  ];
  if (proposals.length) out.push('');
  proposals.forEach((proposal, i) => {
    out.push(...renderProposal(proposal, i));
  });
  if (plan.keptExact.length) {
    out.push('', pc.bold('Not generalised (judged one by one instead)'));
    for (const kept of plan.keptExact) out.push(`   ${kept.pattern}: ${kept.reason}`);
  }
  out.push(...renderSkipped(plan.skipped, context.minApprovals));
  if (context.diff) out.push('', context.diff);
  out.push('', pc.dim(ALLOW_NOTE));
  if (proposals.length === 0) out.push('Nothing to add to the user policy.');
  else if (context.applied) out.push(pc.green(`${context.applied} ${context.policyFile}`));
  else
    out.push(
      `Nothing written. Run ${pc.bold('bulwark suggest --apply')} to add these rules to ${context.policyFile}.`,
    );
  return `${out.join('\n')}\n`;
}
