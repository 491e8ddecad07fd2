// The conformance suite: the real Claude Code client against bulwark (npm run test:claude).
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  ...base,
  test: {
    include: ['test/claude/**/*.test.ts'],
    globalSetup: ['test/claude/global-setup.ts'],
    testTimeout: 150_000,
  },
});
