// Secrets through the real client: a prompt with one is never sent, tool output that shows one
// reaches the model redacted (the client accepts bulwark's updatedToolOutput only in the tool's
// own shape), a write that adds one never lands, and the transcript is cleaned at session end.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toolUseId } from './helpers/model-server';
import { runSession, type Session } from './helpers/session';

// A GitHub token with a valid checksum (a public test value).
// bulwark:allow secrets.github-token -- a fake credential the test feeds to bulwark on purpose
const TOKEN = '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';
const PLACEHOLDER = /\[REDACTED secrets\.github-token#[0-9a-f]{6}\]/;

let session: Session | undefined;
afterEach(() => {
  session?.sandbox.cleanup();
  session = undefined;
});

function transcripts(home: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.jsonl')) found.push(readFileSync(path, 'utf8'));
    }
  };
  visit(join(home, '.claude', 'projects'));
  return found;
}

describe('secrets (Claude Code client)', () => {
  it('a prompt with a token is not sent, and the transcript keeps no copy after the session', async () => {
    session = await runSession({ calls: [], prompt: `deploy with ${TOKEN} please` });
    expect(session.requests.filter((r) => r.path.startsWith('/v1/messages'))).toEqual([]);
    expect(session.sentText()).not.toContain(TOKEN);
    expect(JSON.stringify(session.result)).not.toContain(TOKEN);
    // The client wrote the blocked prompt to the transcript; the SessionEnd hook rewrote it.
    const written = transcripts(session.sandbox.home);
    expect(written.some((text) => PLACEHOLDER.test(text))).toBe(true);
    for (const text of written) expect(text).not.toContain(TOKEN);
  });

  it('Bash output with a token reaches the model redacted', async () => {
    session = await runSession({
      calls: [{ name: 'Bash', input: { command: 'cat deploy.txt', description: 'Show the deploy notes' } }],
      prepare: (s) => s.write('deploy.txt', `notes\nGITHUB_TOKEN=${TOKEN}\n`),
    });
    const result = session.toolResult(0);
    expect(result?.isError).toBe(false);
    expect(result?.text).toContain('notes');
    expect(result?.text).toMatch(PLACEHOLDER);
    expect(session.sentText()).not.toContain(TOKEN);
  });

  it('Read output with a token reaches the model redacted, line numbers and all', async () => {
    session = await runSession({
      calls: [{ name: 'Read', input: { file_path: 'config.yml' } }],
      prepare: (s) => s.write('config.yml', `name: demo\ngithub:\n  token: ${TOKEN}\n`),
    });
    const result = session.toolResult(0);
    expect(result?.text).toContain('name: demo');
    expect(result?.text).toMatch(PLACEHOLDER);
    expect(session.sentText()).not.toContain(TOKEN);
  });

  it('a Write that adds a token is denied, and the file is not written', async () => {
    session = await runSession({
      calls: [
        {
          name: 'Write',
          input: { file_path: 'src/config.ts', content: `export const token = "${TOKEN}";\n` },
        },
      ],
    });
    expect(session.deniedIds()).toContain(toolUseId(0));
    expect(session.toolResult(0)?.text).toMatch(/environment variable/);
    expect(existsSync(join(session.sandbox.project, 'src', 'config.ts'))).toBe(false);
  });
});
