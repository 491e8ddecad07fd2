// Builds bench/in-process.ts for `npm run bench` into .bench/ (not shipped).
import { defineConfig } from 'tsup';
import { buildDefines } from '../scripts/build-info.ts';
import { yamlAsData } from '../scripts/yaml-module.ts';

export default defineConfig({
  entry: { 'in-process': 'bench/in-process.ts' },
  format: ['esm'],
  outExtension: () => ({ js: '.mjs' }),
  platform: 'node',
  target: 'node20',
  outDir: '.bench',
  noExternal: [/.*/],
  define: buildDefines(process.cwd()),
  esbuildPlugins: [yamlAsData],
  banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
});
