// MCP tools take free-form input. Paths and URLs found in it get the file and web guards' hard
// denials only: MCP servers legitimately reach local services and files outside the project, so
// the asks for those would be noise.
import { resolve } from 'node:path';
import { combine, type Decision, noObjection } from '../../core/decision';
import type { ToolCall } from '../../core/events';
import { summarize } from '../../core/redact';
import type { EffectivePolicy } from '../../policy/types';
import type { JudgeContext } from '../context';
import { judgePath } from '../files/evaluate';
import { judgeUrl } from '../net/evaluate';
import { toolRules } from './evaluate';

// Past these, the input is denied as unchecked rather than checked in part.
const MAX_STRINGS = 4096;
const MAX_DEPTH = 32;
/** Longer paths cannot be opened anyway (PATH_MAX); longer spellings are normalised first. */
const MAX_PATH = 4096;
/** MCP tool names that say they change files rather than read them. */
const WRITING_TOOL =
  /(?:^|_)(?:write|edit|create|update|move|rename|delete|remove|put|save|append|upload|copy|mkdir)/i;

type Collected = { strings: string[]; unchecked?: string };

function collectStrings(value: unknown, depth: number, out: Collected): void {
  if (out.unchecked) return;
  if (depth > MAX_DEPTH) out.unchecked = `nested deeper than ${MAX_DEPTH} levels`;
  else if (out.strings.length >= MAX_STRINGS) out.unchecked = `more than ${MAX_STRINGS} values`;
  else if (typeof value === 'string') out.strings.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, depth + 1, out);
  else if (value && typeof value === 'object')
    for (const item of Object.values(value)) collectStrings(item, depth + 1, out);
}

/** A string that names a file: absolute, home, relative with a slash, a dotfile, or a file: URL. */
function asPath(text: string): string | undefined {
  if (/[\n\r\0]/.test(text)) return undefined;
  if (/^\s*file:/i.test(text)) {
    try {
      return decodeURIComponent(new URL(text).pathname);
    } catch {
      return undefined;
    }
  }
  if (/^(?:\/|~\/|\.\.?\/)/.test(text)) return text.length > MAX_PATH ? resolve(text) : text;
  const relative = !/\s/.test(text) && !text.includes('://') && (text.includes('/') || /^\.\w/.test(text));
  return relative && text.length <= MAX_PATH ? text : undefined;
}

export function judgeMcpInput(
  call: ToolCall & { event: { kind: 'mcp' } },
  policy: EffectivePolicy,
  context: JudgeContext,
): Decision {
  const collected: Collected = { strings: [] };
  collectStrings(call.event.input, 0, collected);
  if (collected.unchecked) {
    return toolRules.fire('tools.mcp-unchecked', 'deny', { tool: call.tool, detail: collected.unchecked });
  }
  const writes = WRITING_TOOL.test(call.tool.split('__').at(-1) ?? '');
  const denials: Decision[] = [];
  for (const text of collected.strings) {
    const candidates: Decision[] = [];
    // WHATWG URL parsing, as the servers use it, also takes `http:host`, `HTTP:/host`, ` http://`.
    if (/^\s*https?:/i.test(text)) candidates.push(judgeUrl(text, policy));
    const path = asPath(text);
    if (path !== undefined) {
      candidates.push(judgePath(call.tool, path, 'read', policy, context));
      if (writes) candidates.push(judgePath(call.tool, path, 'write', policy, context));
    }
    for (const decision of candidates) {
      if (decision.outcome !== 'deny') continue;
      const reason = `The MCP tool ${call.tool} was given ${JSON.stringify(summarize(text, 200))}. ${decision.reason}`;
      denials.push({ ...decision, reason, trace: decision.trace.map((step) => ({ ...step, reason })) });
    }
  }
  const count = collected.strings.length;
  return denials.length
    ? combine(denials)
    : noObjection('tools', `no protected path or URL among the ${count} strings of the MCP input`);
}
