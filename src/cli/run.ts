// The one place where failures become outcomes. For the hook: every failure (bad input, invalid
// policy, our own time budget, an unwritable audit log, a bug) becomes a denial plus exit code 2,
// which Claude Code treats as blocking even when it cannot read the JSON. For other commands:
// user errors say what to fix, internal errors say how to report them.
import pc from 'picocolors';
import { AGENT, type EventFacts, HookInputError } from '../adapters/claude-code/hook';
import { type HookOutput, renderFailure } from '../adapters/claude-code/output';
import { AuditUnavailable } from '../audit/errors';
import { appendAuditRecord } from '../audit/log';
import { Deadline } from '../core/deadline';
import { BudgetExceeded, errorMessage, REPORT_URL, UserError } from '../core/errors';
import { PolicyInvalid } from '../policy/errors';
import { defaultAuditDir, type Environment } from '../policy/locate';

export type FailureRuleId =
  | 'hook.invalid-json'
  | 'hook.too-large'
  | 'hook.bad-shape'
  | 'hook.budget'
  | 'hook.internal-error'
  | 'policy.invalid'
  | 'audit.unwritable';

export interface FailClosed {
  output: HookOutput;
  stderr: string;
  exitCode: 2;
  ruleId: FailureRuleId;
}

/**
 * What the failure did, in the words of the event: Claude Code shows a blocked prompt as
 * "UserPromptSubmit operation blocked by hook: <reason>", and a PostToolUse block cannot take back
 * output the model already has.
 */
function failureSubject(eventName: string | undefined): string {
  if (eventName === 'UserPromptSubmit') return 'bulwark blocked this prompt (it was not sent)';
  if (eventName === 'PostToolUse') return "bulwark could not check this tool's output";
  return 'bulwark blocked this tool call';
}

function describeFailure(error: unknown, facts: EventFacts): { ruleId: FailureRuleId; reason: string } {
  const subject = failureSubject(facts.eventName);
  if (error instanceof HookInputError) {
    return {
      ruleId: error.problem.ruleId,
      reason: `${subject} because it could not read the hook event: ${error.problem.detail}. What bulwark cannot read is not let through. If the agent sent this, report it at ${REPORT_URL}.`,
    };
  }
  if (error instanceof PolicyInvalid) {
    return {
      ruleId: 'policy.invalid',
      reason: `${subject} because ${error.message}\nEvery tool call and prompt is blocked until this is fixed (run \`bulwark policy check\`).`,
    };
  }
  if (error instanceof BudgetExceeded) {
    const budget = facts.budgetMs === undefined ? 'time budget' : `${facts.budgetMs} ms budget`;
    return {
      ruleId: 'hook.budget',
      reason: `${subject} because checking it took longer than its ${budget} (${error.stage}). Retry; if it keeps happening, raise hook.budgetMs in the user policy or report it at ${REPORT_URL}.`,
    };
  }
  if (error instanceof AuditUnavailable) {
    return {
      ruleId: 'audit.unwritable',
      reason: `${subject} because it ${error.message}. Every decision must be recorded; make the directory writable (is the disk full?).`,
    };
  }
  return {
    ruleId: 'hook.internal-error',
    reason: `${subject} because of an internal error (${errorMessage(error)}). Please report it at ${REPORT_URL} with the output of \`bulwark --version\`.`,
  };
}

/** Best effort: a failure is worth recording, but recording it must not fail the answer. */
function recordFailure(
  facts: EventFacts,
  environment: Environment,
  ruleId: FailureRuleId,
  reason: string,
): void {
  if (ruleId === 'audit.unwritable') return;
  try {
    appendAuditRecord(
      {
        session: facts.sessionId ?? 'unknown',
        agent: AGENT,
        event: facts.eventName ?? 'unknown',
        tool: facts.tool,
        input: facts.input ?? '',
        decision: 'deny',
        rule: ruleId,
        reason,
        cwd: facts.cwd ?? '',
      },
      {
        dir: facts.auditDir ?? defaultAuditDir(environment),
        maxFileBytes: facts.maxFileBytes ?? 10 * 1024 * 1024,
        deadline: new Deadline(500),
      },
    );
  } catch {
    // The denial stands whether or not it could be recorded.
  }
}

export function failClosed(error: unknown, facts: EventFacts, environment: Environment): FailClosed {
  const { ruleId, reason } = describeFailure(error, facts);
  recordFailure(facts, environment, ruleId, reason);
  return {
    output: renderFailure(facts.eventName, reason, facts.toolResponse),
    stderr: `${reason}\n`,
    exitCode: 2,
    ruleId,
  };
}

/** Exit codes for every other command: 0 fine, 1 a check failed, 2 usage or I/O error. */
export async function runCommand(action: () => Promise<number> | number): Promise<number> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(
        `${pc.red('error:')} ${error.message}\n${error.hint ? `${pc.dim('fix:')} ${error.hint}\n` : ''}`,
      );
      return 2;
    }
    process.stderr.write(
      `${pc.red('internal error:')} ${errorMessage(error)}\nPlease report it at ${REPORT_URL} with the command you ran and \`bulwark --version\`.\n`,
    );
    if (process.env.BULWARK_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return 2;
  }
}
