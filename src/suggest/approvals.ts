// The shell commands the user approved when bulwark asked, from the audit log, one entry per
// command line. The log keeps a redacted, bounded summary of each command: one that was cut short
// or had a secret taken out is not the command that ran, so it cannot become a rule.
import type { AuditRecord } from '../audit/log';

/** The tools whose approvals become allow rules (their input summary is the command line). */
const SHELL_TOOLS: ReadonlySet<string> = new Set(['Bash']);

export interface Approval {
  command: string;
  approvals: number;
  sessions: number;
  sessionIds: string[];
  /** ISO time of the latest approval. */
  lastSeen: string;
  /** Working directories it was approved in, latest first. */
  cwds: string[];
}

export type UnusableReason = 'truncated' | 'redacted' | 'empty';

export interface Unusable {
  command: string;
  approvals: number;
  reason: UnusableReason;
}

export interface CollectedApprovals {
  /** Every approved Bash record (usable or not). */
  total: number;
  approvals: Approval[];
  unusable: Unusable[];
}

/** `summarize` ends a cut line with `…`; `redact` marks an over-long input with `…[N more chars]`. */
const TRUNCATED = /…$|…\[\d+ more chars\]/;
const REDACTED = /\[redacted(?::[a-z0-9-]+)?\]/;

function unusableReason(command: string): UnusableReason | undefined {
  if (command.trim() === '') return 'empty';
  if (TRUNCATED.test(command)) return 'truncated';
  if (REDACTED.test(command)) return 'redacted';
  return undefined;
}

/** Most approvals first, then by command: stable output for the same log. */
function byCount<T extends { approvals: number; command: string }>(a: T, b: T): number {
  return b.approvals - a.approvals || (a.command < b.command ? -1 : a.command > b.command ? 1 : 0);
}

export function collectApprovals(records: readonly AuditRecord[]): CollectedApprovals {
  const groups = new Map<string, { records: AuditRecord[] }>();
  let total = 0;
  for (const record of records) {
    if (record.decision !== 'approved' || !SHELL_TOOLS.has(record.tool ?? '')) continue;
    total++;
    const group = groups.get(record.input) ?? { records: [] };
    group.records.push(record);
    groups.set(record.input, group);
  }
  const approvals: Approval[] = [];
  const unusable: Unusable[] = [];
  for (const [command, group] of groups) {
    const reason = unusableReason(command);
    if (reason) {
      unusable.push({ command, approvals: group.records.length, reason });
      continue;
    }
    const latestFirst = [...group.records].reverse();
    const sessionIds = [...new Set(group.records.map((record) => record.session))];
    approvals.push({
      command,
      approvals: group.records.length,
      sessions: sessionIds.length,
      sessionIds,
      lastSeen: latestFirst[0]?.time ?? '',
      cwds: [...new Set(latestFirst.map((record) => record.cwd).filter((cwd) => cwd !== ''))],
    });
  }
  return { total, approvals: approvals.sort(byCount), unusable: unusable.sort(byCount) };
}
