// Decisions → Claude Code hook output, in exactly the shapes of claude-code.md §1.5. Claude Code
// ignores shapes it does not expect (a flat {"permissionDecision": ...} lets the tool run), so
// nothing else is ever printed on stdout.
import type { Decision } from '../../core/decision';
import type { HookEventName } from './input';

export type HookOutput = Record<string, unknown>;

const REASON_LIMIT = 9000;

function bounded(reason: string): string {
  return reason.length > REASON_LIMIT ? `${reason.slice(0, REASON_LIMIT)}…` : reason;
}

export function renderDecision(eventName: HookEventName, decision: Decision): HookOutput {
  if (decision.outcome === 'no-objection') return {};
  const reason = bounded(decision.reason);
  if (eventName === 'PreToolUse') {
    return {
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: decision.outcome,
        permissionDecisionReason: reason,
      },
    };
  }
  // UserPromptSubmit and PostToolUse can only block; `allow` and `ask` have no meaning there.
  return decision.outcome === 'deny' ? { decision: 'block', reason } : {};
}

/** Failing closed: the strongest "no" the event knows, paired with exit code 2 by the caller. */
export function renderFailure(eventName: string | undefined, reason: string): HookOutput {
  if (eventName === 'UserPromptSubmit' || eventName === 'PostToolUse') {
    return { decision: 'block', reason: bounded(reason) };
  }
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: bounded(reason),
    },
  };
}
