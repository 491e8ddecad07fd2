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

const MAX_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * A cache file, read the way a planted file must be: a FIFO would block the hook until Claude
 * Code's hook timeout, on every call. So only a regular file, opened without blocking and without
 * following a symbolic link, no larger than the limit. Anything else: no cache.
 */
function readCache(fs, path) {
  let fd;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile() || stats.size > MAX_CACHE_BYTES) return undefined;
    const buffer = Buffer.alloc(stats.size);
    let read = 0;
    while (read < stats.size) {
      const count = fs.readSync(fd, buffer, read, stats.size - read, read);
      if (count === 0) break;
      read += count;
    }
    return buffer.subarray(0, read);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Runs a bundled CommonJS file of dist/ through V8's code cache. The files it requires from dist/
 * (the shell engine) are loaded the same way; the others (Node built-ins, native parsers) normally.
 * `refresh` writes the caches of the files that had none, after the call, so that they also hold
 * the functions compiled while judging.
 */
function cachedLoader() {
  const fs = require('node:fs');
  const vm = require('node:vm');
  const Module = require('node:module');
  const dist = join(installDir, 'dist');
  const loaded = new Map();
  const uncached = [];

  function load(file) {
    if (loaded.has(file)) return loaded.get(file).exports;
    const source = fs.readFileSync(file, 'utf8');
    const stats = fs.statSync(file);
    const name = file.slice(dist.length + 1).replace(/\.cjs$/, '');
    const cacheFile = join(
      cacheRoot(),
      'v8',
      `${name}-${process.version}-${process.arch}-${stats.size}-${Math.floor(stats.mtimeMs)}.bin`,
    );
    // First run of this build: compiled normally, cached afterwards.
    const cachedData = readCache(fs, cacheFile);
    const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
    if (!cachedData || script.cachedDataRejected) uncached.push({ script, cacheFile });
    const module = { exports: {} };
    loaded.set(file, module);
    const requireNormally = Module.createRequire(file);
    const requireFromDist = Object.assign((id) => {
      const target = id.startsWith('./') && id.endsWith('.cjs') ? join(dist, id) : undefined;
      return target && dirname(target) === dist ? load(target) : requireNormally(id);
    }, requireNormally);
    script.runInThisContext()(module.exports, requireFromDist, module, file, dist);
    return module.exports;
  }

  function refresh() {
    for (const { script, cacheFile } of uncached) {
      try {
        fs.mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
        const temporary = `${cacheFile}.${process.pid}`;
        // 'wx': a file (or FIFO, or link) already at the temporary name is never written through.
        fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600, flag: 'wx' });
        fs.renameSync(temporary, cacheFile);
      } catch {
        // A cache that cannot be written only costs time.
      }
    }
  }
  return { load: (name) => load(join(dist, name)), refresh };
}

if (args[0] === 'hook' && args[1] === 'claude-code' && !wantsHelp) {
  try {
    const loader = cachedLoader();
    const hook = loader.load('hook.cjs');
    hook.runHookCommand(args.slice(2), installDir).then(loader.refresh, failClosed);
  } catch (error) {
    failClosed(error);
  }
} else {
  import('../dist/cli.mjs').then((cli) => cli.runCli(args, installDir));
}
