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
  if (decision.outcome !== 'deny') return {};
  // UserPromptSubmit and PostToolUse can only block; `allow` and `ask` have no meaning there. A
  // prompt blocked for a secret is also kept out of the block message Claude Code shows.
  if (eventName === 'UserPromptSubmit' && decision.ruleId?.startsWith('secrets.')) {
    return {
      decision: 'block',
      reason,
      hookSpecificOutput: { hookEventName: 'UserPromptSubmit', suppressOriginalPrompt: true },
    };
  }
  return { decision: 'block', reason };
}

/** PostToolUse with secrets in the output: the same output, redacted, in the tool's own shape. */
export function renderRedaction(
  tool: string,
  redactedResponse: unknown,
  messages: { user: string; model: string },
): HookOutput {
  return {
    systemMessage: bounded(messages.user),
    hookSpecificOutput: {
      hookEventName: 'PostToolUse',
      updatedToolOutput: redactedResponse,
      // Clients before updatedToolOutput (2.1.121) read this one, for MCP tools only.
      ...(tool.startsWith('mcp__') ? { updatedMCPToolOutput: redactedResponse } : {}),
      additionalContext: bounded(messages.model),
    },
  };
}

/** Fields whose values are a schema's enumerations (`type: "text"`): kept, or the shape is refused. */
const SHAPE_FIELDS = new Set(['type', 'kind', 'status', 'mode', 'mimeType', 'media_type']);

/** The response's shape with its text replaced: what the model gets when output cannot be checked. */
export function withheld(value: unknown, depth = 0): unknown {
  if (typeof value === 'string')
    return value === '' ? value : '[withheld by bulwark: not checked for secrets]';
  if (depth > 32) return null;
  if (Array.isArray(value)) return value.map((item) => withheld(item, depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        SHAPE_FIELDS.has(key) && typeof item === 'string' && item.length <= 32
          ? item
          : withheld(item, depth + 1),
      ]),
    );
  }
  return value;
}

/**
 * Failing closed: the strongest "no" the event knows, paired with exit code 2 by the caller. For
 * tool output already produced, that is withholding it: a block would leave it in front of the model.
 */
export function renderFailure(
  eventName: string | undefined,
  reason: string,
  toolResponse?: { value: unknown },
): HookOutput {
  if (eventName === 'PostToolUse' && toolResponse) {
    return {
      decision: 'block',
      reason: bounded(reason),
      hookSpecificOutput: { hookEventName: 'PostToolUse', updatedToolOutput: withheld(toolResponse.value) },
    };
  }
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
