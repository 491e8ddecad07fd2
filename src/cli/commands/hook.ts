// `bulwark hook claude-code [--batch]`: read hook events on stdin, answer on stdout.
import { type EventFacts, HookInputError, processHookEvent } from '../../adapters/claude-code/hook';
import { MAX_EVENT_BYTES } from '../../adapters/claude-code/input';
import type { HookOutput } from '../../adapters/claude-code/output';
import { BudgetExceeded } from '../../core/errors';
import type { Environment } from '../../policy/locate';
import { failClosed } from '../run';

/** Until the policy says otherwise (hook.budgetMs). */
const DEFAULT_BUDGET_MS = 3000;

interface Input {
  text: string;
  tooLarge: boolean;
}

interface Answer {
  output: HookOutput;
  stderr?: string;
  exitCode: 0 | 2;
}

async function answer(
  input: Input,
  environment: Environment,
  startedAt: number,
  facts: EventFacts,
  onBudget?: (ms: number) => void,
): Promise<Answer> {
  try {
    if (input.tooLarge) {
      throw new HookInputError({
        ruleId: 'hook.too-large',
        detail: `the event is larger than ${MAX_EVENT_BYTES} bytes`,
      });
    }
    const result = await processHookEvent(input.text, { environment, startedAt, onBudget }, facts);
    return { output: result.output, exitCode: 0 };
  } catch (error) {
    return failClosed(error, facts, environment);
  }
}

/** All of stdin, keeping at most `limit` bytes (the rest is read and dropped). */
async function readInput(stream: NodeJS.ReadableStream, limit: number): Promise<Input> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= limit) chunks.push(buffer);
  }
  return size > limit
    ? { text: '', tooLarge: true }
    : { text: Buffer.concat(chunks).toString('utf8'), tooLarge: false };
}

/** Lines of stdin, each kept up to `limit` bytes, so one huge line cannot exhaust memory. */
async function* readLines(stream: NodeJS.ReadableStream, limit: number): AsyncGenerator<Input> {
  let parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    let start = 0;
    for (;;) {
      const newline = buffer.indexOf(10, start);
      const end = newline < 0 ? buffer.length : newline;
      size += end - start;
      if (size <= limit) parts.push(buffer.subarray(start, end));
      if (newline < 0) break;
      yield size > limit
        ? { text: '', tooLarge: true }
        : { text: Buffer.concat(parts).toString('utf8'), tooLarge: false };
      parts = [];
      size = 0;
      start = newline + 1;
    }
  }
  if (size > 0)
    yield size > limit
      ? { text: '', tooLarge: true }
      : { text: Buffer.concat(parts).toString('utf8'), tooLarge: false };
}

function write(result: Answer): void {
  process.stdout.write(`${JSON.stringify(result.output)}\n`);
  if (result.stderr) process.stderr.write(result.stderr);
}

export async function runClaudeCodeHook(args: readonly string[], environment: Environment): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--batch');
  if (unknown.length > 0) {
    const error = new HookInputError({
      ruleId: 'hook.bad-shape',
      detail: `unknown option ${unknown.join(' ')} for \`bulwark hook claude-code\``,
    });
    const result = failClosed(error, {}, environment);
    write(result);
    return result.exitCode;
  }
  if (args.includes('--batch')) {
    let failed = false;
    for await (const line of readLines(process.stdin, MAX_EVENT_BYTES)) {
      if (!line.tooLarge && line.text.trim() === '') continue;
      const result = await answer(line, environment, performance.now(), {});
      failed ||= result.exitCode !== 0;
      write(result);
    }
    return failed ? 2 : 0;
  }

  // Engine work is synchronous and checks its own deadline; this watchdog covers the waits
  // (stdin, loading the policy compiler) that a deadline check cannot interrupt.
  const facts: EventFacts = {};
  let watchdog: NodeJS.Timeout | undefined;
  const arm = (budgetMs: number) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(
      () => {
        write(failClosed(new BudgetExceeded('waiting for input or loading the policy'), facts, environment));
        process.exit(2);
      },
      Math.max(0, budgetMs - performance.now()),
    );
  };
  arm(DEFAULT_BUDGET_MS);
  try {
    const input = await readInput(process.stdin, MAX_EVENT_BYTES);
    const result = await answer(input, environment, 0, facts, arm);
    write(result);
    return result.exitCode;
  } finally {
    clearTimeout(watchdog);
  }
}
