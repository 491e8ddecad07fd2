// Claude Code hook input → agent-neutral events. The only place that knows Claude Code's field
// names (see ../shared/reference/claude-code.md §1.2, §1.3 and §2).

import { err, ok, type Result } from '../../core/errors';
import type { AgentEvent, ToolCall } from '../../core/events';

// Tool output (a Read of a large file) must be checked, not refused: outputs up to this size are.
export const MAX_EVENT_BYTES = 8 * 1024 * 1024;

const JUDGED_EVENTS = ['PreToolUse', 'PostToolUse', 'UserPromptSubmit'] as const;
export type HookEventName = (typeof JUDGED_EVENTS)[number];

function isJudged(eventName: string): eventName is HookEventName {
  return (JUDGED_EVENTS as readonly string[]).includes(eventName);
}

export interface HookEnvelope {
  eventName: string;
  sessionId: string;
  cwd: string;
  toolName?: string;
  toolInput?: unknown;
  /** The session's transcript (JSON Lines), as Claude Code names it. */
  transcriptPath?: string;
  /** PreToolUse and PostToolUse of one tool call carry the same id. */
  toolUseId?: string;
}

export type ParsedHookEvent =
  | { kind: 'judged'; eventName: HookEventName; envelope: HookEnvelope; call: ToolCall }
  /** Events bulwark has nothing to say about (SessionStart, Stop, ...). */
  | { kind: 'ignored'; envelope: HookEnvelope };

export type InputProblem = {
  ruleId: 'hook.invalid-json' | 'hook.too-large' | 'hook.bad-shape';
  detail: string;
  eventName?: string;
};

export const TOO_LARGE: InputProblem = {
  ruleId: 'hook.too-large',
  detail: `the event is larger than ${MAX_EVENT_BYTES} bytes`,
};

/** Tools of Claude Code's own that touch nothing outside the conversation. */
const INTERNAL_TOOLS = new Set([
  'Agent',
  'Task',
  'TodoWrite',
  'TodoRead',
  'AskUserQuestion',
  'ExitPlanMode',
  'EnterPlanMode',
  'EnterWorktree',
  'ExitWorktree',
  'BashOutput',
  'TaskOutput',
  'KillShell',
  'KillBash',
  'TaskStop',
  'TaskCreate',
  'TaskGet',
  'TaskUpdate',
  'TaskList',
  'ListMcpResourcesTool',
  'Skill',
  'SlashCommand',
  'ToolSearch',
  'SendUserMessage',
  'Brief',
  'ListAgents',
  'ListPeers',
  'LSP',
]);

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class ShapeError extends Error {}

function text(input: Fields, field: string, tool: string): string {
  const value = input[field];
  if (typeof value !== 'string') {
    throw new ShapeError(
      `${tool} input without a string tool_input.${field} (got ${value === undefined ? 'nothing' : typeof value})`,
    );
  }
  return value;
}

function optionalText(input: Fields, field: string, tool: string): string | undefined {
  return input[field] === undefined || input[field] === null ? undefined : text(input, field, tool);
}

type Translate = (input: Fields, tool: string) => AgentEvent;

/** The tools bulwark guards, and how each one's input becomes an event. */
const GUARDED: Readonly<Record<string, Translate>> = {
  Bash: (input, tool) => ({ kind: 'shell', command: text(input, 'command', tool), dialect: 'bash' }),
  PowerShell: (input, tool) => ({
    kind: 'shell',
    command: text(input, 'command', tool),
    dialect: 'powershell',
  }),
  Monitor: (input, tool) => {
    const command = optionalText(input, 'command', tool);
    return command === undefined ? { kind: 'internal' } : { kind: 'shell', command, dialect: 'bash' };
  },
  Read: (input, tool) => ({ kind: 'file-read', path: text(input, 'file_path', tool) }),
  Write: (input, tool) => ({
    kind: 'file-write',
    path: text(input, 'file_path', tool),
    mode: 'replace',
    content: text(input, 'content', tool),
  }),
  Edit: (input, tool) => ({
    kind: 'file-write',
    path: text(input, 'file_path', tool),
    mode: 'edit',
    content: text(input, 'new_string', tool),
    replaced: optionalText(input, 'old_string', tool),
  }),
  MultiEdit: (input, tool) => {
    const edits = input.edits;
    if (!Array.isArray(edits) || !edits.every(isObject)) {
      throw new ShapeError('MultiEdit input whose edits is not a list of objects');
    }
    return {
      kind: 'file-write',
      path: text(input, 'file_path', tool),
      mode: 'edit',
      content: edits.map((edit) => text(edit, 'new_string', tool)).join('\n'),
      replaced: edits.map((edit) => optionalText(edit, 'old_string', tool) ?? '').join('\n'),
    };
  },
  NotebookEdit: (input, tool) => ({
    kind: 'file-write',
    path: text(input, 'notebook_path', tool),
    mode: 'edit',
    content: optionalText(input, 'new_source', tool),
  }),
  Glob: (input, tool) => ({
    kind: 'file-search',
    reads: 'names',
    pattern: text(input, 'pattern', tool),
    root: optionalText(input, 'path', tool),
  }),
  Grep: (input, tool) => ({
    kind: 'file-search',
    reads: 'contents',
    pattern: text(input, 'pattern', tool),
    root: optionalText(input, 'path', tool),
    include: optionalText(input, 'glob', tool),
  }),
  WebFetch: (input, tool) => ({ kind: 'fetch', url: text(input, 'url', tool) }),
  WebSearch: (input, tool) => {
    const domains = input.allowed_domains ?? [];
    if (!Array.isArray(domains) || !domains.every((d) => typeof d === 'string')) {
      throw new ShapeError('WebSearch input whose allowed_domains is not a list of strings');
    }
    return { kind: 'web-search', query: text(input, 'query', tool), domains };
  },
};

/** PreToolUse: what the tool is about to do. Throws ShapeError for a guarded tool's odd input. */
function toolEvent(tool: string, input: unknown): AgentEvent {
  if (tool.startsWith('mcp__')) {
    return { kind: 'mcp', server: tool.split('__')[1] ?? '', input };
  }
  if (tool === 'ReadMcpResourceTool') {
    // Reads an MCP server's resource by URI (file:///..., https://...): judged like an MCP call.
    const server = isObject(input) && typeof input.server === 'string' ? input.server : '';
    return { kind: 'mcp', server, input };
  }
  if (INTERNAL_TOOLS.has(tool)) return { kind: 'internal' };
  const translate = Object.hasOwn(GUARDED, tool) ? GUARDED[tool] : undefined;
  if (!translate) return { kind: 'unknown-tool' };
  if (!isObject(input)) throw new ShapeError(`${tool} event without a tool_input object`);
  return translate(input, tool);
}

export function parseHookEvent(raw: string): Result<ParsedHookEvent, InputProblem> {
  if (Buffer.byteLength(raw, 'utf8') > MAX_EVENT_BYTES) return err(TOO_LARGE);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    const detail = raw.trim() === '' ? 'stdin was empty' : `stdin is not JSON (${(error as Error).message})`;
    return err({ ruleId: 'hook.invalid-json', detail });
  }
  if (!isObject(json)) return err({ ruleId: 'hook.bad-shape', detail: 'the event is not a JSON object' });
  const eventName = json.hook_event_name;
  if (typeof eventName !== 'string') {
    return err({ ruleId: 'hook.bad-shape', detail: 'the event has no string hook_event_name' });
  }
  const envelope: HookEnvelope = {
    eventName,
    sessionId: typeof json.session_id === 'string' ? json.session_id : 'unknown',
    cwd: typeof json.cwd === 'string' ? json.cwd : '',
    toolName: typeof json.tool_name === 'string' ? json.tool_name : undefined,
    toolInput: json.tool_input,
    transcriptPath: typeof json.transcript_path === 'string' ? json.transcript_path : undefined,
    toolUseId: typeof json.tool_use_id === 'string' && json.tool_use_id !== '' ? json.tool_use_id : undefined,
  };
  if (!isJudged(eventName)) return ok({ kind: 'ignored', envelope });
  const problem = (detail: string) => err<InputProblem>({ ruleId: 'hook.bad-shape', detail, eventName });
  if (!envelope.cwd.startsWith('/')) return problem(`${eventName} event without an absolute cwd`);
  try {
    if (eventName === 'UserPromptSubmit') {
      const prompt = json.prompt;
      if (typeof prompt !== 'string') return problem('UserPromptSubmit event without a string prompt');
      return ok({
        kind: 'judged',
        eventName,
        envelope,
        call: { tool: 'UserPromptSubmit', event: { kind: 'prompt', text: prompt } },
      });
    }
    const tool = envelope.toolName;
    if (tool === undefined || tool === '') return problem(`${eventName} event without a tool_name`);
    const event: AgentEvent =
      eventName === 'PreToolUse'
        ? toolEvent(tool, json.tool_input)
        : { kind: 'tool-output', response: json.tool_response };
    return ok({ kind: 'judged', eventName, envelope, call: { tool, event } });
  } catch (error) {
    if (error instanceof ShapeError) return problem(error.message);
    throw error;
  }
}
