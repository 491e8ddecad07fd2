// `bulwark log tail | stats | verify`.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { prepare } from '../../adapters/claude-code/setup';
import { type AuditRecord, CURRENT_FILE, logFiles } from '../../audit/log';
import { readRecords, verifyAuditLog } from '../../audit/verify';
import { expandHome } from '../../engines/files/paths';
import { defaultAuditDir, type Environment } from '../../policy/locate';
import { outcomeLabel } from '../../reporters/decision';

interface DirOption {
  dir?: string;
  json?: boolean;
}

/** --dir, else the policy's audit.dir, else the default; an invalid policy does not hide the log. */
async function auditDir(options: DirOption, environment: Environment): Promise<string> {
  if (options.dir) return resolve(expandHome(options.dir, environment.home));
  try {
    return (await prepare(process.cwd(), environment)).auditDir;
  } catch {
    return defaultAuditDir(environment);
  }
}

function formatRecord(record: AuditRecord): string {
  const rule = record.rule ? pc.dim(` ${record.rule}`) : '';
  return `${pc.dim(record.time)} ${outcomeLabel(record.decision)} ${record.tool ?? record.event} ${record.input}${rule}`;
}

function print(record: AuditRecord, json: boolean | undefined): void {
  process.stdout.write(`${json ? JSON.stringify(record) : formatRecord(record)}\n`);
}

export async function logTail(
  options: DirOption & { lines: number; follow?: boolean },
  environment: Environment,
) {
  const dir = await auditDir(options, environment);
  const records = readRecords(dir);
  if (records.length === 0 && !options.follow && !options.json) {
    process.stderr.write(`no decisions recorded yet in ${dir}\n`);
  }
  for (const record of records.slice(-options.lines)) print(record, options.json);
  if (!options.follow) return 0;
  await follow(dir, records.at(-1)?.seq ?? 0, options.json);
  return 0;
}

/** Polls the current log file for appended lines; a rotation starts the new file from its top. */
async function follow(dir: string, lastSeq: number, json: boolean | undefined): Promise<never> {
  const current = join(dir, CURRENT_FILE);
  let seen = lastSeq;
  let offset = 0;
  let inode = -1;
  let pending = '';
  for (;;) {
    const stats = statSync(current, { throwIfNoEntry: false });
    if (stats && (stats.ino !== inode || stats.size < offset)) {
      inode = stats.ino;
      offset = 0;
      pending = '';
    }
    if (stats && stats.size > offset) {
      const fd = openSync(current, 'r');
      const buffer = Buffer.alloc(stats.size - offset);
      readSync(fd, buffer, 0, buffer.length, offset);
      closeSync(fd);
      offset = stats.size;
      const lines = (pending + buffer.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const record = JSON.parse(line) as AuditRecord;
          if (record.seq > seen) {
            seen = record.seq;
            print(record, json);
          }
        } catch {
          // `log verify` reports lines that are not records.
        }
      }
    }
    await new Promise((done) => setTimeout(done, 300));
  }
}

function countBy(records: readonly AuditRecord[], key: (record: AuditRecord) => string | undefined) {
  const counts = new Map<string, number>();
  for (const record of records) {
    const value = key(record);
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

export async function logStats(options: DirOption, environment: Environment) {
  const dir = await auditDir(options, environment);
  const records = readRecords(dir);
  const stats = {
    dir,
    records: records.length,
    files: logFiles(dir).length,
    sessions: new Set(records.map((record) => record.session)).size,
    first: records[0]?.time ?? null,
    last: records.at(-1)?.time ?? null,
    byDecision: countBy(records, (record) => record.decision),
    byTool: countBy(records, (record) => record.tool),
    byRule: countBy(records, (record) => record.rule),
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
    return 0;
  }
  const table = (title: string, counts: Record<string, number>, limit = 15) => {
    const rows = Object.entries(counts).slice(0, limit);
    return [
      pc.bold(title),
      ...(rows.length
        ? rows.map(([name, n]) => `  ${String(n).padStart(7)}  ${name}`)
        : [pc.dim('  (none)')]),
    ];
  };
  const out = [
    `${stats.records} decisions in ${stats.files} file(s), ${stats.sessions} session(s)` +
      (stats.first ? `, ${stats.first} to ${stats.last}` : ''),
    `${pc.dim(dir)}`,
    '',
    ...table('by decision', stats.byDecision),
    '',
    ...table('by tool', stats.byTool),
    '',
    ...table('by rule', stats.byRule),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

export async function logVerify(options: DirOption, environment: Environment) {
  const dir = await auditDir(options, environment);
  const report = verifyAuditLog(dir);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ dir, ...report }, null, 2)}\n`);
    return report.intact ? 0 : 1;
  }
  if (report.problem) {
    const { problem } = report;
    process.stdout.write(
      `${pc.red('audit log broken')}: ${join(dir, problem.file)} line ${problem.line}: ${pc.bold(problem.kind)}: ${problem.detail}\n`,
    );
    return 1;
  }
  if (report.records === 0) {
    process.stdout.write(`no audit log in ${dir} yet: nothing to verify\n`);
  } else {
    process.stdout.write(
      `${pc.green('audit log intact')}: ${report.records} records (1 to ${report.lastSeq}) in ${report.files.length} file(s), ${dir}\n`,
    );
  }
  return 0;
}
