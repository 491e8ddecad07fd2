// Explicit allow rules of the user or managed policy: the only way bulwark ever says "allow".
import { type Decision, describeSource } from '../core/decision';
import type { ToolCall } from '../core/events';
import { anchorPattern, compileGlob, globMatches, nameMatches } from '../core/glob';
import type { AllowRule, EffectivePolicy } from '../policy/types';
import type { JudgeContext } from './context';
import { resolveToolPath } from './files/paths';
import { normalizeHost } from './net/address';
import { domainMatches } from './net/domains';
import { commandPatternMatches } from './shell/patterns';

function targetPath(call: ToolCall): string | undefined {
  const event = call.event;
  if (event.kind === 'file-read' || event.kind === 'file-write') return event.path;
  if (event.kind === 'file-search') return event.root;
  return undefined;
}

function targetHost(call: ToolCall): string | undefined {
  if (call.event.kind !== 'fetch') return undefined;
  try {
    return normalizeHost(new URL(call.event.url).hostname);
  } catch {
    return undefined;
  }
}

function ruleApplies(
  rule: AllowRule,
  call: ToolCall,
  context: JudgeContext,
  commands: readonly string[][] | undefined,
): boolean {
  if (!nameMatches(rule.tool, call.tool)) return false;
  if (rule.commands) {
    const patterns = rule.commands;
    // Every command on the line, including those it runs in turn, must be one the rule names.
    if (!commands?.length) return false;
    if (!commands.every((argv) => patterns.some((pattern) => commandPatternMatches(pattern, argv))))
      return false;
  }
  if (rule.paths) {
    const path = targetPath(call) ?? (call.event.kind === 'file-search' ? context.cwd : undefined);
    if (path === undefined) return false;
    const resolved = resolveToolPath(path, context.cwd, context.home, context.fs);
    const matches = (pattern: string) =>
      compileGlob(anchorPattern(pattern, context), context.caseInsensitivePaths).some((glob) =>
        [resolved.lexical, resolved.real].every((form) => globMatches(glob, form)),
      );
    if (!rule.paths.some(matches)) return false;
  }
  if (rule.domains) {
    const host = targetHost(call);
    if (host === undefined || !rule.domains.some((domain) => domainMatches(domain, host))) return false;
  }
  return true;
}

export function applyAllowRules(
  decision: Decision,
  call: ToolCall,
  policy: EffectivePolicy,
  context: JudgeContext,
  commands?: readonly string[][],
): Decision {
  if (decision.outcome !== 'no-objection' || policy.allow.length === 0) return decision;
  const match = policy.allow.find((entry) => ruleApplies(entry.value, call, context, commands));
  if (!match) return decision;
  const reason = `auto-approved by an allow rule for ${match.value.tool} (${describeSource(match.source)})`;
  return {
    outcome: 'allow',
    ruleId: 'policy.allow',
    reason,
    trace: [
      ...decision.trace,
      { engine: 'allow', outcome: 'allow', ruleId: 'policy.allow', reason, source: match.source },
    ],
  };
}
