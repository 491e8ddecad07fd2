// MCP tools take free-form input. Paths and URLs found in it get the file and web guards' hard
// denials only: MCP servers legitimately reach local services and files outside the project, so
// the asks for those would be noise.
import { combine, type Decision, noObjection } from '../core/decision';
import type { ToolCall } from '../core/events';
import type { EffectivePolicy } from '../policy/types';
import type { JudgeContext } from './context';
import { judgePath } from './files/evaluate';
import { judgeUrl } from './net/evaluate';

const MAX_STRINGS = 256;
const MAX_DEPTH = 8;
const MAX_STRING_LENGTH = 4096;
/** MCP tool names that say they change files rather than read them. */
const WRITING_TOOL =
  /(?:^|_)(?:write|edit|create|update|move|rename|delete|remove|put|save|append|upload|copy|mkdir)/i;

function collectStrings(value: unknown, depth: number, out: string[]): void {
  if (out.length >= MAX_STRINGS || depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    if (value.length <= MAX_STRING_LENGTH) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, depth + 1, out);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) collectStrings(item, depth + 1, out);
  }
}

function asPath(text: string): string | undefined {
  if (/[\n\r\0]/.test(text)) return undefined;
  if (text.startsWith('file://')) {
    try {
      return decodeURIComponent(new URL(text).pathname);
    } catch {
      return undefined;
    }
  }
  if (/^(?:\/|~\/|\.\.?\/)/.test(text)) return text;
  if (!/\s/.test(text) && !text.includes('://') && (text.includes('/') || /^\.\w/.test(text))) return text;
  return undefined;
}

export function judgeMcpInput(
  call: ToolCall & { event: { kind: 'mcp' } },
  policy: EffectivePolicy,
  context: JudgeContext,
) {
  const strings: string[] = [];
  collectStrings(call.event.input, 0, strings);
  const writes = WRITING_TOOL.test(call.tool.split('__').at(-1) ?? '');
  const denials: Decision[] = [];
  for (const text of strings) {
    const candidates: Decision[] = [];
    if (/^https?:\/\//i.test(text)) candidates.push(judgeUrl(text, policy));
    const path = asPath(text);
    if (path !== undefined) {
      candidates.push(judgePath(call.tool, path, 'read', policy, context));
      if (writes) candidates.push(judgePath(call.tool, path, 'write', policy, context));
    }
    for (const decision of candidates) {
      if (decision.outcome !== 'deny') continue;
      const reason = `The MCP tool ${call.tool} was given ${JSON.stringify(text)}. ${decision.reason}`;
      denials.push({ ...decision, reason, trace: decision.trace.map((step) => ({ ...step, reason })) });
    }
  }
  return denials.length
    ? combine(denials)
    : noObjection('tools', `no protected path or URL among the ${strings.length} strings of the MCP input`);
}
