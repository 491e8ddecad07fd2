// bulwark's answer to every event the real client sent, checked against the shapes of
// ../shared/reference/claude-code.md §1.4–1.5. A recorder sits between the client and bulwark,
// so these are the client's own events, not ones we wrote.
//
// What the client revealed, beyond the reference (Claude Code 2.1.330):
// - A PreToolUse deny reaches the model as "PreToolUse:<Tool> hook error: <reason>" for Bash and
//   WebFetch, but as the bare reason for Read; an `ask` turned into a denial by -p is the bare
//   reason too. Assertions match the reason, never the prefix.
// - A hook that dies (killed, or missing from disk) or times out with `onFailure: "block"` is
//   listed in `permission_denials` like a deny, and the model sees "... hook error: [<command>]:
//   failed|timed out; blocking because onFailure is \"block\"".
// - A blocked prompt is shown to the user as "UserPromptSubmit operation blocked by hook:
//   <reason>", so bulwark's failure reason names the prompt, not "this tool call".
// - The client expands `~` and relative paths in file tools before the hook runs, and it rejects
//   Edit and Write of an existing file not read first before any hook runs.
// - PreToolUse events carry `prompt_id` and `effort` besides the documented fields.
// - A PostToolUse `decision: "block"` (bulwark failing closed there) neither hides the output nor,
//   in -p, brings its reason to the model: no request the client sent contained it. Hiding output
//   takes `updatedToolOutput`; the secrets issue owns that.
// - Seen by hand, interactively (tmux; not a test): a PreToolUse `ask` opens the usual permission
//   dialog WITHOUT `permissionDecisionReason`, which the reference says is shown to the user. A
//   `systemMessage` appears only after the dialog, as "PreToolUse:<Tool> says: ...".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { quote } from '../../src/adapters/claude-code/settings';
import { answerOutcome, hookAnswerProblems, type ShapedEvent } from '../helpers/hook-shapes';
import { faultOn, type HandlerRewrite, runSession, type Session, type TestFault } from './helpers/session';

const RECORDER = join(import.meta.dirname, 'fixtures', 'record-hook.mjs');

interface Exchange {
  event: { hook_event_name: ShapedEvent; tool_name?: string };
  stdout: string;
  exitCode: number | null;
}

let session: Session | undefined;
afterEach(() => {
  session?.sandbox.cleanup();
  session = undefined;
});

/** Every handler recorded, into exchanges.jsonl in the sandbox; a fault for one event on top. */
function recorded(fault?: { event: string; kind: TestFault }): HandlerRewrite {
  return (h, event, sandbox) => {
    const file = join(sandbox.root, 'exchanges.jsonl');
    const recording = {
      ...h,
      command: `${quote(process.execPath)} ${quote(RECORDER)} ${quote(file)} ${h.command}`,
    };
    return fault ? faultOn(fault.event, fault.kind)(recording, event, sandbox) : recording;
  };
}

function exchanges(s: Session): Exchange[] {
  return readFileSync(join(s.sandbox.root, 'exchanges.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

/** Every problem with every answer, each naming the tool it was about. */
function problemsOf(all: Exchange[]): string[] {
  return all.flatMap(({ event, stdout, exitCode }) =>
    hookAnswerProblems(event.hook_event_name, stdout, exitCode).map(
      (problem) => `${event.tool_name}: ${problem}`,
    ),
  );
}

const outcome = (exchange: Exchange | undefined) => answerOutcome(JSON.parse(exchange?.stdout ?? '{}'));

describe("bulwark's answers to the real client's events have the documented shapes", () => {
  it('a session with allowed, denied and asked calls', async () => {
    session = await runSession({
      calls: (s) => [
        { name: 'Read', input: { file_path: 'README.md' } },
        { name: 'Read', input: { file_path: '.env' } },
        { name: 'Write', input: { file_path: join(s.root, 'outside.txt'), content: 'x' } },
        { name: 'Bash', input: { command: 'echo shapes', description: 'Print' } },
      ],
      prepare: (s) => {
        s.write('README.md', '# readme\n');
        s.write('.env', 'TOKEN=x\n');
      },
      handler: recorded(),
    });
    const all = exchanges(session);
    expect(problemsOf(all)).toEqual([]);
    const seen = all.map(
      (x) => `${x.event.hook_event_name}${x.event.tool_name ? ` ${x.event.tool_name}` : ''}=${outcome(x)}`,
    );
    expect(seen).toEqual([
      'UserPromptSubmit=none',
      'PreToolUse Read=none',
      'PostToolUse Read=none',
      'PreToolUse Read=deny',
      'PreToolUse Write=ask',
      'PreToolUse Bash=none',
      'PostToolUse Bash=none',
      // The client runs the SessionEnd hook as `claude -p` exits (bulwark cleans the transcript).
      'SessionEnd=none',
    ]);
  });

  it.each([
    ['UserPromptSubmit', 'block'],
    ['PreToolUse', 'deny'],
    ['PostToolUse', 'block'],
  ])('failing closed at %s: exit 2 and a %s in the shape of that event', async (event, refusal) => {
    session = await runSession({
      calls: [{ name: 'Bash', input: { command: 'echo fault', description: 'Print' } }],
      handler: recorded({ event, kind: 'crash' }),
    });
    const all = exchanges(session);
    expect(problemsOf(all)).toEqual([]);
    const failed = all.find((x) => x.event.hook_event_name === event);
    expect(failed?.exitCode).toBe(2);
    expect(outcome(failed)).toBe(refusal);
  });
});
