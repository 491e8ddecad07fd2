// Whatever goes wrong inside or around bulwark, the tool call does not run. Each scenario makes the
// model ask for the same harmless probe (Bash `touch`), so the marker file is the ground truth. The
// canaries at the end show the client itself fails open: without bulwark's answer shapes, exit code
// and `onFailure: "block"`, the very same probe runs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hookCommand, quote } from '../../src/adapters/claude-code/settings';
import type { Sandbox } from '../helpers/sandbox';
import { toolUseId } from './helpers/model-server';
import { faultOn, onEvent, runSession, type Session, type SessionOptions } from './helpers/session';

const MARKER = 'probe-ran.txt';
const probe = (s: Sandbox) => [
  {
    name: 'Bash',
    input: { command: `touch ${quote(join(s.project, MARKER))}`, description: 'Create a file' },
  },
];

let session: Session | undefined;
afterEach(() => {
  session?.sandbox.cleanup();
  session = undefined;
});

async function runProbe(options: Omit<SessionOptions, 'calls'>): Promise<Session> {
  session = await runSession({ calls: probe, ...options });
  return session;
}

function probeRan(): boolean {
  return existsSync(join(session?.sandbox.project ?? '/nonexistent', MARKER));
}

/** The client's own words when a hook fails under `onFailure: "block"` (not bulwark's). */
function expectBlockedByOnFailure(how: 'failed' | 'timed out'): void {
  expect(probeRan()).toBe(false);
  expect(session?.deniedIds()).toEqual([toolUseId(0)]);
  expect(session?.toolResult(0)?.text).toContain(`${how}; blocking because onFailure is "block"`);
}

/** A hook command given as a Node.js program: the canaries' deliberately wrong hooks. */
function nodeHook(program: string): string {
  return `${quote(process.execPath)} -e ${quote(program)}`;
}

describe('bulwark fails closed through the real client', () => {
  it('the probe runs when nothing goes wrong (the control)', async () => {
    await runProbe({});
    expect(probeRan()).toBe(true);
  });

  it('bulwark throws: denied with the internal-error reason', async () => {
    await runProbe({ handler: faultOn('PreToolUse', 'crash') });
    expect(probeRan()).toBe(false);
    expect(session?.deniedIds()).toEqual([toolUseId(0)]);
    expect(session?.toolResult(0)?.text).toMatch(
      /bulwark blocked this tool call because of an internal error/,
    );
  });

  it('bulwark is killed without a word (as by the OOM killer): onFailure "block" stops the call', async () => {
    await runProbe({ handler: faultOn('PreToolUse', 'kill') });
    expectBlockedByOnFailure('failed');
  });

  it('bulwark exceeds its own time budget: denied with the budget reason', async () => {
    await runProbe({ handler: faultOn('PreToolUse', 'exceed-budget') });
    expect(probeRan()).toBe(false);
    expect(session?.deniedIds()).toEqual([toolUseId(0)]);
    expect(session?.toolResult(0)?.text).toMatch(/took longer than its 3000 ms budget/);
  });

  it("bulwark hangs past Claude Code's 10 s timeout: the client gives up and blocks", async () => {
    await runProbe({ handler: faultOn('PreToolUse', 'hang') });
    expectBlockedByOnFailure('timed out');
  });

  it('bulwark gets an event it cannot parse (cut short on the way): denied', async () => {
    await runProbe({
      handler: onEvent('PreToolUse', (h) => ({ ...h, command: `head -c 100 | ${h.command}` })),
    });
    expect(probeRan()).toBe(false);
    expect(session?.deniedIds()).toEqual([toolUseId(0)]);
    expect(session?.toolResult(0)?.text).toMatch(/could not read the hook event/);
  });

  it('an event over the 8 MiB input limit: denied, and the file is not written', async () => {
    session = await runSession({
      calls: [{ name: 'Write', input: { file_path: 'big.txt', content: 'x'.repeat(9_000_000) } }],
    });
    expect(existsSync(join(session.sandbox.project, 'big.txt'))).toBe(false);
    expect(session.deniedIds()).toEqual([toolUseId(0)]);
    expect(session.toolResult(0)?.text).toMatch(/could not read the hook event/);
  });

  it('bulwark was deleted but its registration stayed: onFailure "block" stops the call', async () => {
    await runProbe({
      handler: onEvent('PreToolUse', (h) => ({
        ...h,
        command: hookCommand(process.execPath, '/nonexistent/bin/bulwark.cjs'),
      })),
    });
    expectBlockedByOnFailure('failed');
  });
});

describe('a failure at UserPromptSubmit keeps the prompt from the model', () => {
  it('bulwark is killed while judging the prompt: the prompt is never sent', async () => {
    session = await runSession({
      calls: [],
      prompt: 'prompt-marker-5120',
      handler: faultOn('UserPromptSubmit', 'kill'),
    });
    expect(session.sentText()).not.toContain('prompt-marker-5120');
    expect(session.requests.filter((r) => r.path.startsWith('/v1/messages'))).toEqual([]);
  });
});

describe('canaries: the client fails open, so these details of bulwark matter', () => {
  it('a flat {"permissionDecision":"deny"} (no hookSpecificOutput) lets the probe run', async () => {
    const flat = JSON.stringify({ permissionDecision: 'deny', permissionDecisionReason: 'flat' });
    const command = nodeHook(`process.stdout.write(${JSON.stringify(flat)})`);
    await runProbe({ handler: onEvent('PreToolUse', (h) => ({ ...h, command })) });
    expect(probeRan()).toBe(true);
  });

  it('a hook that exits 1 without onFailure "block" lets the probe run', async () => {
    const command = nodeHook('process.exit(1)');
    await runProbe({
      handler: onEvent('PreToolUse', (h) => ({ type: h.type, command, timeout: h.timeout })),
    });
    expect(probeRan()).toBe(true);
  });
});
