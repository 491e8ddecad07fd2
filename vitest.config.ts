import { configDefaults, defineConfig } from 'vitest/config';
import { buildDefines } from './scripts/build-info.mjs';
import { yamlToModule } from './scripts/yaml-module.mjs';

export default defineConfig({
  define: buildDefines(process.cwd()),
  plugins: [
    {
      name: 'yaml-as-data',
      transform(code, id) {
        return id.endsWith('.yaml') ? { code: yamlToModule(code), map: null } : undefined;
      },
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    // The conformance suite needs the real client: npm run test:claude.
    exclude: [...configDefaults.exclude, 'test/claude/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
