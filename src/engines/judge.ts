// One tool call through every engine that has something to say about it; the strictest answer
// wins, and an explicit allow rule may then turn "no objection" into "allow".
import { combine, type Decision } from '../core/decision';
import type { AgentEvent, ToolCall } from '../core/events';
import type { EffectivePolicy } from '../policy/types';
import { applyAllowRules } from './allow';
import type { JudgeContext } from './context';
import { judgeFiles } from './files/evaluate';
import { judgeNet } from './net/evaluate';
import { loadSecretsEngine } from './secrets-engine';
import { judgeTool } from './tools/evaluate';
import { judgeMcpInput } from './tools/mcp';

/**
 * The shell engine (tree-sitter, the rule packs, inline-code analysers) is most of bulwark's code:
 * loaded only for shell commands, so that every other call starts as fast as before.
 */
function loadShellEngine() {
  return import('./shell/evaluate');
}

/** The engines' decisions, and for a shell line the commands it runs (for allow rules). */
interface EventJudgement {
  decisions: Decision[];
  commands?: string[][];
}

async function judgeEvent(
  call: ToolCall,
  policy: EffectivePolicy,
  context: JudgeContext,
): Promise<EventJudgement> {
  const event = call.event;
  switch (event.kind) {
    case 'file-write':
    case 'file-read':
    case 'file-search':
      return { decisions: [judgeFiles(call.tool, event, policy, context)] };
    case 'fetch':
    case 'web-search':
      return { decisions: [judgeNet(event, policy)] };
    case 'mcp':
      return { decisions: [judgeMcpInput({ tool: call.tool, event }, policy, context)] };
    case 'shell': {
      const shell = await loadShellEngine();
      const verdict = await shell.judgeShell(event.command, event.dialect, policy, context);
      return { decisions: [verdict.decision], commands: verdict.commands };
    }
    case 'prompt':
    case 'tool-output':
    case 'internal':
    case 'unknown-tool':
      return { decisions: [] };
  }
}

/** What the agent sends somewhere (a prompt, a file, a command, a URL, an MCP call) may carry a secret. */
const CARRIES_TEXT: ReadonlySet<AgentEvent['kind']> = new Set([
  'prompt',
  'file-write',
  'shell',
  'fetch',
  'mcp',
]);

async function judgeSecretsIn(
  call: ToolCall,
  policy: EffectivePolicy,
  context: JudgeContext,
): Promise<Decision[]> {
  if (!CARRIES_TEXT.has(call.event.kind)) return [];
  const decision = (await loadSecretsEngine()).judgeSecrets(call, policy, context);
  return decision ? [decision] : [];
}

export async function judge(
  call: ToolCall,
  policy: EffectivePolicy,
  context: JudgeContext,
): Promise<Decision> {
  context.deadline.check('judging the tool call');
  const judged = await judgeEvent(call, policy, context);
  const secrets = await judgeSecretsIn(call, policy, context);
  const decision = combine([judgeTool(call, policy), ...judged.decisions, ...secrets]);
  return applyAllowRules(decision, call, policy, context, judged.commands);
}
