// `bulwark hook claude-code [--batch]`: read hook events on stdin, answer on stdout.
import { readSync, writeSync } from 'node:fs';
import { type EventFacts, HookInputError, processHookEvent } from '../../adapters/claude-code/hook';
import { MAX_EVENT_BYTES, TOO_LARGE } from '../../adapters/claude-code/input';
import type { HookOutput } from '../../adapters/claude-code/output';
import { sinceStart, sleepSync } from '../../core/deadline';
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
    if (input.tooLarge) throw new HookInputError(TOO_LARGE);
    const result = await processHookEvent(input.text, { environment, startedAt, onBudget }, facts);
    return { output: result.output, exitCode: 0 };
  } catch (error) {
    return failClosed(error, facts, environment);
  }
}

/** Keeps at most `limit` bytes of what it is given; the rest is read and dropped. */
class BoundedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}
  add(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size <= this.limit) this.chunks.push(chunk);
  }
  input(): Input {
    return this.size > this.limit
      ? { text: '', tooLarge: true }
      : { text: Buffer.concat(this.chunks).toString('utf8'), tooLarge: false };
  }
}

/**
 * All of stdin. Read synchronously (a stream costs the hook several milliseconds to set up); a
 * non-blocking stdin (EAGAIN) is finished through the stream instead.
 */
async function readInput(limit: number): Promise<Input> {
  const buffer = new BoundedBuffer(limit);
  const chunk = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    let read: number;
    try {
      read = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EOF') break;
      if (code !== 'EAGAIN') throw error;
      for await (const rest of process.stdin) buffer.add(rest as Buffer);
      break;
    }
    if (read === 0) break;
    buffer.add(Buffer.from(chunk.subarray(0, read)));
  }
  return buffer.input();
}

/** Lines of stdin, each kept up to `limit` bytes, so one huge line cannot exhaust memory. */
async function* readLines(limit: number): AsyncGenerator<Input> {
  let line = new BoundedBuffer(limit);
  let pending = false;
  for await (const data of process.stdin) {
    const chunk = data as Buffer;
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      line.add(chunk.subarray(start, newline < 0 ? chunk.length : newline));
      pending = true;
      if (newline < 0) break;
      yield line.input();
      line = new BoundedBuffer(limit);
      pending = false;
      start = newline + 1;
    }
  }
  if (pending) yield line.input();
}

/**
 * Straight to the file descriptors: process.stdout on a pipe builds a socket stream, which costs
 * every hook call several milliseconds. A full non-blocking pipe (EAGAIN) is retried.
 */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      sleepSync(1);
    }
  }
}

function write(result: Answer): void {
  writeAll(1, `${JSON.stringify(result.output)}\n`);
  if (result.stderr) writeAll(2, result.stderr);
}

export async function runClaudeCodeHook(args: readonly string[], environment: Environment): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--batch');
  if (unknown.length > 0) {
    const detail = `unknown option ${unknown.join(' ')} for \`bulwark hook claude-code\``;
    const result = failClosed(new HookInputError({ ruleId: 'hook.bad-shape', detail }), {}, environment);
    write(result);
    return result.exitCode;
  }
  if (args.includes('--batch')) {
    let failed = false;
    for await (const line of readLines(MAX_EVENT_BYTES)) {
      if (!line.tooLarge && line.text.trim() === '') continue;
      const result = await answer(line, environment, sinceStart(), {});
      failed ||= result.exitCode !== 0;
      write(result);
    }
    return failed ? 2 : 0;
  }

  // Engine work is synchronous and checks its own deadline; this watchdog covers the one wait a
  // deadline check cannot interrupt: a non-blocking stdin read through the stream.
  const facts: EventFacts = {};
  let watchdog: NodeJS.Timeout | undefined;
  const arm = (budgetMs: number) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(
      () => {
        write(failClosed(new BudgetExceeded('waiting for input or loading the policy'), facts, environment));
        process.exit(2);
      },
      Math.max(0, budgetMs - sinceStart()),
    );
  };
  arm(DEFAULT_BUDGET_MS);
  try {
    const input = await readInput(MAX_EVENT_BYTES);
    const result = await answer(input, environment, 0, facts, arm);
    write(result);
    return result.exitCode;
  } finally {
    clearTimeout(watchdog);
  }
}
