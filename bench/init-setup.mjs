// `bulwark init` on a fresh repository of 1,000 files (target: under 30 s wall), then `doctor` and
// a second `init` (which finds nothing to change). Each run gets a new temporary HOME and repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = join(root, 'bin', 'bulwark.cjs');
const AUTHOR = {
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'b@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'b@example.com',
};

/** @param {string} project @param {number} files */
function makeRepository(project, files) {
  mkdirSync(project, { recursive: true });
  execFileSync('git', ['init', '-q', project]);
  const write = (/** @type {string} */ path, /** @type {string} */ text) => {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  };
  write('package.json', '{\n  "name": "bench-app",\n  "private": true\n}\n');
  write('package-lock.json', '{\n  "name": "bench-app",\n  "lockfileVersion": 3,\n  "packages": {}\n}\n');
  write('services/api/pyproject.toml', '[project]\nname = "api"\nversion = "0.1.0"\n');
  write('services/api/uv.lock', 'version = 1\n');
  write('.env.example', 'DATABASE_URL=\nSTRIPE_KEY=\n');
  for (let i = 0; i < files - 5; i++) {
    const kind = i % 4;
    const body = Array.from(
      { length: 40 },
      (_, line) => `  const value${line} = compute(${i}, ${line}); // line ${line}`,
    ).join('\n');
    if (kind === 0)
      write(
        `src/module${i}/index.ts`,
        `export function f${i}() {\n${body}\n  return process.env.FEATURE_${i % 7};\n}\n`,
      );
    else if (kind === 1)
      write(
        `services/api/app/m${i}.py`,
        `import os\n\ndef f${i}():\n    return os.getenv("API_SETTING_${i % 5}")\n`,
      );
    else if (kind === 2)
      write(`docs/page${i}.md`, `# Page ${i}\n\n${'Some documentation text. '.repeat(30)}\n`);
    else write(`test/t${i}.test.ts`, `import { f${i - 3} } from '../src/module${i - 3}';\n${body}\n`);
  }
  const env = { ...process.env, ...AUTHOR };
  execFileSync('git', ['add', '-A'], { cwd: project, env });
  execFileSync('git', ['commit', '-q', '-m', 'initial'], { cwd: project, env });
  // Some history for the history summary to read.
  for (let c = 0; c < 20; c++) {
    write(`src/module0/change${c}.ts`, `export const c${c} = ${c};\n`);
    execFileSync('git', ['add', '-A'], { cwd: project, env });
    execFileSync('git', ['commit', '-q', '-m', `change ${c}`], { cwd: project, env });
  }
}

/** @param {string[]} args @param {string} cwd @param {NodeJS.ProcessEnv} env */
function timed(args, cwd, env) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`bulwark ${args.join(' ')} failed: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

/** @param {{ runs: number, files?: number }} options */
export function initBench({ runs, files = 1000 }) {
  /** @type {{ initMs: number, doctorMs: number, againMs: number, changes: number, score: number }[]} */
  const samples = [];
  for (let run = 0; run < runs; run++) {
    const sandbox = realpathSync(mkdtempSync(join(tmpdir(), 'bulwark-bench-init-')));
    try {
      const home = join(sandbox, 'home');
      const project = join(home, 'project');
      makeRepository(project, files);
      const env = {
        PATH: process.env.PATH,
        HOME: home,
        LANG: 'C.UTF-8',
        NO_COLOR: '1',
        BULWARK_MANAGED_POLICY: join(sandbox, 'etc', 'policy.yaml'),
        BULWARK_CLAUDE_MANAGED_SETTINGS: join(sandbox, 'etc', 'managed-settings.json'),
      };
      const init = timed(['init', '--yes'], project, env);
      const doctor = timed(['doctor', '--json'], project, env);
      const again = timed(['init', '--yes'], project, env);
      samples.push({
        initMs: init.ms,
        doctorMs: doctor.ms,
        againMs: again.ms,
        changes: (init.stdout.match(/^(created|updated) /gm) ?? []).length,
        score: JSON.parse(doctor.stdout).score,
      });
    } finally {
      rmSync(sandbox, { recursive: true, force: true });
    }
  }
  const median = (/** @type {number[]} */ values) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return {
    files,
    runs,
    initMs: median(samples.map((s) => s.initMs)),
    doctorMs: median(samples.map((s) => s.doctorMs)),
    againMs: median(samples.map((s) => s.againMs)),
    changes: samples[0]?.changes ?? 0,
    score: samples[0]?.score ?? 0,
  };
}

/** @param {ReturnType<typeof initBench>} result */
export function printInit(result) {
  console.log(
    `  fresh repository, ${result.files} files + 21 commits, npm + uv (median of ${result.runs}):\n` +
      `  init --yes ${(result.initMs / 1000).toFixed(2)} s (${result.changes} files written, first scan included)   ` +
      `doctor ${(result.doctorMs / 1000).toFixed(2)} s   second init ${(result.againMs / 1000).toFixed(2)} s   score ${result.score}/100`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printInit(initBench({ runs: 3 }));
