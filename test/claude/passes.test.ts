// What bulwark has no objection to runs as if bulwark were not there, and its output reaches the
// model untouched. These are also the controls of the other files: the same kind of call, run
// through the same client, does have an effect when nothing refuses it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FINAL_TEXT, startTrap, type Trap } from './helpers/model-server';
import { runSession, type Session } from './helpers/session';

let session: Session | undefined;
let trap: Trap | undefined;
afterEach(async () => {
  session?.sandbox.cleanup();
  await trap?.close();
  session = undefined;
  trap = undefined;
});

function expectRanCleanly(turn: number): string {
  expect(session?.exitCode).toBe(0);
  expect(session?.result.is_error).toBe(false);
  expect(session?.result.permission_denials).toEqual([]);
  const result = session?.toolResult(turn);
  expect(result?.isError).toBe(false);
  return result?.text ?? '';
}

describe('allowed calls run untouched (Claude Code client)', () => {
  it('the prompt reaches the model', async () => {
    session = await runSession({ calls: [], prompt: 'Summarise the README, please.' });
    expect(session.sentText()).toContain('Summarise the README, please.');
    expect(session.result.result).toBe(FINAL_TEXT);
  });

  it('Read of README.md: the content reaches the model', async () => {
    session = await runSession({
      calls: [{ name: 'Read', input: { file_path: 'README.md' } }],
      prepare: (s) => s.write('README.md', '# Demo\nreadme-marker-4411\n'),
    });
    expect(expectRanCleanly(0)).toContain('readme-marker-4411');
  });

  it('a harmless Bash command: its output reaches the model', async () => {
    session = await runSession({
      calls: [
        { name: 'Bash', input: { command: 'echo bash-marker-$((40 + 2))', description: 'Print a marker' } },
      ],
    });
    expect(expectRanCleanly(0)).toContain('bash-marker-42');
  });

  it('Write of a new file inside the project: the file is written', async () => {
    session = await runSession({
      calls: [{ name: 'Write', input: { file_path: 'src/notes.txt', content: 'written by the agent\n' } }],
    });
    expectRanCleanly(0);
    expect(readFileSync(join(session.sandbox.project, 'src', 'notes.txt'), 'utf8')).toBe(
      'written by the agent\n',
    );
  });

  it('WebFetch of a loopback host the user allowed: the fetch is made', async () => {
    trap = await startTrap();
    const url = `${trap.url}/page`;
    session = await runSession({
      calls: [{ name: 'WebFetch', input: { url, prompt: 'Summarise.' } }],
      prepare: (s) => {
        s.write('~/.config/bulwark/policy.yaml', 'net:\n  allowDomains: ["127.0.0.1"]\n');
        // The client's own check of the domain with claude.ai cannot work offline.
        s.write('~/.claude/settings.json', JSON.stringify({ skipWebFetchPreflight: true }));
      },
    });
    expect(session.result.permission_denials).toEqual([]);
    expect(trap.connections()).toBeGreaterThan(0);
  });
});
