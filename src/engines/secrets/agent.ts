// The secrets engine on the agent's paths: a prompt with a secret is not sent, a file write or a
// command that carries one is refused, tool output that shows one is redacted before the model
// reads it, and the session transcript is cleaned when the session ends.
import { type Decision, decide, type Outcome } from '../../core/decision';
import type { ToolCall } from '../../core/events';
import type { EffectivePolicy } from '../../policy/types';
import type { JudgeContext } from '../context';
import { detectSecrets } from './detect';
import { placeholderFor, redactMatches } from './findings';
import { redactJson } from './redact-json';
import { PolicyAllowlist } from './suppress';
import type { SecretMatch } from './types';

export { redactFile, redactText } from './redact-file';

/** What one text holds, after the policy's allowlist. */
function secretsIn(
  text: string,
  path: string | undefined,
  policy: EffectivePolicy,
  context: Pick<JudgeContext, 'home' | 'projectRoot' | 'deadline'>,
): SecretMatch[] {
  const matches = detectSecrets(text, { path, deadline: context.deadline });
  if (matches.length === 0 || policy.secrets.allow.length === 0) return matches;
  const allowlist = new PolicyAllowlist(policy.secrets.allow, context);
  return matches.filter((match) => !allowlist.suppression(match, path));
}

function listing(matches: readonly SecretMatch[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const match of matches) {
    const placeholder = placeholderFor(match);
    if (seen.has(placeholder)) continue;
    seen.add(placeholder);
    lines.push(`${match.rule.title} ${placeholder}`);
  }
  return lines.slice(0, 5).join('; ') + (lines.length > 5 ? `; and ${lines.length - 5} more` : '');
}

function rotation(matches: readonly SecretMatch[]): string {
  const pages = [...new Set(matches.map((match) => `${match.rule.provider}: ${match.rule.rotate}`))];
  return pages.slice(0, 3).join(', ');
}

function variables(matches: readonly SecretMatch[]): string {
  return [...new Set(matches.map((match) => match.rule.envVar))].slice(0, 3).join(', ');
}

/** Low-confidence (generic) findings ask; anything surer denies. */
function outcomeFor(matches: readonly SecretMatch[]): Outcome {
  return matches.some((match) => match.confidence !== 'low') ? 'deny' : 'ask';
}

function secretDecision(matches: readonly SecretMatch[], outcome: Outcome, reason: string): Decision {
  const first = matches.find((match) => match.confidence !== 'low') ?? matches[0];
  return decide({ engine: 'secrets', outcome, ruleId: first?.rule.id, reason });
}

function promptDecision(matches: readonly SecretMatch[]): Decision {
  return secretDecision(
    matches,
    'deny',
    `bulwark stopped this prompt: it contains ${listing(matches)}. It was not sent to the model. ` +
      `To give the agent access without pasting the value: set it as an environment variable (for example ${variables(matches)}) ` +
      `in the shell that starts Claude Code, and write only the variable's NAME in CLAUDE.md ("use $${matches[0]?.rule.envVar} for ..."). ` +
      'Claude Code has already saved the prompt to its session transcript on this machine: bulwark removes it from there when the session ends ' +
      '(or now: bulwark scan --agent-history --redact). ' +
      `If the value may have been copied anywhere else, treat it as compromised and rotate it (${rotation(matches)}).`,
  );
}

function writeDecision(matches: readonly SecretMatch[], path: string): Decision {
  return secretDecision(
    matches,
    outcomeFor(matches),
    `bulwark: this would write ${listing(matches)} into ${path}. A secret in a file ends up in git, backups and every tool that reads the file. ` +
      `Instead: read it at run time from an environment variable (${variables(matches)}: process.env.NAME, os.environ["NAME"]) ` +
      'and let the user put the value in a gitignored .env or a secret manager themselves. ' +
      `If this value is real it is already in the conversation: tell the user to rotate it (${rotation(matches)}).`,
  );
}

function commandDecision(matches: readonly SecretMatch[]): Decision {
  return secretDecision(
    matches,
    outcomeFor(matches),
    `bulwark: this command carries ${listing(matches)} as literal text, which lands in the transcript, shell history and process list. ` +
      `Instead: refer to it through an environment variable the user sets ("$${matches[0]?.rule.envVar}"), never by value. ` +
      `If this value is real it is already in the conversation: tell the user to rotate it (${rotation(matches)}).`,
  );
}

/** What leaves through a URL or an MCP call: the same as a write, to somewhere else. */
function sendDecision(matches: readonly SecretMatch[], what: string): Decision {
  return secretDecision(
    matches,
    outcomeFor(matches),
    `bulwark: ${what} carries ${listing(matches)} as literal text; it would leave this machine and stay in the conversation. ` +
      `Instead: let the tool or server read the credential from its own configuration or an environment variable (${variables(matches)}). ` +
      `If this value is real it is already in the conversation: tell the user to rotate it (${rotation(matches)}).`,
  );
}

/** Every string in a tool's input (MCP input is free-form JSON), nested at most 32 deep. */
function stringsOf(value: unknown, depth = 0, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (depth < 32 && typeof value === 'object' && value !== null) {
    for (const item of Array.isArray(value) ? value : Object.values(value)) stringsOf(item, depth + 1, out);
  }
  return out;
}

/** Past this many distinct secrets, looking each up in the old text costs more than it is worth. */
const LOOKUPS = 16;

/**
 * Text a file write adds: what an edit removes, or the file already holds, is not new. The old
 * text is scanned once; a secret the scan did not find there is looked up as text, a few at most.
 */
function addedSecrets(
  matches: SecretMatch[],
  before: string | undefined,
  path: string,
  context: Pick<JudgeContext, 'deadline'>,
): SecretMatch[] {
  if (!before) return matches;
  const known = new Set(
    detectSecrets(before, { path, deadline: context.deadline }).map((match) => match.secret),
  );
  const unknown = new Set(matches.map((match) => match.secret).filter((secret) => !known.has(secret)));
  const present = new Set(
    unknown.size <= LOOKUPS ? [...unknown].filter((secret) => before.includes(secret)) : [],
  );
  return matches.filter((match) => !known.has(match.secret) && !present.has(match.secret));
}

const EXISTING_FILE_LIMIT = 4 * 1024 * 1024;

export function judgeSecrets(
  call: ToolCall,
  policy: EffectivePolicy,
  context: JudgeContext,
): Decision | undefined {
  const event = call.event;
  switch (event.kind) {
    case 'prompt': {
      const matches = secretsIn(event.text, undefined, policy, context);
      return matches.length ? promptDecision(matches) : undefined;
    }
    case 'file-write': {
      if (event.content === undefined) return undefined;
      const found = secretsIn(event.content, event.path, policy, context);
      if (found.length === 0) return undefined;
      const before =
        event.mode === 'edit' ? event.replaced : context.fs.readText(event.path, EXISTING_FILE_LIMIT);
      const added = addedSecrets(found, before, event.path, context);
      return added.length ? writeDecision(added, event.path) : undefined;
    }
    case 'shell': {
      const matches = secretsIn(event.command, undefined, policy, context);
      return matches.length ? commandDecision(matches) : undefined;
    }
    case 'fetch': {
      const matches = secretsIn(event.url, undefined, policy, context);
      return matches.length ? sendDecision(matches, 'this URL') : undefined;
    }
    case 'mcp': {
      const matches = stringsOf(event.input).flatMap((text) => secretsIn(text, undefined, policy, context));
      return matches.length
        ? sendDecision(matches, `this call to the MCP server ${event.server}`)
        : undefined;
    }
    default:
      return undefined;
  }
}

export interface RedactedOutput {
  /** The response in its own shape, secrets replaced; undefined when there was nothing to redact. */
  response?: unknown;
  matches: SecretMatch[];
}

/** Every string in a tool's response, wherever it sits, with its secrets replaced. */
export function redactToolResponse(
  response: unknown,
  policy: EffectivePolicy,
  context: Pick<JudgeContext, 'home' | 'projectRoot' | 'deadline'>,
): RedactedOutput {
  const matches: SecretMatch[] = [];
  const text = (value: string) => {
    const found = secretsIn(value, undefined, policy, context);
    if (found.length === 0) return value;
    matches.push(...found);
    return redactMatches(value, found);
  };
  const redacted = redactJson(response, text);
  return matches.length ? { response: redacted, matches } : { matches };
}

export function outputMessages(
  tool: string,
  matches: readonly SecretMatch[],
): { user: string; model: string } {
  return {
    user:
      `bulwark redacted ${listing(matches)} from the output of ${tool} before the model read it. ` +
      `The value was printed on this machine and may be in logs or telemetry: rotate it now (${rotation(matches)}).`,
    model:
      `bulwark replaced ${matches.length === 1 ? 'a secret' : `${matches.length} secrets`} in this ${tool} output with [REDACTED ...] placeholders. ` +
      `Do not try to print or read the value another way; refer to it through its environment variable (${variables(matches)}).`,
  };
}
