// One tool call through every engine that has something to say about it; the strictest answer
// wins, and an explicit allow rule may then turn "no objection" into "allow".
import { combine, type Decision } from '../core/decision';
import type { ToolCall } from '../core/events';
import type { EffectivePolicy } from '../policy/types';
import { applyAllowRules } from './allow';
import type { JudgeContext } from './context';
import { judgeFiles } from './files/evaluate';
import { judgeNet } from './net/evaluate';
import { judgeShell } from './shell/evaluate';
import { judgeTool } from './tools/evaluate';
import { judgeMcpInput } from './tools/mcp';

function judgeEvent(call: ToolCall, policy: EffectivePolicy, context: JudgeContext): Decision[] {
  const event = call.event;
  switch (event.kind) {
    case 'file-read':
    case 'file-write':
    case 'file-search':
      return [judgeFiles(call.tool, event, policy, context)];
    case 'fetch':
    case 'web-search':
      return [judgeNet(event, policy)];
    case 'mcp':
      return [judgeMcpInput({ tool: call.tool, event }, policy, context)];
    case 'shell':
      return [judgeShell(event.command, event.dialect, policy, context)];
    case 'prompt':
    case 'tool-output':
    case 'internal':
    case 'unknown-tool':
      return [];
  }
}

export function judge(call: ToolCall, policy: EffectivePolicy, context: JudgeContext): Decision {
  context.deadline.check('judging the tool call');
  const decision = combine([judgeTool(call, policy), ...judgeEvent(call, policy, context)]);
  return applyAllowRules(decision, call, policy, context);
}
