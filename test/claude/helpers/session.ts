// One `claude -p` session against the stand-in model: a temporary HOME and git project secured by
// the real `bulwark init`, the tools granted with --allowedTools so that only bulwark stands
// between the model and the action, and the client's JSON result plus every request it sent.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectOutput, createSandbox, runCli, type Sandbox } from '../../helpers/sandbox';
import { claudeBinary } from './client';
import { type RecordedRequest, startModelServer, type ToolCall, toolUseId } from './model-server';

const GRANTED_TOOLS = 'Bash,Read,Write,Edit,Glob,Grep,WebFetch';
const SESSION_TIMEOUT_MS = 120_000;

export interface ClaudeResult {
  type: string;
  subtype: string;
  is_error: boolean;
  result: string;
  permission_denials: Array<{ tool_name: string; tool_use_id: string; tool_input: unknown }>;
}

export interface ToolResult {
  text: string;
  isError: boolean;
}

export interface SessionOptions {
  /** The model's tool calls, one per turn; a function gets the sandbox, for absolute paths. */
  calls: readonly ToolCall[] | ((sandbox: Sandbox) => readonly ToolCall[]);
  prompt?: string;
  /** Rewrites the hook handlers `bulwark init` registered (the events and matchers stay). */
  handler?: HandlerRewrite;
  /**
   * bypassPermissions switches off the client's own protected paths (shell rc files, .claude/), so
   * that a denial there can only come from bulwark.
   */
  permissionMode?: 'bypassPermissions';
  /**
   * Keep the native permission rules `bulwark init` writes (Read/Edit denies of secret files, asks
   * for risky commands). Off by default: the client applies them before any hook runs, so a test
   * of bulwark's own hook would only see the client's refusal.
   */
  nativePermissions?: boolean;
  /** Runs after `bulwark init`, before the client starts. */
  prepare?: (sandbox: Sandbox) => void;
}

export interface Session {
  sandbox: Sandbox;
  exitCode: number | null;
  result: ClaudeResult;
  requests: RecordedRequest[];
  /** What Claude Code sent back to the model for the call of this turn. */
  toolResult(turn: number): ToolResult | undefined;
  /** Every byte the client sent to the model, as text. */
  sentText(): string;
  deniedIds(): string[];
}

export type HandlerRewrite = (registered: HookHandler, event: string, sandbox: Sandbox) => HookHandler;

export interface HookHandler {
  type: 'command';
  command: string;
  timeout?: number;
  onFailure?: 'block';
}

function rewriteHandlers(sandbox: Sandbox, rewrite: HandlerRewrite): void {
  const settingsFile = join(sandbox.project, '.claude', 'settings.json');
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
  for (const [event, groups] of Object.entries(
    settings.hooks as Record<string, Array<{ hooks: HookHandler[] }>>,
  )) {
    for (const group of groups) group.hooks = group.hooks.map((handler) => rewrite(handler, event, sandbox));
  }
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
}

/** A rewrite for one event's handlers only. */
export function onEvent(event: string, rewrite: (registered: HookHandler) => HookHandler): HandlerRewrite {
  return (registered, registeredFor) => (registeredFor === event ? rewrite(registered) : registered);
}

export type TestFault = 'crash' | 'kill' | 'exceed-budget' | 'hang';

/** bulwark's own command, with a test-only fault switched on for one event. */
export function faultOn(event: string, fault: TestFault): HandlerRewrite {
  return onEvent(event, (h) => ({ ...h, command: `BULWARK_TEST_FAULT=${fault} ${h.command}` }));
}

function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (part as { text?: string }).text ?? '').join('');
  return '';
}

function findToolResult(requests: readonly RecordedRequest[], id: string): ToolResult | undefined {
  for (const request of [...requests].reverse()) {
    const messages = (request.body as { messages?: Array<{ content?: unknown }> })?.messages ?? [];
    for (const message of messages) {
      if (!Array.isArray(message.content)) continue;
      for (const block of message.content as Array<Record<string, unknown>>) {
        if (block.type === 'tool_result' && block.tool_use_id === id) {
          return { text: blockText(block.content), isError: block.is_error === true };
        }
      }
    }
  }
  return undefined;
}

async function runClient(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  // Its own process group, so that a timeout also ends the hooks it started (a hanging one sleeps).
  const child = spawn(claudeBinary(), args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const timer = setTimeout(() => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, SESSION_TIMEOUT_MS);
  try {
    return await collectOutput(child);
  } finally {
    clearTimeout(timer);
  }
}

export async function runSession(options: SessionOptions): Promise<Session> {
  const sandbox = createSandbox();
  try {
    return await runIn(sandbox, options);
  } catch (error) {
    sandbox.cleanup();
    throw error;
  }
}

function removeNativePermissions(sandbox: Sandbox): void {
  const file = join(sandbox.project, '.claude', 'settings.json');
  const settings = JSON.parse(readFileSync(file, 'utf8'));
  delete settings.permissions;
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

async function runIn(sandbox: Sandbox, options: SessionOptions): Promise<Session> {
  const init = runCli(sandbox, ['init']);
  if (init.status !== 0) throw new Error(`bulwark init failed: ${init.stderr}`);
  if (!options.nativePermissions) removeNativePermissions(sandbox);
  if (options.handler) rewriteHandlers(sandbox, options.handler);
  options.prepare?.(sandbox);

  const calls = typeof options.calls === 'function' ? options.calls(sandbox) : options.calls;
  const server = await startModelServer(calls);
  try {
    const env: NodeJS.ProcessEnv = {
      ...sandbox.env,
      ANTHROPIC_BASE_URL: server.url,
      ANTHROPIC_API_KEY: 'sk-ant-api03-conformance-dummy',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
    };
    const prompt = options.prompt ?? 'Carry out the task.';
    const args = ['-p', prompt, '--output-format', 'json', '--allowedTools', GRANTED_TOOLS];
    if (options.permissionMode) {
      args.push('--permission-mode', options.permissionMode);
      // The client refuses bypassPermissions to root (CI runs as root) unless told it is sandboxed.
      env.IS_SANDBOX = '1';
    }
    const run = await runClient(args, sandbox.project, env);
    let result: ClaudeResult;
    try {
      result = JSON.parse(run.stdout);
    } catch {
      throw new Error(`claude printed no JSON result (exit ${run.status}): ${run.stdout}\n${run.stderr}`);
    }
    const requests = server.requests;
    return {
      sandbox,
      exitCode: run.status,
      result,
      requests,
      toolResult: (turn) => findToolResult(requests, toolUseId(turn)),
      sentText: () => requests.map((request) => JSON.stringify(request.body)).join('\n'),
      deniedIds: () => result.permission_denials.map((denial) => denial.tool_use_id),
    };
  } finally {
    await server.close();
  }
}
