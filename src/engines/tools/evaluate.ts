// Tool names against the policy's tools.deny / tools.ask lists, and tools bulwark does not know.
import {
  type Decision,
  describeSource,
  noObjection,
  type Outcome,
  verdictOutcome,
} from '../../core/decision';
import type { ToolCall } from '../../core/events';
import { nameMatches } from '../../core/glob';
import { ruleBook } from '../../core/rules';
import type { EffectivePolicy, Sourced } from '../../policy/types';
import rulesData from './rules.yaml';

export const TOOLS_RULE_IDS = ['tools.deny', 'tools.ask', 'tools.unknown', 'tools.mcp-unchecked'] as const;
export type ToolsRuleId = (typeof TOOLS_RULE_IDS)[number];

export const toolRules = ruleBook<ToolsRuleId>('tools', rulesData);

function fromList(id: ToolsRuleId, outcome: Outcome, tool: string, entry: Sourced<string>): Decision {
  const values = { tool, pattern: entry.value, source: describeSource(entry.source) };
  return toolRules.fire(id, outcome, values, entry.source);
}

export function judgeTool(call: ToolCall, policy: EffectivePolicy): Decision {
  const denied = policy.tools.deny.find((entry) => nameMatches(entry.value, call.tool));
  if (denied) return fromList('tools.deny', 'deny', call.tool, denied);
  const asked = policy.tools.ask.find((entry) => nameMatches(entry.value, call.tool));
  if (asked) return fromList('tools.ask', 'ask', call.tool, asked);
  const unknown = policy.tools.unknown;
  if (call.event.kind === 'unknown-tool' && unknown.value !== 'none') {
    return toolRules.fire(
      'tools.unknown',
      verdictOutcome(unknown.value),
      { tool: call.tool },
      unknown.source,
    );
  }
  return noObjection('tools', `no tool rule applies to ${call.tool}`);
}
