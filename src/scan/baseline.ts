// The project's accepted findings: .bulwark/secrets-baseline.json, committed. Entries hold the
// rule, the file and the fingerprint (a hash, never the secret) with a reason; a finding matches
// an entry by fingerprint and file, wherever in the file it moved. Entries nothing matched are
// reported, so the baseline does not silently outlive what it excused.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../core/errors';
import type { Finding } from '../core/finding';

export const BASELINE_FILE = '.bulwark/secrets-baseline.json';
export const DEFAULT_REASON = 'accepted with bulwark scan --update-baseline';

export interface BaselineEntry {
  ruleId: string;
  file: string;
  fingerprint: string;
  reason: string;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

const FIX = `regenerate it with \`bulwark scan --update-baseline\`, or fix the entry by hand`;

export function readBaseline(path: string): Baseline | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path} is not JSON: ${(error as Error).message}`, FIX);
  }
  const baseline = data as Partial<Baseline>;
  if (
    typeof data !== 'object' ||
    data === null ||
    baseline.version !== 1 ||
    !Array.isArray(baseline.entries)
  ) {
    throw new UserError(`${path}: expected {"version": 1, "entries": [...]}`, FIX);
  }
  baseline.entries.forEach((entry, i) => {
    for (const key of ['ruleId', 'file', 'fingerprint', 'reason'] as const) {
      if (typeof entry?.[key] !== 'string' || entry[key].trim() === '') {
        throw new UserError(`${path}: entries[${i}].${key} must be a non-empty string`, FIX);
      }
    }
  });
  return baseline as Baseline;
}

function keyOf(entry: { file: string; fingerprint: string }): string {
  return `${entry.file}\0${entry.fingerprint}`;
}

export interface BaselineMatch {
  accepted: { finding: Finding; entry: BaselineEntry }[];
  remaining: Finding[];
  unused: BaselineEntry[];
}

export function applyBaseline(findings: readonly Finding[], baseline: Baseline | undefined): BaselineMatch {
  if (!baseline) return { accepted: [], remaining: [...findings], unused: [] };
  const byKey = new Map(baseline.entries.map((entry) => [keyOf(entry), entry]));
  const used = new Set<string>();
  const result: BaselineMatch = { accepted: [], remaining: [], unused: [] };
  for (const finding of findings) {
    const key = keyOf({ file: finding.location.file, fingerprint: finding.fingerprint });
    const entry = byKey.get(key);
    if (entry) {
      used.add(key);
      result.accepted.push({ finding, entry });
    } else result.remaining.push(finding);
  }
  result.unused = baseline.entries.filter((entry) => !used.has(keyOf(entry)));
  return result;
}

/** Every current finding, keeping the reasons already written for the ones that were there. */
export function writeBaseline(
  path: string,
  findings: readonly Finding[],
  previous: Baseline | undefined,
): Baseline {
  const reasons = new Map(previous?.entries.map((entry) => [keyOf(entry), entry.reason]));
  const entries = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    const key = keyOf({ file: finding.location.file, fingerprint: finding.fingerprint });
    entries.set(key, {
      ruleId: finding.ruleId,
      file: finding.location.file,
      fingerprint: finding.fingerprint,
      reason: reasons.get(key) ?? DEFAULT_REASON,
    });
  }
  const baseline: Baseline = {
    version: 1,
    entries: [...entries.values()].sort(
      (a, b) =>
        a.file.localeCompare(b.file) ||
        a.ruleId.localeCompare(b.ruleId) ||
        a.fingerprint.localeCompare(b.fingerprint),
    ),
  };
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(baseline, null, 2)}\n`, { flag: 'wx' });
  renameSync(temporary, path);
  return baseline;
}
