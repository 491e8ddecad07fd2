#!/usr/bin/env node
// `npm run bench:shell -- --peers FILE --nl2bash FILE --tldr FILE [--out DIR] [--json]`: the shell
// engine against public corpora (../shared/bench/README.md). Prints
//   1. per source of the peer corpora: the share of deny cases bulwark stops (deny or ask), and
//      each one it lets through; where a peer labels `allow` and bulwark stops it, that is listed;
//      deny cases let through that bench/peer-disagreements.json explains are marked "on purpose"
//      with the reason (they still count as let through);
//   2. the share of each benign corpus bulwark blocks (deny or ask), with every blocked command,
//      its kind (not bash, destructive, privilege, other) and the rule that blocked it written to
//      DIR/blocked-<corpus>.tsv for review; lines bash itself rejects (bash -n) are left out;
//   3. in-process decision time over all commands (p50, p99, max).
// Nothing leaves the machine: a temporary HOME and git project are created and removed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const peers = option('--peers');
const benign = { nl2bash: option('--nl2bash'), tldr: option('--tldr') };
const out = option('--out') ?? join(root, '.bench');
if (!peers && !benign.nl2bash && !benign.tldr) {
  console.error(
    'usage: npm run bench:shell -- --peers peer-corpora.json --nl2bash nl2bash-commands.txt --tldr tldr-examples.txt [--out DIR] [--json]',
  );
  process.exit(2);
}

const sandbox = realpathSync(mkdtempSync(join(tmpdir(), 'bulwark-bench-shell-')));
const home = join(sandbox, 'home');
const project = join(home, 'project');
mkdirSync(join(project, 'src'), { recursive: true });
// A developer's machine: an SSH key and cloud credentials in the home directory, and a clean
// checkout with the source committed and .env ignored (as `bulwark init` leaves a project).
for (const [file, text] of [
  ['.ssh/id_ed25519', 'bench key\n'],
  ['.aws/credentials', '[default]\n'],
]) {
  mkdirSync(dirname(join(home, file)), { recursive: true });
  writeFileSync(join(home, file), text);
}
execFileSync('git', ['init', '-q', project]);
writeFileSync(join(project, '.gitignore'), '.env\n');
writeFileSync(join(project, '.env'), 'TOKEN=bench\n');
writeFileSync(join(project, 'src', 'app.ts'), 'export const app = 1;\n');
const gitAs = ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-C', project];
execFileSync('git', [...gitAs, 'add', '.']);
execFileSync('git', [...gitAs, 'commit', '-q', '-m', 'bench fixture']);
const env = {
  PATH: process.env.PATH,
  HOME: home,
  USER: 'bench',
  BULWARK_MANAGED_POLICY: join(sandbox, 'managed.yaml'),
};
const { judgeCommands } = await import(join(root, '.bench', 'in-process.mjs'));
/** Peer labels bulwark disagrees with on purpose, each with the reason (printed, still counted). */
const onPurpose = new Map(
  JSON.parse(readFileSync(join(root, 'bench', 'peer-disagreements.json'), 'utf8')).map((d) => [
    d.command,
    d.why,
  ]),
);
/**
 * Rules that fire only on commands that destroy data or break the system: the destruction pack
 * (the issue's "filesystem destruction", system writes and recursive permission changes included)
 * and the destroying rules of the git and infrastructure packs. The benign target leaves them out.
 */
const DESTRUCTIVE = new Set(
  [
    ...readFileSync(join(root, 'src', 'engines', 'shell', 'rules', 'destruction.yaml'), 'utf8').matchAll(
      /^- id: (\S+)$/gm,
    ),
  ].map((m) => m[1]),
);
for (const id of [
  'shell.git-force-push',
  'shell.git-discard-work',
  'shell.git-discard-changes',
  'shell.git-drop-refs',
  'shell.git-rewrite-history',
  'shell.infra-destroy',
  'shell.database-destroy',
])
  DESTRUCTIVE.add(id);
/** bash's own parser (-n reads, never runs): a line it rejects is not a command bash would run. */
const bashRejects = (command) => spawnSync('bash', ['-n', '-c', command], { stdio: 'ignore' }).status !== 0;
/** Why a benign command was blocked, for the listing and the figures. */
function blockedKind(verdict) {
  if (verdict.ruleId === 'shell.syntax' && bashRejects(verdict.command)) return 'not-bash';
  if (DESTRUCTIVE.has(verdict.ruleId)) return 'destructive';
  if (verdict.ruleId === 'shell.privilege') return 'privilege';
  return 'other';
}
const stopped = (outcome) => outcome === 'deny' || outcome === 'ask';
const pct = (n, d) => (d ? `${((100 * n) / d).toFixed(2)}%` : 'n/a');
const report = { peers: [], benign: [], latency: undefined };
const times = [];
const slowest = [];

if (peers) {
  const cases = JSON.parse(readFileSync(peers, 'utf8'));
  const judged = await judgeCommands({ root, home, project, env, commands: cases.map((c) => c.command) });
  const bySource = new Map();
  for (const [i, c] of cases.entries()) {
    const verdict = judged[i];
    times.push(verdict.ms);
    slowest.push(verdict);
    const entry = bySource.get(c.src) ?? {
      source: c.src,
      deny: 0,
      denyStopped: 0,
      missed: [],
      allow: 0,
      allowStopped: [],
    };
    bySource.set(c.src, entry);
    if (c.expected === 'deny') {
      entry.deny++;
      if (stopped(verdict.outcome)) entry.denyStopped++;
      else
        entry.missed.push({ id: c.id, cat: c.cat, command: c.command, onPurpose: onPurpose.get(c.command) });
    } else if (c.expected === 'allow' || c.expected === 'watch') {
      entry.allow++;
      if (stopped(verdict.outcome))
        entry.allowStopped.push({
          id: c.id,
          command: c.command,
          outcome: verdict.outcome,
          ruleId: verdict.ruleId,
        });
    }
  }
  report.peers = [...bySource.values()];
}

for (const [name, file] of Object.entries(benign)) {
  if (!file) continue;
  const commands = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim());
  const judged = await judgeCommands({ root, home, project, env, commands });
  const blocked = judged.filter((v) => stopped(v.outcome));
  for (const v of judged) times.push(v.ms);
  slowest.push(...judged);
  mkdirSync(out, { recursive: true });
  const listing = join(out, `blocked-${name}.tsv`);
  const kinds = blocked.map(blockedKind);
  writeFileSync(
    listing,
    blocked
      .map((v, i) => `${kinds[i]}\t${v.outcome}\t${v.ruleId}\t${v.command.replace(/[\t\n]/g, ' ')}`)
      .join('\n') + '\n',
  );
  const byRule = {};
  const byKind = { 'not-bash': 0, destructive: 0, privilege: 0, other: 0 };
  for (const [i, v] of blocked.entries()) {
    byKind[kinds[i]]++;
    if (kinds[i] === 'other') byRule[v.ruleId] = (byRule[v.ruleId] ?? 0) + 1;
  }
  report.benign.push({
    corpus: name,
    commands: commands.length,
    notBash: byKind['not-bash'],
    blocked: blocked.length,
    denied: blocked.filter((v) => v.outcome === 'deny').length,
    byKind,
    otherByRule: byRule,
    listing,
  });
}

times.sort((a, b) => a - b);
const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
slowest.sort((a, b) => b.ms - a.ms);
report.latency = {
  commands: times.length,
  p50: at(0.5),
  p99: at(0.99),
  max: times.at(-1),
  slowest: slowest.slice(0, 8).map((v) => ({ ms: v.ms, command: v.command })),
};
rmSync(sandbox, { recursive: true, force: true });

if (args.includes('--json')) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  console.log('peer corpora: deny cases stopped (deny or ask; target >= 97%)');
  let total = 0;
  let totalStopped = 0;
  for (const p of report.peers) {
    total += p.deny;
    totalStopped += p.denyStopped;
    console.log(
      `  ${p.source.padEnd(18)} ${String(p.denyStopped).padStart(4)}/${String(p.deny).padEnd(4)} ${pct(p.denyStopped, p.deny)}`,
    );
  }
  if (report.peers.length)
    console.log(
      `  ${'all'.padEnd(18)} ${String(totalStopped).padStart(4)}/${String(total).padEnd(4)} ${pct(totalStopped, total)}`,
    );
  const missed = report.peers.flatMap((p) => p.missed.map((m) => ({ ...m, source: p.source })));
  const explained = missed.filter((m) => m.onPurpose);
  console.log(
    `  let through: ${missed.length} (${explained.length} on purpose, listed with the reason; ${missed.length - explained.length} missed)`,
  );
  for (const m of missed)
    console.log(
      `    ${m.onPurpose ? 'on purpose' : 'MISSED    '}  ${m.source} ${m.id} [${m.cat}] ${m.command.replace(/\n/g, '⏎').slice(0, 100)}${m.onPurpose ? `\n                why: ${m.onPurpose}` : ''}`,
    );
  for (const p of report.peers)
    for (const a of p.allowStopped)
      console.log(
        `    peer allows, bulwark ${a.outcome} (${a.ruleId}): ${p.source} ${a.id} ${a.command.replace(/\n/g, '⏎').slice(0, 100)}`,
      );
  console.log(
    '\nbenign corpora: commands blocked (deny or ask; targets apart from the truly destructive: nl2bash <= 0.5%, tldr <= 0.2%)',
  );
  for (const b of report.benign) {
    const commands = b.commands - b.notBash;
    const k = b.byKind;
    console.log(`  ${b.corpus} (list, each line with its kind: ${b.listing})`);
    console.log(
      `    ${b.commands} lines, ${b.notBash} of them not bash (bash -n rejects them: keystrokes, prose, broken quoting), left out`,
    );
    console.log(
      `    blocked                         ${b.blocked - b.notBash}/${commands} = ${pct(b.blocked - b.notBash, commands)}`,
    );
    console.log(`      destructive (destruction pack, git and cloud deletes) ${k.destructive}`);
    console.log(`      privilege (sudo, su, doas: ask)         ${k.privilege}`);
    console.log(`      other                                   ${k.other}`);
    console.log(
      `    blocked apart from the destructive       ${k.privilege + k.other}/${commands} = ${pct(k.privilege + k.other, commands)}`,
    );
    console.log(
      `    ... and apart from sudo                  ${k.other}/${commands} = ${pct(k.other, commands)}`,
    );
    const rules = Object.entries(b.otherByRule).sort((x, y) => y[1] - x[1]);
    console.log(`    other, by rule: ${rules.map(([r, n]) => `${r} ${n}`).join(', ')}`);
  }
  const l = report.latency;
  console.log(
    `\nin-process decision time over ${l.commands} commands: p50 ${l.p50.toFixed(3)} ms, p99 ${l.p99.toFixed(3)} ms, max ${l.max.toFixed(2)} ms (budget p99 <= 2 ms)`,
  );
  for (const slow of l.slowest)
    console.log(`  ${slow.ms.toFixed(1).padStart(6)} ms  ${slow.command.replace(/\n/g, '⏎').slice(0, 100)}`);
}
