// A decision and its trace, for people (`bulwark explain`).
import pc from 'picocolors';
import type { AuditOutcome } from '../audit/log';
import { type Decision, describeSource } from '../core/decision';

const LABEL: Record<AuditOutcome, string> = {
  redacted: pc.magenta(pc.bold('REDACTED')),
  approved: pc.cyan(pc.bold('APPROVED')),
  deny: pc.red(pc.bold('DENY')),
  ask: pc.yellow(pc.bold('ASK')),
  allow: pc.green(pc.bold('ALLOW')),
  'no-objection': pc.green(pc.bold('NO OBJECTION')),
};

export function outcomeLabel(outcome: AuditOutcome): string {
  return LABEL[outcome];
}

export function renderDecision(subject: string, decision: Decision, footer: readonly string[]): string {
  const out = [`${LABEL[decision.outcome]}  ${subject}`];
  if (decision.ruleId) out.push(`${pc.dim('rule')}    ${decision.ruleId}`);
  out.push(`${pc.dim('reason')}  ${decision.reason}`);
  if (decision.outcome === 'no-objection') {
    out.push(pc.dim("        (Claude Code's own permission mode decides)"));
  }
  out.push('', pc.bold('trace'));
  for (const step of decision.trace) {
    const where = step.source ? pc.dim(`  [${describeSource(step.source)}]`) : '';
    const rule = step.ruleId ? `${step.ruleId}: ` : '';
    // The full reason is printed above; the trace keeps its first part (what happened).
    const what = step.reason.split(' Why: ')[0];
    out.push(`  ${step.engine.padEnd(6)} ${step.outcome.padEnd(12)} ${rule}${what}${where}`);
  }
  if (footer.length) out.push('', ...footer.map((line) => pc.dim(line)));
  return `${out.join('\n')}\n`;
}
