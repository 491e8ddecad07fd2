// `bulwark explain` (and the rule cases) judge a tool call described as `--tool Read ~/.ssh/id_rsa`
// by building the hook event Claude Code would send and running the hook's own path on it.
import { isAbsolute, resolve } from 'node:path';
import { Deadline } from '../../core/deadline';
import type { Decision } from '../../core/decision';
import { UserError } from '../../core/errors';
import type { ToolCall } from '../../core/events';
import { expandHome } from '../../engines/files/paths';
import { judge } from '../../engines/judge';
import type { Environment } from '../../policy/locate';
import type { EffectivePolicy } from '../../policy/types';
import { type HookEventName, parseHookEvent } from './input';
import { type HookOutput, renderDecision } from './output';
import { judgeContext, prepare } from './setup';

/** The tool input Claude Code would send for `tool` aimed at `target`. */
export function toolInputFor(
  tool: string,
  target: string | undefined,
  cwd: string,
  home: string,
): Record<string, unknown> {
  const path = () => {
    if (target === undefined)
      throw new UserError(`${tool} needs a path`, `bulwark explain --tool ${tool} <path>`);
    const expanded = expandHome(target, home);
    return isAbsolute(expanded) ? expanded : resolve(cwd, expanded);
  };
  const value = target ?? '';
  switch (tool) {
    case 'Bash':
    case 'PowerShell':
      return { command: value };
    case 'Read':
      return { file_path: path() };
    case 'Write':
      return { file_path: path(), content: '' };
    case 'Edit':
      return { file_path: path(), old_string: '', new_string: '' };
    case 'MultiEdit':
      return { file_path: path(), edits: [] };
    case 'NotebookEdit':
      return { notebook_path: path(), new_source: '' };
    case 'Glob':
      return { pattern: value || '**/*' };
    case 'Grep':
      return target === undefined ? { pattern: '.' } : { pattern: '.', path: path() };
    case 'WebFetch':
      return { url: value, prompt: 'explain' };
    case 'WebSearch':
      return { query: value };
    default:
      if (!target) return {};
      try {
        const parsed = JSON.parse(target) as unknown;
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
          return parsed as Record<string, unknown>;
      } catch {
        // Not JSON: passed as a single value below.
      }
      return { value: target };
  }
}

export function defaultTool(target: string | undefined): string {
  return target && /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? 'WebFetch' : 'Bash';
}

export interface Explanation {
  call: ToolCall;
  eventName: HookEventName;
  decision: Decision;
  /** Exactly what the hook would print. */
  output: HookOutput;
  policy: EffectivePolicy;
  projectRoot: string;
  auditDir: string;
}

/** Judges a raw hook event the way the hook would, without recording it in the audit log. */
export async function explainEvent(event: unknown, environment: Environment): Promise<Explanation> {
  const parsed = parseHookEvent(JSON.stringify(event));
  if (!parsed.ok) throw new UserError(`the event cannot be judged: ${parsed.error.detail}`);
  if (parsed.value.kind !== 'judged') {
    throw new UserError(`bulwark does not judge ${parsed.value.envelope.eventName} events`);
  }
  const { eventName, call, envelope } = parsed.value;
  const prepared = await prepare(envelope.cwd, environment);
  const deadline = new Deadline(prepared.policy.hook.budgetMs.value);
  const decision = await judge(
    call,
    prepared.policy,
    judgeContext(envelope.cwd, prepared, environment, deadline),
  );
  return { call, eventName, decision, output: renderDecision(eventName, decision), ...prepared };
}

export interface ExplainRequest {
  tool: string;
  target?: string;
  input?: Record<string, unknown>;
  cwd: string;
}

export function explainToolCall(request: ExplainRequest, environment: Environment): Promise<Explanation> {
  const toolInput = {
    ...toolInputFor(request.tool, request.target, request.cwd, environment.home),
    ...request.input,
  };
  return explainEvent(
    {
      session_id: 'bulwark-explain',
      cwd: request.cwd,
      hook_event_name: 'PreToolUse',
      tool_name: request.tool,
      tool_input: toolInput,
    },
    environment,
  );
}
