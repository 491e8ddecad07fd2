// `ask` has no one to ask in a non-interactive run (`claude -p`, the SDK, CI): the client turns it
// into a denial. Interactively the same answer opens Claude Code's permission prompt, with
// bulwark's reason shown to the user (see README, "What you see in Claude Code").
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTrap, type Trap, toolUseId } from './helpers/model-server';
import { runSession, type Session } from './helpers/session';

let session: Session | undefined;
let trap: Trap | undefined;
afterEach(async () => {
  session?.sandbox.cleanup();
  await trap?.close();
  session = undefined;
  trap = undefined;
});

describe('ask in a non-interactive run ends as a denial (Claude Code client)', () => {
  it('Write outside the project: not written', async () => {
    let outside = '';
    session = await runSession({
      calls: (s) => {
        outside = join(s.root, 'outside', 'notes.txt');
        return [{ name: 'Write', input: { file_path: outside, content: 'x\n' } }];
      },
    });
    expect(session.deniedIds()).toEqual([toolUseId(0)]);
    expect(session.toolResult(0)?.text).toMatch(/is outside the project/);
    expect(existsSync(outside)).toBe(false);
  });

  it('WebFetch of a loopback address: no connection is made', async () => {
    trap = await startTrap();
    session = await runSession({
      calls: [{ name: 'WebFetch', input: { url: `${trap.url}/admin`, prompt: 'Summarise.' } }],
      prepare: (s) => s.write('~/.claude/settings.json', JSON.stringify({ skipWebFetchPreflight: true })),
    });
    expect(session.deniedIds()).toEqual([toolUseId(0)]);
    expect(session.toolResult(0)?.text).toMatch(/points into a local or private network/);
    expect(trap.connections()).toBe(0);
  });
});
