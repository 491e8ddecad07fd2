// Walks the hash chain of every log file, oldest first, and names the first place it breaks:
// a line edited, records deleted or reordered, or the end cut off.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type AuditRecord, GENESIS_HASH, hashLine, logFiles, readHead } from './log';

export type BreakKind = 'edited' | 'deleted' | 'reordered' | 'truncated';

export interface ChainBreak {
  kind: BreakKind;
  file: string;
  line: number;
  detail: string;
}

export interface VerifyReport {
  intact: boolean;
  records: number;
  files: string[];
  lastSeq: number;
  problem?: ChainBreak;
}

interface Line {
  file: string;
  number: number;
  text: string;
  /** The last line of the last file without a newline: an append that never finished. */
  partial: boolean;
}

function readLines(files: readonly string[]): Line[] {
  const lines: Line[] = [];
  files.forEach((file, fileIndex) => {
    const text = readFileSync(file, 'utf8');
    const parts = text.split('\n');
    const complete = text.endsWith('\n') || text.length === 0;
    if (complete) parts.pop();
    parts.forEach((part, i) => {
      const partial = !complete && i === parts.length - 1 && fileIndex === files.length - 1;
      lines.push({ file: basename(file), number: i + 1, text: part, partial });
    });
  });
  return lines;
}

function parseRecord(text: string): AuditRecord | undefined {
  try {
    const record = JSON.parse(text) as Partial<AuditRecord>;
    const valid =
      record.v === 1 &&
      Number.isSafeInteger(record.seq) &&
      typeof record.prev === 'string' &&
      /^[0-9a-f]{64}$/.test(record.prev);
    return valid ? (record as AuditRecord) : undefined;
  } catch {
    return undefined;
  }
}

export function verifyAuditLog(dir: string): VerifyReport {
  const files = logFiles(dir);
  const lines = readLines(files);
  const records = lines.map((line) => parseRecord(line.text));
  const seqsPresent = new Set(records.flatMap((record) => (record ? [record.seq] : [])));
  const report = (problem?: ChainBreak, lastSeq = 0): VerifyReport => ({
    intact: problem === undefined,
    records: lines.length,
    files: files.map((file) => basename(file)),
    lastSeq,
    problem,
  });

  let previous: { line: Line; seq: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const record = records[i];
    const at = { file: line.file, line: line.number };
    if (!record) {
      if (line.partial) {
        return report({
          kind: 'truncated',
          ...at,
          detail: 'the last line is incomplete: an append was cut off',
        });
      }
      return report({ kind: 'edited', ...at, detail: 'the line is not a valid audit record' });
    }
    if (!previous) {
      if (record.seq !== 1 || record.prev !== GENESIS_HASH) {
        return report({
          kind: 'deleted',
          ...at,
          detail: `the log starts at record ${record.seq}: records 1 to ${record.seq - 1} are missing`,
        });
      }
    } else if (record.prev !== hashLine(previous.line.text)) {
      const expected = previous.seq + 1;
      if (record.seq === expected) {
        return report({
          kind: 'edited',
          file: previous.line.file,
          line: previous.line.number,
          detail: `record ${previous.seq} was changed after it was written: its hash no longer matches the one record ${record.seq} recorded`,
        });
      }
      const missing = Array.from({ length: Math.max(0, record.seq - expected) }, (_, k) => expected + k);
      if (record.seq < expected || missing.some((seq) => seqsPresent.has(seq))) {
        return report({
          kind: 'reordered',
          ...at,
          detail: `record ${record.seq} follows record ${previous.seq}: records are out of order`,
        });
      }
      return report({
        kind: 'deleted',
        ...at,
        detail: `records ${expected} to ${record.seq - 1} are missing before record ${record.seq}`,
      });
    } else if (record.seq !== previous.seq + 1) {
      return report({
        kind: 'edited',
        ...at,
        detail: `record ${previous.seq + 1} has had its sequence number changed`,
      });
    }
    if (record.anomaly) {
      return report({
        kind: 'truncated',
        ...at,
        detail: `when record ${record.seq} was written, ${record.anomaly}`,
      });
    }
    previous = { line, seq: record.seq };
  }

  const lastSeq = previous?.seq ?? 0;
  const head = readHead(dir);
  const last = previous?.line;
  const end = { file: last?.file ?? 'audit.jsonl', line: last?.number ?? 0 };
  if (!head) {
    if (lines.length === 0) return report(undefined, 0);
    const detail = 'the head file is missing, so records cut off the end cannot be ruled out';
    return report({ kind: 'truncated', ...end, detail }, lastSeq);
  }
  if (head.seq > lastSeq) {
    return report(
      {
        kind: 'truncated',
        ...end,
        detail: `the log ends at record ${lastSeq} but record ${head.seq} was written: ${head.seq - lastSeq} records were cut off the end`,
      },
      lastSeq,
    );
  }
  if (head.seq === lastSeq && last && head.hash !== hashLine(last.text)) {
    return report(
      {
        kind: 'edited',
        ...end,
        detail: `record ${lastSeq} was changed after it was written (it no longer matches the head)`,
      },
      lastSeq,
    );
  }
  if (head.seq < lastSeq) {
    return report(
      {
        kind: 'edited',
        ...end,
        detail: `the head file says record ${head.seq} is the last, but the log goes on to ${lastSeq}`,
      },
      lastSeq,
    );
  }
  return report(undefined, lastSeq);
}

/** All records, oldest first; lines that are not records are skipped (verify reports them). */
export function readRecords(dir: string): AuditRecord[] {
  return readLines(logFiles(dir)).flatMap((line) => {
    const record = parseRecord(line.text);
    return record ? [record] : [];
  });
}
