#!/usr/bin/env node
// The installed entry point. The hook runs on every tool call, so its path is kept short:
// CommonJS (an ES module entry starts ~35 ms later), one bundled file, and V8's code cache for it
// (Node 20 has no built-in compile cache). Every other command loads the ES module CLI.
'use strict';
const { dirname, isAbsolute, join } = require('node:path');

const installDir = dirname(__dirname);
const args = process.argv.slice(2);
const wantsHelp = args.includes('--help') || args.includes('-h');

/**
 * Whatever goes wrong before the hook can answer, the tool call is denied: exit code 2 blocks in
 * Claude Code even without readable JSON, where any other failure would let the call through.
 */
function failClosed(error) {
  const reason =
    `bulwark blocked this tool call because it could not start (${error?.message ?? error}). ` +
    'Reinstall bulwark (npm ci) or report it at https://github.com/bulwark-dev/bulwark/issues.';
  const output = {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: reason,
    },
  };
  require('node:fs').writeSync(1, `${JSON.stringify(output)}\n`);
  require('node:fs').writeSync(2, `${reason}\n`);
  process.exit(2);
}

/** $XDG_CACHE_HOME/bulwark, as in src/policy/locate.ts (this file cannot import it). */
function cacheRoot() {
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(require('node:os').homedir(), '.cache');
  return join(base, 'bulwark');
}

/** Loads dist/hook.cjs through V8's code cache; returns its exports and a way to refresh the cache. */
function loadHook() {
  const fs = require('node:fs');
  const vm = require('node:vm');
  const Module = require('node:module');
  const file = join(installDir, 'dist', 'hook.cjs');
  const source = fs.readFileSync(file, 'utf8');
  const stats = fs.statSync(file);
  const cacheFile = join(
    cacheRoot(),
    'v8',
    `hook-${process.version}-${process.arch}-${stats.size}-${Math.floor(stats.mtimeMs)}.bin`,
  );
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // First run of this build: compiled normally, cached afterwards.
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const loaded = { exports: {} };
  script.runInThisContext()(loaded.exports, Module.createRequire(file), loaded, file, dirname(file));
  const refreshCache = () => {
    if (cachedData && !script.cachedDataRejected) return;
    try {
      fs.mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
      const temporary = `${cacheFile}.${process.pid}`;
      fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
      fs.renameSync(temporary, cacheFile);
    } catch {
      // A cache that cannot be written only costs time.
    }
  };
  return { hook: loaded.exports, refreshCache };
}

if (args[0] === 'hook' && args[1] === 'claude-code' && !wantsHelp) {
  try {
    const { hook, refreshCache } = loadHook();
    hook.runHookCommand(args.slice(2), installDir).then(refreshCache, failClosed);
  } catch (error) {
    failClosed(error);
  }
} else {
  import('../dist/cli.mjs').then((cli) => cli.runCli(args, installDir));
}
