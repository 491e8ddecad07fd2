// `bulwark explain`: what the hook would decide for a tool call, and why.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  defaultTool,
  type Explanation,
  explainEvent,
  explainToolCall,
} from '../../adapters/claude-code/explain';
import { UserError } from '../../core/errors';
import type { Environment } from '../../policy/locate';
import { renderDecision } from '../../reporters/decision';

interface Options {
  tool?: string;
  input?: string;
  event?: string;
  cwd: string;
  json?: boolean;
}

function parseObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${what} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UserError(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

export async function explainCommand(
  target: string | undefined,
  options: Options,
  environment: Environment,
): Promise<number> {
  const cwd = resolve(options.cwd);
  let explanation: Explanation;
  if (options.event) {
    const text = readFileSync(options.event === '-' ? 0 : options.event, 'utf8');
    explanation = await explainEvent(parseObject(text, 'the event'), environment);
  } else {
    if (target === undefined && !options.tool) {
      throw new UserError(
        'nothing to explain',
        'bulwark explain --tool Read ~/.ssh/id_rsa   (see bulwark explain --help)',
      );
    }
    const input = options.input === undefined ? undefined : parseObject(options.input, '--input');
    explanation = await explainToolCall(
      { tool: options.tool ?? defaultTool(target), target, input, cwd },
      environment,
    );
  }
  const { call, decision, output, policy, projectRoot } = explanation;
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ tool: call.tool, event: call.event, decision, hookOutput: output }, null, 2)}\n`,
    );
    return 0;
  }
  const subject = `${call.tool} ${target ?? ''}`.trim();
  const layers = policy.layers.map((layer) => `${layer.layer} ${layer.state}`).join(', ');
  const footer = [
    `policy: profile ${policy.profile.value}; ${layers}; project ${projectRoot}`,
    `hook answer: ${JSON.stringify(output)}`,
  ];
  process.stdout.write(renderDecision(subject, decision, footer));
  return 0;
}
