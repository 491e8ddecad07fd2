import { readFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { buildDefines } from './scripts/build-info.ts';
import { yamlToModule } from './scripts/yaml-module.ts';

export default defineConfig({
  entry: { main: 'src/cli/main.ts' },
  format: ['esm'],
  // Splitting turns every dynamic import into its own chunk: the hook loads only what it runs.
  splitting: true,
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  outExtension: () => ({ js: '.mjs' }),
  clean: true,
  noExternal: [/.*/],
  define: buildDefines(process.cwd()),
  // Bundled CommonJS dependencies (commander, picocolors) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __bulwarkCreateRequire } from 'node:module'; const require = __bulwarkCreateRequire(import.meta.url);",
  },
  esbuildOptions(options) {
    options.minifyWhitespace = true;
    options.minifySyntax = true;
    options.chunkNames = 'chunks/[name]-[hash]';
  },
  esbuildPlugins: [
    {
      name: 'yaml-as-data',
      setup(build) {
        build.onLoad({ filter: /\.yaml$/ }, async (args) => ({
          contents: yamlToModule(await readFile(args.path, 'utf8')),
          loader: 'js',
        }));
      },
    },
  ],
});
