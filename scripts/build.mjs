#!/usr/bin/env node
// The build (npm run build, and npm ci through `prepare`): esbuild, three outputs shaped by
// start-up cost (measured by `npm run bench`):
// - dist/hook.cjs: everything the hook runs, one CommonJS file (bin/bulwark.cjs runs it from V8's
//   code cache; one file starts much sooner than an ES module graph);
// - dist/compile.cjs: the policy compiler with yaml and zod, required by the hook only when a
//   policy file changed;
// - dist/shell.cjs: the shell engine, required by the hook only for shell commands;
// - dist/inline.cjs: its inline-code analysers, required only for lines with interpreter code;
// - dist/secrets.cjs: the secrets engine, required only for prompts, writes, commands and output;
// - dist/scan-worker.cjs: a worker thread of `bulwark scan` on large trees;
// - dist/cli.mjs + dist/chunks/: every other command, each loaded on demand.
// `--bench` also builds bench/in-process.ts into .bench/ for `npm run bench`.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { buildDefines } from './build-info.mjs';
import { yamlAsData } from './yaml-module.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * Leaves an import to another output file instead of bundling it (`./compile` → `./compile.cjs`).
 * @param {string} specifier
 * @param {string} file
 * @returns {import('esbuild').Plugin}
 */
function siblingFile(specifier, file) {
  return {
    name: `sibling-${file}`,
    setup(build) {
      const filter = new RegExp(`^${specifier.replace(/[./]/g, '\\$&')}$`);
      build.onResolve({ filter }, () => ({ path: file, external: true }));
    },
  };
}

// Bundled CommonJS dependencies (commander, picocolors) call require() for Node built-ins.
const requireInEsm =
  "import { createRequire as __bulwarkCreateRequire } from 'node:module'; const require = __bulwarkCreateRequire(import.meta.url);";

/** @type {import('esbuild').BuildOptions} */
const shared = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  define: buildDefines(root),
  // Native addons load their prebuilt .node from their own package folder: never bundled.
  external: ['tree-sitter', 'tree-sitter-bash', 'tree-sitter-python', '@ast-grep/napi'],
  logLevel: 'warning',
};

/** One CommonJS file in dist/ (`name.cjs`), for bin/bulwark.cjs to run from V8's code cache. */
/** @type {import('esbuild').BuildOptions} */
const distCjs = { ...shared, format: 'cjs', outdir: 'dist', outExtension: { '.js': '.cjs' } };

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    ...distCjs,
    entryPoints: { hook: 'src/cli/entry.ts' },
    plugins: [
      yamlAsData,
      siblingFile('./compile', './compile.cjs'),
      siblingFile('./shell/evaluate', './shell.cjs'),
      siblingFile('./secrets/agent', './secrets.cjs'),
    ],
    // import('./compile') becomes require(): code run from V8's code cache (vm.Script) has no
    // loader for a dynamic import().
    supported: { 'dynamic-import': false },
  },
  {
    ...distCjs,
    entryPoints: { shell: 'src/engines/shell/evaluate.ts' },
    plugins: [yamlAsData, siblingFile('./inline', './inline.cjs')],
    supported: { 'dynamic-import': false },
  },
  {
    ...distCjs,
    entryPoints: { secrets: 'src/engines/secrets/agent.ts' },
    plugins: [yamlAsData],
  },
  {
    ...distCjs,
    entryPoints: { 'scan-worker': 'src/scan/worker.ts' },
    plugins: [yamlAsData],
  },
  {
    ...distCjs,
    entryPoints: { inline: 'src/engines/shell/inline/index.ts' },
  },
  {
    ...distCjs,
    entryPoints: { compile: 'src/policy/compile.ts' },
    plugins: [yamlAsData],
  },
  {
    ...shared,
    entryPoints: { cli: 'src/cli/cli.ts' },
    format: 'esm',
    splitting: true,
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: requireInEsm },
    plugins: [yamlAsData],
  },
];
if (process.argv.includes('--bench')) {
  builds.push({
    ...shared,
    entryPoints: { 'in-process': 'bench/in-process.ts', 'secrets-engine': 'bench/secrets-engine.ts' },
    format: 'esm',
    outdir: '.bench',
    outExtension: { '.js': '.mjs' },
    banner: { js: requireInEsm },
    plugins: [yamlAsData],
  });
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
await Promise.all(builds.map((options) => esbuild.build(options)));
