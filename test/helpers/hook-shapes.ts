// The hook answers Claude Code honours, per event, as ../shared/reference/claude-code.md §1.4–1.5
// gives them. Strict objects: a key Claude Code does not know is how a flat
// {"permissionDecision":"deny"} slips through (the tool runs), so any extra key is a failure here.
import { z } from 'zod';

const universal = {
  continue: z.boolean().optional(),
  stopReason: z.string().optional(),
  suppressOutput: z.boolean().optional(),
  systemMessage: z.string().max(10_000).optional(),
};

/** Strings Claude Code shows or passes on are capped at 10,000 characters (§1.5). */
const reason = z.string().min(1).max(10_000);

const preToolUse = z.strictObject({
  ...universal,
  hookSpecificOutput: z
    .strictObject({
      hookEventName: z.literal('PreToolUse'),
      permissionDecision: z.enum(['allow', 'deny', 'ask', 'defer']),
      permissionDecisionReason: reason.optional(),
      updatedInput: z.record(z.string(), z.unknown()).optional(),
      additionalContext: z.string().max(10_000).optional(),
    })
    .optional(),
});

const postToolUse = z.strictObject({
  ...universal,
  decision: z.literal('block').optional(),
  reason: reason.optional(),
  hookSpecificOutput: z
    .strictObject({
      hookEventName: z.literal('PostToolUse'),
      additionalContext: z.string().max(10_000).optional(),
      updatedToolOutput: z.unknown().optional(),
      updatedMCPToolOutput: z.unknown().optional(),
    })
    .optional(),
});

const userPromptSubmit = z.strictObject({
  ...universal,
  decision: z.literal('block').optional(),
  reason: reason.optional(),
  hookSpecificOutput: z
    .strictObject({
      hookEventName: z.literal('UserPromptSubmit'),
      additionalContext: z.string().max(10_000).optional(),
      sessionTitle: z.string().optional(),
      suppressOriginalPrompt: z.boolean().optional(),
    })
    .optional(),
});

/** SessionEnd cannot block or add anything; bulwark answers it with nothing. */
const sessionEnd = z.strictObject({ ...universal });

export const HOOK_OUTPUT_SHAPES = {
  PreToolUse: preToolUse,
  PostToolUse: postToolUse,
  UserPromptSubmit: userPromptSubmit,
  SessionEnd: sessionEnd,
} as const;

export type ShapedEvent = keyof typeof HOOK_OUTPUT_SHAPES;

/**
 * Problems with one hook answer, empty when Claude Code reads it as meant: stdout is one JSON object
 * of the event's shape, and the exit code is 0, or 2 for a refusal (§1.4: any other code lets the
 * call through unless the JSON decides).
 */
export function hookAnswerProblems(event: ShapedEvent, stdout: string, exitCode: number | null): string[] {
  let answer: unknown;
  try {
    answer = JSON.parse(stdout);
  } catch {
    return [`stdout is not JSON: ${JSON.stringify(stdout.slice(0, 200))}`];
  }
  const parsed = HOOK_OUTPUT_SHAPES[event].safeParse(answer);
  if (!parsed.success) {
    return parsed.error.issues.map(
      (issue) => `${event}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  const refuses = ['deny', 'block'].includes(answerOutcome(answer));
  if (exitCode !== 0 && exitCode !== 2)
    return [`exit code ${exitCode}: Claude Code would let the call through`];
  if (exitCode === 2 && !refuses) return ['exit code 2 with an answer that does not refuse'];
  return [];
}

/** What an answer says, whatever the event: allow, deny, ask, defer, block, or none. */
export function answerOutcome(answer: unknown): string {
  const shaped = answer as { decision?: string; hookSpecificOutput?: { permissionDecision?: string } };
  return shaped.hookSpecificOutput?.permissionDecision ?? shaped.decision ?? 'none';
}
