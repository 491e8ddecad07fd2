#!/usr/bin/env node
// Secret scanning speed, as users pay it:
//   1. `bulwark scan` (whole process, worker threads) over a text tree built from this
//      repository's node_modules (thousands of real JS/TS/JSON/Markdown files, binaries left out,
//      five planted secrets), in MB/s; in the same run secretlint 13.0.6 (devDependency, its
//      recommended preset) over the same tree;
//   2. the engine in-process: a 10 KB prompt, with and without a secret (p50/p99, DESIGN.md budget
//      <= 2 ms).
// Options: --tree DIR (scan DIR instead of building the tree), --runs N (default 3), --json.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = join(root, 'bin', 'bulwark.cjs');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(option('--runs')) || 3;

const PLANTED = [
  // bulwark:allow secrets.github-token -- planted on purpose: the benchmark counts what each scanner finds
  'GITHUB_TOKEN=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',
  // bulwark:allow secrets.slack-bot-token -- planted on purpose: the benchmark counts what each scanner finds
  'const slack = "xoxb-2746291532-4817302956123-Qm7vTzR2xK9pLw4sNd8YbHcE";',
  // bulwark:allow secrets.npm-token -- planted on purpose: the benchmark counts what each scanner finds
  'npm_token: npm_4Dk7mQ2vL9pZr5Tx8NwYb3HcJf6Gs1Ke0aUi',
  // bulwark:allow secrets.url-credentials -- planted on purpose: the benchmark counts what each scanner finds
  'DATABASE_URL=postgres://app:Rq4vN8sLp2wT4t@db.internal.example.net:5432/app',
  // bulwark:allow secrets.stripe-live-key -- planted on purpose: the benchmark counts what each scanner finds
  'stripe = "sk_live_51Hx9Kq2LmN5vTx9KpW3sHd7YzQ8rL2mN5vTx9KpW3sHd7YzQ8rL2mN"',
];

/** Every regular file under `dir` with its size. */
function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield { path, size: statSync(path).size };
  }
}

/** Text files of node_modules (≤ 1 MiB, no NUL in the first 8000 bytes), copied under tree/pkgs. */
function buildTree(into) {
  const source = join(root, 'node_modules');
  for (const { path, size } of filesUnder(source)) {
    if (size === 0 || size > 1024 * 1024 || readFileSync(path).subarray(0, 8000).includes(0)) continue;
    const target = join(into, 'pkgs', relative(source, path).replaceAll('node_modules', 'pkgs'));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(path, target);
  }
  writeFileSync(join(into, 'planted.txt'), `${PLANTED.join('\n')}\n`);
  return treeSize(into);
}

function treeSize(dir) {
  let files = 0;
  let bytes = 0;
  for (const { size } of filesUnder(dir)) {
    files++;
    bytes += size;
  }
  return { files, bytes };
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

function timed(command, argv, options) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

export async function secretsThroughput({ tree: given, runs: count = runs } = {}) {
  const sandbox = mkdtempSync(join(tmpdir(), 'bulwark-secrets-bench-'));
  try {
    const tree = given ?? join(sandbox, 'tree');
    const size = given ? treeSize(given) : buildTree(tree);
    const home = join(sandbox, 'home');
    mkdirSync(home);
    const env = { PATH: process.env.PATH, HOME: home, BULWARK_MANAGED_POLICY: join(sandbox, 'managed.yaml') };
    const bulwarkRuns = [];
    let bulwarkFindings = 0;
    for (let i = 0; i < count; i++) {
      const { ms, result } = timed(
        process.execPath,
        [bin, 'scan', '--no-ignore', '--format', 'json', '--max-file-size', String(1024 * 1024), tree],
        { env, cwd: tree },
      );
      if (result.status !== 0 && result.status !== 1)
        throw new Error(`bulwark scan failed: ${result.stderr}`);
      bulwarkRuns.push(ms);
      bulwarkFindings = JSON.parse(result.stdout).findings.length;
    }
    const rc = join(sandbox, '.secretlintrc.json');
    writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
    const secretlintBin = join(root, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
    const secretlintRuns = [];
    let secretlintFindings = 0;
    for (let i = 0; i < Math.min(count, 2); i++) {
      const { ms, result } = timed(
        process.execPath,
        [secretlintBin, '**/*', '--secretlintrc', rc, '--format', 'json', '--no-color'],
        { env, cwd: tree },
      );
      if (result.status !== 0 && result.status !== 1)
        throw new Error(`secretlint failed: ${result.stderr.slice(0, 500)}`);
      secretlintRuns.push(ms);
      try {
        secretlintFindings = JSON.parse(result.stdout).reduce((sum, file) => sum + file.messages.length, 0);
      } catch {
        secretlintFindings = Number.NaN;
      }
    }
    const mb = size.bytes / 1024 / 1024;
    return {
      tree: { files: size.files, megabytes: Number(mb.toFixed(2)), planted: given ? 0 : PLANTED.length },
      bulwark: {
        medianMs: Math.round(median(bulwarkRuns)),
        mbPerSecond: Number((mb / (median(bulwarkRuns) / 1000)).toFixed(1)),
        findings: bulwarkFindings,
      },
      secretlint: {
        medianMs: Math.round(median(secretlintRuns)),
        mbPerSecond: Number((mb / (median(secretlintRuns) / 1000)).toFixed(1)),
        findings: secretlintFindings,
      },
    };
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
}

/** A 10 KB prompt: prose, a stack trace, code and config, as people paste them. */
function promptOf(secret) {
  const parts = [
    'The build fails after I upgraded the client library. Here is the error and the config; can you find why the retry loop never stops?\n',
    'Error: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\n',
    'export async function withRetry(fn, attempts = 5) {\n  for (let i = 0; i < attempts; i++) {\n    try { return await fn(); } catch (error) { await sleep(2 ** i * 100); }\n  }\n}\n',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a ${VAR} reference, as config files write them
    'database:\n  host: db.internal\n  port: 5432\n  user: app\n  password: ${DB_PASSWORD}\n  pool: { min: 2, max: 10 }\n',
    'const token = process.env.API_TOKEN; const apiKey = config.get("apiKey");\n',
  ];
  let text = '';
  while (text.length < 10 * 1024) text += parts[text.length % parts.length] ?? parts[0];
  text = text.slice(0, 10 * 1024 - 80);
  return secret ? `${text}\nmy key is ${secret}\n` : text;
}

export async function promptLatency(iterations = 400) {
  const { detectSecrets } = await import(join(root, '.bench', 'secrets-engine.mjs'));
  const result = {};
  for (const [label, secret] of [
    ['10 KB prompt, no secret', undefined],
    ['10 KB prompt, one secret', PLANTED[0].split('=')[1]],
  ]) {
    const text = promptOf(secret);
    for (let i = 0; i < 50; i++) detectSecrets(text);
    const times = [];
    for (let i = 0; i < iterations; i++) {
      const started = process.hrtime.bigint();
      detectSecrets(text);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    result[label] = {
      p50: Number(percentile(times, 0.5).toFixed(3)),
      p99: Number(percentile(times, 0.99).toFixed(3)),
      found: detectSecrets(text).length,
    };
  }
  return result;
}

export function printThroughput(t) {
  console.log(
    `tree: ${t.tree.files} files, ${t.tree.megabytes} MB (text files of node_modules; ${t.tree.planted} planted secrets)`,
  );
  console.log(
    `  bulwark scan   ${String(t.bulwark.medianMs).padStart(6)} ms  ${String(t.bulwark.mbPerSecond).padStart(6)} MB/s  ${t.bulwark.findings} findings`,
  );
  console.log(
    `  secretlint     ${String(t.secretlint.medianMs).padStart(6)} ms  ${String(t.secretlint.mbPerSecond).padStart(6)} MB/s  ${t.secretlint.findings} findings`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const throughput = await secretsThroughput({ tree: option('--tree') });
  const latency = await promptLatency();
  if (args.includes('--json')) console.log(JSON.stringify({ throughput, latency }, null, 2));
  else {
    printThroughput(throughput);
    for (const [label, l] of Object.entries(latency))
      console.log(`  ${label.padEnd(26)} p50 ${l.p50} ms  p99 ${l.p99} ms`);
  }
}
