// `bulwark init`: a short section in CLAUDE.md that tells the agent how secrets work here, so it
// asks for a variable by name instead of reaching for a .env file (which bulwark would deny).
// Claude Code reads CLAUDE.md at the start of every session; the section is a marked block, so
// a second init rewrites it in place and uninstall removes exactly it.
import { join, relative } from 'node:path';
import { hasBlock, markedBlock, upsertBlock } from './marked-block';
import { type Check, changeIfDifferent, type StepResult } from './plan';

const LABEL = 'secrets';
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** Up to this many names get a bullet each; more go on one line so the section stays short. */
const MAX_BULLETS = 12;
/** A name list longer than this is cut: the section is read on every session, and costs context. */
const MAX_NAMES = 100;

type Read = (abs: string) => string | undefined;

/**
 * The CLAUDE.md to edit: one that already holds the section, else the root one, else
 * `.claude/CLAUDE.md` when only that exists (Claude Code reads both), else a new root one.
 */
function targetFile(root: string, read: Read): { file: string; text: string | undefined } {
  const candidates = [join(root, 'CLAUDE.md'), join(root, '.claude', 'CLAUDE.md')].map((file) => ({
    file,
    text: read(file),
  }));
  const [rootFile, dotClaudeFile] = candidates as [(typeof candidates)[0], (typeof candidates)[0]];
  const withSection = candidates.find(({ text }) => text !== undefined && hasBlock(text, LABEL));
  if (withSection) return withSection;
  if (rootFile.text === undefined && dotClaudeFile.text !== undefined) return dotClaudeFile;
  return rootFile;
}

function nameList(names: readonly string[]): string[] {
  // Names only ever reach the file if they look like names: nothing else can slip into a commit.
  const valid = [...new Set(names.filter((name) => NAME.test(name)))].sort();
  if (valid.length === 0) return ['- none found'];
  if (valid.length <= MAX_BULLETS) return valid.map((name) => `- \`${name}\``);
  const shown = valid.slice(0, MAX_NAMES).map((name) => `\`${name}\``);
  const more = valid.length > MAX_NAMES ? `, and ${valid.length - MAX_NAMES} more` : '';
  return [`- ${shown.join(', ')}${more}`];
}

/** The section, written for the agent. Deterministic: the same names give the same bytes. */
export function claudeMdSection(names: readonly string[]): string {
  return [
    '## Secrets and security (bulwark)',
    '',
    'This repository is guarded by bulwark. Environment variables the project uses (names only):',
    '',
    ...nameList(names),
    '',
    'Rules for secrets:',
    '',
    '- Never read or print `.env` files, private keys or other credentials: bulwark denies it.',
    '- When a value is needed, ask the user to set the environment variable and refer to it by name.',
    '- Never paste a secret into code, a command line or a commit message.',
    '- Run `bulwark scan --staged` before committing; `git commit --no-verify` is denied.',
    '- Install dependencies at exact versions (`npm install --save-exact`, `pip install name==1.2.3`).',
  ].join('\n');
}

export function planClaudeMd(root: string, names: readonly string[], read: Read): StepResult {
  const { file, text } = targetFile(root, read);
  const after = upsertBlock(text ?? '', LABEL, markedBlock('html', LABEL, claudeMdSection(names)), {
    at: 'end',
  });
  return {
    changes: changeIfDifferent({
      file,
      before: text,
      after,
      removal: 'marked-blocks',
      why: 'tell the agent which environment variables exist and how to handle secrets',
    }),
    notices: [],
  };
}

export function claudeMdCheck(root: string, read: Read): Check {
  const { file, text } = targetFile(root, read);
  const present = text !== undefined && hasBlock(text, LABEL);
  return {
    id: 'agent.claude-md',
    layer: 'agent',
    title: 'CLAUDE.md explains how secrets are handled',
    status: present ? 'pass' : 'fail',
    weight: 5,
    detail: present ? `the bulwark section is in ${relative(root, file)}` : 'no bulwark section in CLAUDE.md',
    why: 'An agent that knows the variable names asks for them instead of searching files for values.',
    fix: present ? undefined : 'bulwark init',
  };
}
