// Runs once before the conformance suite: the suite needs the built CLI and the pinned client.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/sandbox';
import { ensureClaudeClient } from './helpers/client';

export default function setup(): void {
  if (!existsSync(join(REPO_ROOT, 'dist', 'hook.cjs'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm run test:claude does it for you).');
  }
  ensureClaudeClient();
}
