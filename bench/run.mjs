#!/usr/bin/env node
// `npm run bench`: the hook's cost as a user pays it. Prints
//   1. whole-process time of `bulwark hook claude-code` against `node -e 0`, measured in the same
//      run, interleaved pair by pair; the figure is the median of the per-pair ratios (DESIGN.md
//      budget: <= 1.2);
//   2. the same for a cold policy cache (the first call after a policy file changed);
//   3. throughput of `--batch` (one process, many events);
//   4. in-process decision time (p50/p99) for each kind of event;
//   5. the decision time on hostile shell input (bench/hostile.mjs), and the worst of it;
//   6. secret scanning: bulwark scan vs secretlint on a tree of thousands of files, and a 10 KB
//      prompt in-process (bench/secrets-throughput.mjs);
//   7. `bulwark init` on a fresh 1,000-file repository, `doctor`, and a second init
//      (bench/init-setup.mjs; target under 30 s);
//   8. with --secrets-corpus FILE (../shared/bench/secrets/external-cases.json): recall and
//      precision per source (bench/secrets-corpus.mjs).
// Options: --runs N (default 40), --json, --secrets-corpus FILE. Nothing leaves the machine: a temporary HOME and git
// repository are created and removed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOSTILE_COMMANDS } from './hostile.mjs';
import { initBench, printInit } from './init-setup.mjs';
import { printSecretCorpus, scoreSecretCorpus } from './secrets-corpus.mjs';
import { printThroughput, promptLatency, secretsThroughput } from './secrets-throughput.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = join(root, 'bin', 'bulwark.cjs');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 40;
const asJson = args.includes('--json');

const sandbox = realpathSync(mkdtempSync(join(tmpdir(), 'bulwark-bench-')));
const home = join(sandbox, 'home');
const project = join(home, 'project');
mkdirSync(project, { recursive: true });
execFileSync('git', ['init', '-q', project]);
writeFileSync(join(project, '.env'), 'TOKEN=bench\n');
writeFileSync(join(project, 'README.md'), '# bench\n');
const env = { PATH: process.env.PATH, HOME: home, BULWARK_MANAGED_POLICY: join(sandbox, 'managed.yaml') };

const event = (tool, input) =>
  JSON.stringify({
    session_id: 'bench',
    transcript_path: '/t',
    cwd: project,
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: tool,
    tool_input: input,
    tool_use_id: 't',
  });
const EVENTS = {
  'Read .env (deny)': event('Read', { file_path: join(project, '.env') }),
  'Read README.md (no objection)': event('Read', { file_path: join(project, 'README.md') }),
  'Write ~/.bashrc (deny)': event('Write', { file_path: join(home, '.bashrc'), content: 'x' }),
  'WebFetch metadata (deny)': event('WebFetch', { url: 'http://169.254.169.254/latest/', prompt: 'p' }),
  'Bash ls (no objection)': event('Bash', { command: 'ls -la' }),
  'Bash X=rm; $X -rf ~ (deny)': event('Bash', { command: 'X=rm; $X -rf ~' }),
  'Bash pipeline (no objection)': event('Bash', {
    command: 'git log --oneline | head -20 && npm test -- --run 2>&1 | tail -5',
  }),
  'Grep project (git-aware scan)': event('Grep', { pattern: 'TODO', path: project }),
  'Prompt, 2 KB, no secret': JSON.stringify({
    session_id: 'bench',
    transcript_path: '/t',
    cwd: project,
    hook_event_name: 'UserPromptSubmit',
    prompt:
      'Refactor the retry loop in src/net.ts so it backs off exponentially; keep the tests green. '.repeat(
        22,
      ),
  }),
  'Bash output with a token (redacted)': JSON.stringify({
    session_id: 'bench',
    transcript_path: '/t',
    cwd: project,
    hook_event_name: 'PostToolUse',
    tool_name: 'Bash',
    tool_input: { command: 'cat deploy.env' },
    tool_response: {
      // bulwark:allow secrets.github-token -- planted on purpose: the benchmark counts what each scanner finds
      stdout: 'GITHUB_TOKEN=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\n',
      stderr: '',
      interrupted: false,
      isImage: false,
    },
  }),
};

function time(command, argv, input) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, argv, { input, env, cwd: project, encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && argv[0] !== '-e') throw new Error(`bench run failed: ${result.stderr}`);
  return elapsed;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function wholeProcess(label, input, beforeEach) {
  const baseline = [];
  const hook = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    beforeEach?.();
    const b = time(process.execPath, ['-e', '0']);
    const h = time(process.execPath, [bin, 'hook', 'claude-code'], input);
    baseline.push(b);
    hook.push(h);
    ratios.push(h / b);
  }
  return { label, runs, nodeMs: median(baseline), hookMs: median(hook), ratio: median(ratios) };
}

const results = {
  machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
  wholeProcess: [],
  batch: null,
  inProcess: [],
  hostile: [],
};

time(process.execPath, [bin, 'hook', 'claude-code'], EVENTS['Read .env (deny)']); // warm the policy cache and the file cache
for (const [label, input] of Object.entries(EVENTS)) results.wholeProcess.push(wholeProcess(label, input));
const cacheDir = join(home, '.cache', 'bulwark');
results.wholeProcess.push(
  wholeProcess('Read .env, cold policy cache', EVENTS['Read .env (deny)'], () =>
    rmSync(cacheDir, { recursive: true, force: true }),
  ),
);

// --batch: the same code path, one process.
const batchEvents = 3000;
const lines = Object.entries(EVENTS)
  .filter(([label]) => !label.startsWith('Grep'))
  .map(([, line]) => line);
const batchInput = `${Array.from({ length: batchEvents }, (_, i) => lines[i % lines.length]).join('\n')}\n`;
const batchMs = time(process.execPath, [bin, 'hook', 'claude-code', '--batch'], batchInput);
results.batch = {
  events: batchEvents,
  ms: batchMs,
  eventsPerSecond: Math.round((batchEvents / batchMs) * 1000),
  note: 'includes one audit append per event',
};

// In-process decisions: the judge alone, through the bundled hook module's own exports.
const { benchJudge, judgeCommands } = await import(join(root, '.bench', 'in-process.mjs'));
results.inProcess = await benchJudge({ root, home, project, env, events: EVENTS, iterations: 2000 });

// Hostile shell input: the worst decision time, each input judged a few times (the median kept).
const hostile = await judgeCommands({
  root,
  home,
  project,
  env,
  commands: HOSTILE_COMMANDS.flatMap(([, command]) => Array(5).fill(command)),
});
results.hostile = HOSTILE_COMMANDS.map(([label], i) => ({
  label,
  outcome: hostile[i * 5].outcome,
  ruleId: hostile[i * 5].ruleId,
  ms: median(hostile.slice(i * 5, i * 5 + 5).map((r) => r.ms)),
}));

rmSync(sandbox, { recursive: true, force: true });

results.secrets = { throughput: await secretsThroughput({ runs: 3 }), prompt: await promptLatency() };
results.init = initBench({ runs: 3 });
const corpusPath = args.includes('--secrets-corpus') ? args[args.indexOf('--secrets-corpus') + 1] : undefined;
if (corpusPath) results.secrets.corpus = await scoreSecretCorpus(corpusPath);

if (asJson) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  const f = (n) => n.toFixed(1).padStart(7);
  console.log(
    `bulwark bench — node ${results.machine.node}, ${results.machine.cpus} CPUs, ${runs} interleaved runs each\n`,
  );
  console.log(
    'whole process: bulwark hook claude-code vs node -e 0 (medians; ratio = median of per-pair ratios; budget <= 1.20)',
  );
  for (const r of results.wholeProcess)
    console.log(
      `  ${r.label.padEnd(34)} node ${f(r.nodeMs)} ms   hook ${f(r.hookMs)} ms   ratio ${r.ratio.toFixed(3)}`,
    );
  console.log(
    `\n--batch: ${batchEvents} events in ${batchMs.toFixed(0)} ms = ${results.batch.eventsPerSecond} events/s (with an audit append each)`,
  );
  console.log('\nin-process decision time (judge only, warm; budget p99 <= 2 ms)');
  for (const r of results.inProcess)
    console.log(`  ${r.label.padEnd(34)} p50 ${r.p50.toFixed(3)} ms   p99 ${r.p99.toFixed(3)} ms`);
  const worst = results.hostile.reduce((a, b) => (b.ms > a.ms ? b : a));
  console.log(`\nhostile shell input (median of 5 each): worst ${worst.ms.toFixed(1)} ms (${worst.label})`);
  for (const r of results.hostile)
    console.log(`  ${r.label.padEnd(34)} ${r.ms.toFixed(2).padStart(8)} ms   ${r.outcome} ${r.ruleId ?? ''}`);
  console.log('\nsecret scanning (whole process, median of 3; budget >= 50 MB/s on 2 cores)');
  printThroughput(results.secrets.throughput);
  console.log('\nsecrets engine in-process (budget: a 10 KB prompt <= 2 ms)');
  for (const [label, l] of Object.entries(results.secrets.prompt))
    console.log(`  ${label.padEnd(34)} p50 ${l.p50.toFixed(3)} ms   p99 ${l.p99.toFixed(3)} ms`);
  console.log('\nbulwark init on a fresh repository (target < 30 s wall)');
  printInit(results.init);
  if (results.secrets.corpus) {
    console.log(`\nsecret detection on ${corpusPath} (target >= 95% recall at >= 95% precision)`);
    printSecretCorpus(results.secrets.corpus);
  } else {
    console.log(
      '\n(secret detection rates: npm run bench -- --secrets-corpus ../shared/bench/secrets/external-cases.json)',
    );
  }
}
