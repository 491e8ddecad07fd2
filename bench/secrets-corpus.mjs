#!/usr/bin/env node
// Recall and precision of the secrets engine on labelled texts ({source, rule, label, text}),
// per source and in total. A text counts as flagged when the engine finds any secret in it.
// Cases where bulwark disagrees with the label on purpose are listed in
// bench/secrets-disagreements.json with the reason, and reported apart (never silently dropped).
//   node bench/secrets-corpus.mjs ../shared/bench/secrets/external-cases.json [--misses] [--json]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

export async function scoreSecretCorpus(corpusPath) {
  const { detectSecrets } = await import(join(root, '.bench', 'secrets-engine.mjs'));
  const cases = JSON.parse(readFileSync(corpusPath, 'utf8'));
  const disagreements = new Map(
    JSON.parse(readFileSync(join(root, 'bench', 'secrets-disagreements.json'), 'utf8')).map((entry) => [
      `${entry.source}#${entry.id}`,
      entry.reason,
    ]),
  );
  const tally = new Map();
  const misses = [];
  const disagreed = [];
  const count = (source) => {
    if (!tally.has(source)) tally.set(source, { tp: 0, fp: 0, fn: 0, tn: 0 });
    return tally.get(source);
  };
  for (const entry of cases) {
    const found = detectSecrets(entry.text, entry.name ? { path: entry.name } : {});
    const flagged = found.length > 0;
    const outcome = entry.label ? (flagged ? 'tp' : 'fn') : flagged ? 'fp' : 'tn';
    for (const source of [entry.source, 'total']) count(source)[outcome]++;
    if (outcome === 'fp' || outcome === 'fn') {
      const reason = disagreements.get(`${entry.source}#${entry.id}`);
      const record = {
        outcome,
        source: entry.source,
        id: entry.id,
        rule: entry.rule,
        text: entry.text.slice(0, 160),
        found: found.map((m) => m.rule.id),
      };
      if (reason) disagreed.push({ ...record, reason });
      else misses.push(record);
    }
  }
  const rows = [...tally].map(([source, t]) => ({
    source,
    ...t,
    recall: t.tp / Math.max(1, t.tp + t.fn),
    precision: t.tp / Math.max(1, t.tp + t.fp),
  }));
  return { rows, misses, disagreed };
}

const pct = (x) => `${(x * 100).toFixed(1)}%`;

export function printSecretCorpus({ rows, disagreed }) {
  console.log('source                      TP   FP   FN   TN   recall  precision');
  for (const r of rows) {
    console.log(
      `${r.source.padEnd(26)}${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)} ${String(r.tn).padStart(4)}   ${pct(r.recall).padStart(6)}  ${pct(r.precision).padStart(8)}`,
    );
  }
  if (disagreed.length > 0) {
    console.log(
      `\n${disagreed.length} misses where bulwark disagrees with the label on purpose (counted above):`,
    );
    for (const d of disagreed)
      console.log(
        `  ${d.outcome} ${d.source}#${d.id} [${d.rule}] ${JSON.stringify(d.text.slice(0, 70))}\n      why: ${d.reason}`,
      );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const corpus = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  if (!corpus) {
    console.error('usage: node bench/secrets-corpus.mjs <external-cases.json> [--misses] [--json]');
    process.exit(2);
  }
  const result = await scoreSecretCorpus(corpus);
  if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
  else {
    printSecretCorpus(result);
    if (process.argv.includes('--misses')) {
      console.log(`\n${result.misses.length} other misses:`);
      for (const m of result.misses)
        console.log(
          `  ${m.outcome} ${m.source}#${m.id} [${m.rule}] found=${m.found.join(',')} ${JSON.stringify(m.text)}`,
        );
    }
  }
}
