import { defineConfig, type Options } from 'tsup';
import { buildDefines } from './scripts/build-info.ts';
import { yamlAsData } from './scripts/yaml-module.ts';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/** Leaves an import to another output file instead of bundling it (`./compile` → `./compile.mjs`). */
function siblingFile(specifier: string, file: string): Plugin {
  return {
    name: `sibling-${file}`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${specifier.replace(/[./]/g, '\\$&')}$`) }, () => ({
        path: file,
        external: true,
      }));
    },
  };
}

const shared: Options = {
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  noExternal: [/.*/],
  define: buildDefines(process.cwd()),
  esbuildOptions(options) {
    options.minifyWhitespace = true;
    options.minifySyntax = true;
    options.chunkNames = 'chunks/[name]-[hash]';
  },
};

// Three outputs, shaped by start-up cost (measured by `npm run bench`):
// - hook.cjs: everything the hook runs, in one CommonJS file (bin/bulwark.cjs requires it; this
//   starts much sooner than an ES module graph);
// - compile.cjs: the policy compiler with yaml and zod, required by the hook only when a policy
//   file changed (a cache miss);
// - cli.mjs + chunks/: every other command, each loaded on demand.
export default defineConfig([
  {
    ...shared,
    entry: { hook: 'src/cli/entry.ts' },
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    esbuildPlugins: [yamlAsData, siblingFile('./compile', './compile.cjs')],
    esbuildOptions(options) {
      shared.esbuildOptions?.(options, { format: 'cjs' });
      // import('./compile') becomes require(): bin/bulwark.cjs runs this file from V8's code cache
      // (vm.Script), where a dynamic import() has no loader.
      options.supported = { 'dynamic-import': false };
    },
  },
  {
    ...shared,
    entry: { compile: 'src/policy/compile.ts' },
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    esbuildPlugins: [yamlAsData],
  },
  {
    ...shared,
    entry: { cli: 'src/cli/cli.ts' },
    format: ['esm'],
    splitting: true,
    outExtension: () => ({ js: '.mjs' }),
    // Bundled CommonJS dependencies (commander, picocolors) call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __bulwarkCreateRequire } from 'node:module'; const require = __bulwarkCreateRequire(import.meta.url);",
    },
    esbuildPlugins: [yamlAsData],
  },
]);
