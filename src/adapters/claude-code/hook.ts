// One Claude Code hook event, start to finish: parse, load the policy, judge, record, answer.
// Anything that goes wrong is thrown; the CLI edge turns every failure into a denial.
import { realpathSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { AuditUnavailable } from '../../audit/errors';
import { type AuditEntry, appendAuditRecord } from '../../audit/log';
import { hasPendingAsks, rememberAsk, takeAsk } from '../../audit/pending-asks';
import { Deadline, sleepSync } from '../../core/deadline';
import type { Decision } from '../../core/decision';
import { BudgetExceeded, errorMessage } from '../../core/errors';
import { mayHoldSecret, redact, summarize } from '../../core/redact';
import { sha256Hex } from '../../core/sha256';
import type { JudgeContext } from '../../engines/context';
import { judge } from '../../engines/judge';
import { loadedSecretsEngine, loadSecretsEngine } from '../../engines/secrets-engine';
import type { Environment } from '../../policy/locate';
import type { EffectivePolicy } from '../../policy/types';
import { type HookEnvelope, type HookEventName, type InputProblem, parseHookEvent } from './input';
import { type HookOutput, renderDecision, renderRedaction, withheld } from './output';
import { claudeConfigDir } from './settings';
import { judgeContext, prepare } from './setup';
import { boundedJson, type Redactor, summarizeToolInput } from './summary';

export const AGENT = 'claude-code';

export class HookInputError extends Error {
  constructor(readonly problem: InputProblem) {
    super(problem.detail);
    this.name = 'HookInputError';
  }
}

export interface HookRun {
  environment: Environment;
  /** When the clock started, in ms since the process started (0 for a single event). */
  startedAt: number;
  /** Called once the policy's time budget is known, so the caller's watchdog can follow it. */
  onBudget?: (budgetMs: number) => void;
}

export type HookAnswer =
  | { kind: 'answered'; eventName: HookEventName; decision: Decision; output: HookOutput }
  | { kind: 'ignored'; output: HookOutput };

/** What is known about an event so far, for recording a failure. */
export interface EventFacts {
  eventName?: string;
  sessionId?: string;
  tool?: string;
  input?: string;
  cwd?: string;
  auditDir?: string;
  maxFileBytes?: number;
  budgetMs?: number;
  /**
   * PostToolUse: the tool's output, so that a failure can still withhold it (a block alone would
   * leave it in front of the model).
   */
  toolResponse?: { value: unknown };
}

/**
 * Test-only faults, inert unless a test sets BULWARK_TEST_FAULT (`crash-secrets`, checking tool
 * output, is handled where the output is). `crash` and `exceed-budget` end in
 * bulwark's own denial. `kill` dies without a word, as under the OOM killer, and `hang` outlives
 * Claude Code's timeout: those end in a denial only through the registration's
 * `onFailure: "block"` (as `bulwark init` writes it), which the conformance suite proves.
 */
function injectFault(run: HookRun, budgetMs: number): void {
  const fault = run.environment.vars.BULWARK_TEST_FAULT;
  if (fault === 'crash') throw new Error('injected crash (BULWARK_TEST_FAULT=crash)');
  if (fault === 'kill') process.kill(process.pid, 'SIGKILL');
  if (fault === 'exceed-budget') sleepSync(budgetMs + 50);
  if (fault === 'hang') sleepSync(600_000);
}

export async function processHookEvent(raw: string, run: HookRun, facts: EventFacts): Promise<HookAnswer> {
  const parsed = parseHookEvent(raw);
  if (!parsed.ok) {
    facts.eventName = parsed.error.eventName;
    throw new HookInputError(parsed.error);
  }
  const { envelope } = parsed.value;
  Object.assign(facts, { eventName: envelope.eventName, sessionId: envelope.sessionId, cwd: envelope.cwd });
  if (parsed.value.kind === 'ignored') {
    if (envelope.eventName === 'SessionEnd') await redactTranscript(envelope, run, facts);
    if (envelope.eventName === 'PermissionRequest') await rememberPermissionPrompt(envelope, run);
    return { kind: 'ignored', output: {} };
  }
  const { eventName, call } = parsed.value;
  facts.tool = call.tool;
  if (call.event.kind === 'tool-output') facts.toolResponse = { value: call.event.response };
  facts.input = eventName === 'PreToolUse' ? summarizeToolInput(call.tool, envelope.toolInput) : '';

  const { environment } = run;
  const prepared = await prepare(envelope.cwd, environment);
  const { policy, auditDir } = prepared;
  const budgetMs = policy.hook.budgetMs.value;
  Object.assign(facts, { auditDir, maxFileBytes: policy.audit.maxFileBytes.value, budgetMs });
  run.onBudget?.(budgetMs);
  const deadline = new Deadline(budgetMs, run.startedAt);
  deadline.check('loading the policy');
  injectFault(run, budgetMs);

  const context = judgeContext(envelope.cwd, prepared, environment, deadline);
  const audit = (entry: Pick<AuditEntry, 'input' | 'decision' | 'rule' | 'reason'>) => {
    if (!policy.audit.enabled.value) return;
    const where = {
      session: envelope.sessionId,
      agent: AGENT,
      event: eventName,
      tool: call.tool,
      cwd: envelope.cwd,
    };
    record({ ...where, ...entry }, auditDir, policy.audit.maxFileBytes.value, deadline);
  };
  if (call.event.kind === 'tool-output') {
    // The tool ran: if bulwark had asked about it, the user said yes.
    const asked =
      policy.audit.enabled.value && hasPendingAsks(auditDir)
        ? (envelope.toolUseId && takeAsk(auditDir, envelope.sessionId, envelope.toolUseId)) ||
          takeAsk(auditDir, envelope.sessionId, promptKey(call.tool, envelope.toolInput))
        : undefined;
    if (asked) {
      audit({
        input: asked.input,
        decision: 'approved',
        rule: asked.rule,
        reason:
          asked.rule === PERMISSION_PROMPT
            ? 'the user approved this call at Claude Code’s permission prompt (it ran)'
            : 'the user approved this call when bulwark asked (it ran)',
      });
    }
    const checked = await checkToolOutput(call.tool, call.event.response, policy, context, environment);
    if (!checked) return { kind: 'ignored', output: {} };
    audit({
      input: summarizeToolInput(call.tool, envelope.toolInput, await engineRedactor()),
      decision: 'redacted',
      rule: checked.ruleId,
      reason: checked.messages.user,
    });
    return { kind: 'ignored', output: renderRedaction(call.tool, checked.response, checked.messages) };
  }
  const judged = await judge(call, policy, context);
  deadline.check('judging the tool call');
  // What goes to the log and back to the agent passes through the secrets engine whenever the
  // input may hold a secret: a reason may quote the input (a denied URL with its query string).
  const redactor = await redactorFor(envelope.toolInput);
  facts.input = eventName === 'PreToolUse' ? summarizeToolInput(call.tool, envelope.toolInput, redactor) : '';
  const decision = { ...judged, reason: redactor(judged.reason) };
  audit({ input: facts.input, decision: decision.outcome, rule: decision.ruleId, reason: decision.reason });
  const { toolUseId } = envelope;
  if (decision.outcome === 'ask' && eventName === 'PreToolUse' && toolUseId && policy.audit.enabled.value) {
    // Only feeds `bulwark suggest`: a marker that cannot be written changes nothing about the ask.
    rememberAsk(auditDir, envelope.sessionId, toolUseId, { input: facts.input, rule: decision.ruleId });
  }
  return { kind: 'answered', eventName, decision, output: renderDecision(eventName, decision) };
}

interface CheckedOutput {
  /** The output to give the model instead: redacted, or withheld when it could not be checked. */
  response: unknown;
  ruleId: string;
  messages: { user: string; model: string };
}

/** PostToolUse: undefined when the output holds no secret. */
async function checkToolOutput(
  tool: string,
  response: unknown,
  policy: EffectivePolicy,
  context: JudgeContext,
  environment: Environment,
): Promise<CheckedOutput | undefined> {
  try {
    if (environment.vars.BULWARK_TEST_FAULT === 'crash-secrets')
      throw new Error('injected crash (crash-secrets)');
    const engine = await loadSecretsEngine();
    const redacted = engine.redactToolResponse(response, policy, context);
    context.deadline.check('redacting the tool output');
    if (redacted.response === undefined) return undefined;
    return {
      response: redacted.response,
      ruleId: redacted.matches[0]?.rule.id ?? 'secrets',
      messages: engine.outputMessages(tool, redacted.matches),
    };
  } catch (error) {
    // Output that could not be checked is withheld, not passed on: a block would not hide it.
    return {
      response: withheld(response),
      ruleId: 'hook.unchecked-output',
      messages: {
        user: `bulwark withheld the output of ${tool} from the model because it could not check it for secrets (${errorMessage(error)}).`,
        model: `bulwark withheld this ${tool} output: it could not be checked for secrets. Ask the user for what you need from it.`,
      },
    };
  }
}

async function engineRedactor(): Promise<Redactor> {
  const engine = await loadSecretsEngine();
  return (text) => redact(engine.redactText(text, false).text);
}

/**
 * The secrets engine when this event loaded it already or its input looks like it may hold a
 * secret (loading it for every file path would cost every call); else the stop-gap patterns.
 */
async function redactorFor(input: unknown): Promise<Redactor> {
  const values = typeof input === 'object' && input !== null ? Object.values(input) : [input];
  const text = values.map((value) => (typeof value === 'string' ? value : boundedJson(value))).join('\n');
  if (loadedSecretsEngine() || mayHoldSecret(text)) return engineRedactor();
  return redact;
}

/**
 * SessionEnd: Claude Code writes every prompt to the transcript, a blocked one included; the
 * ending session's transcript is rewritten without its secrets. Only a transcript under Claude
 * Code's own projects folder is touched.
 */
async function redactTranscript(envelope: HookEnvelope, run: HookRun, facts: EventFacts): Promise<void> {
  const path = envelope.transcriptPath;
  const projects = join(claudeConfigDir(run.environment.home, run.environment.vars), 'projects');
  if (!path || !isAbsolute(path) || !path.endsWith('.jsonl')) return;
  const real = realpathOrUndefined(path);
  const realProjects = realpathOrUndefined(projects);
  if (!real || !realProjects || !real.startsWith(`${realProjects}/`) || real !== path) return;
  const prepared = await prepare(
    envelope.cwd.startsWith('/') ? envelope.cwd : run.environment.home,
    run.environment,
  );
  Object.assign(facts, {
    auditDir: prepared.auditDir,
    maxFileBytes: prepared.policy.audit.maxFileBytes.value,
  });
  const engine = await loadSecretsEngine();
  const result = engine.redactFile(path, { write: true });
  if (!result.rewritten || !prepared.policy.audit.enabled.value) return;
  const deadline = new Deadline(prepared.policy.hook.budgetMs.value * 10, run.startedAt);
  record(
    {
      session: envelope.sessionId,
      agent: AGENT,
      event: 'SessionEnd',
      tool: 'transcript',
      input: summarize(path),
      decision: 'redacted',
      rule: result.matches[0]?.rule.id,
      reason: `removed ${result.matches.length} secret(s) from the session transcript`,
      cwd: envelope.cwd,
    },
    prepared.auditDir,
    prepared.policy.audit.maxFileBytes.value,
    deadline,
  );
}

/** Claude Code's own permission prompts (bulwark had no objection), recorded as approvals too. */
const PERMISSION_PROMPT = 'claude-code.permission-prompt';

/** A PermissionRequest carries no tool_use_id: the call is known by its tool and input. */
function promptKey(tool: string, input: unknown): string {
  return `prompt\0${tool}\0${sha256Hex(boundedJson(input))}`;
}

/**
 * PermissionRequest: Claude Code is about to ask the user (bulwark answers nothing, so the dialog
 * shows as usual). If the call then runs, its PostToolUse finds this marker and records the
 * approval, which is what `bulwark suggest` proposes allow rules from.
 */
async function rememberPermissionPrompt(envelope: HookEnvelope, run: HookRun): Promise<void> {
  const tool = envelope.toolName;
  if (!tool || !envelope.cwd.startsWith('/')) return;
  const prepared = await prepare(envelope.cwd, run.environment);
  if (!prepared.policy.audit.enabled.value) return;
  const input = summarizeToolInput(tool, envelope.toolInput, await redactorFor(envelope.toolInput));
  rememberAsk(prepared.auditDir, envelope.sessionId, promptKey(tool, envelope.toolInput), {
    input,
    rule: PERMISSION_PROMPT,
  });
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

export function record(entry: AuditEntry, dir: string, maxFileBytes: number, deadline: Deadline): void {
  try {
    appendAuditRecord(entry, { dir, maxFileBytes, deadline });
  } catch (error) {
    if (error instanceof BudgetExceeded) throw error;
    throw new AuditUnavailable(dir, error);
  }
}
