// `bulwark scan`: a source (working tree, staged change, diff, history, stdin, the agent's own
// history files) → the secrets engine → suppressions (policy, inline comments, baseline) → one
// report in a stable order.
import { join } from 'node:path';
import type { Finding } from '../core/finding';
import type { SuppressedFinding } from '../engines/secrets/scan-text';
import { agentHistoryFiles } from './agent-history';
import { applyBaseline, type Baseline, type BaselineEntry } from './baseline';
import { type AddedLines, diffAdditions, historyBlobs, readObjects, stagedAdditions } from './git';
import { scanFiles } from './pool';
import { type FileScan, FileScanner, type ScanConfig, type SkipReason } from './scan-file';
import { walkTree } from './tree';

export type ScanSource =
  | { kind: 'tree'; paths: string[]; gitignore: boolean }
  | { kind: 'staged' }
  | { kind: 'diff'; base: string }
  /** `revisions` as `git log` takes them; default every ref. */
  | { kind: 'history'; revisions?: string[] }
  | { kind: 'stdin'; text: string }
  | { kind: 'agent-history'; redact: boolean };

export interface ScanStats {
  source: ScanSource['kind'];
  files: number;
  bytes: number;
  skipped: Record<SkipReason, number>;
  /** The first skipped files, for the report. */
  skippedFiles: { file: string; reason: SkipReason }[];
  commits?: number;
  blobs?: number;
  /** --agent-history --redact: files rewritten without their secrets. */
  redactedFiles?: number;
  durationMs: number;
}

export interface ScanReport {
  findings: Finding[];
  suppressed: (
    | SuppressedFinding
    | { finding: Finding; by: { kind: 'baseline'; reason: string; source: string } }
  )[];
  warnings: string[];
  unusedBaseline: BaselineEntry[];
  stats: ScanStats;
}

export interface ScanRequest {
  source: ScanSource;
  config: ScanConfig;
  /** Where relative names start: the project (git) root, else the working directory. */
  root: string;
  /** Where the paths given on the command line are relative to. */
  workingDirectory: string;
  baseline?: Baseline;
  baselinePath?: string;
  onProgress?: (files: number, bytes: number) => void;
  /** Worker threads for large trees (default: one per core; 1 scans on the main thread). */
  jobs?: number;
}

const SKIPPED_LISTED = 20;

class Collector {
  readonly findings: Finding[] = [];
  readonly suppressed: ScanReport['suppressed'] = [];
  readonly warnings = new Set<string>();
  readonly stats: ScanStats;
  constructor(
    source: ScanSource['kind'],
    private readonly onProgress?: (files: number, bytes: number) => void,
  ) {
    this.stats = {
      source,
      files: 0,
      bytes: 0,
      skipped: { binary: 0, 'too-large': 0, unreadable: 0 },
      skippedFiles: [],
      durationMs: 0,
    };
  }
  clean(files: number, bytes: number): void {
    this.stats.files += files;
    this.stats.bytes += bytes;
    this.onProgress?.(this.stats.files, this.stats.bytes);
  }
  reported(result: FileScan): void {
    this.add(result);
  }
  add(result: FileScan, keep: (finding: Finding) => boolean = () => true, commit?: Finding['commit']): void {
    this.stats.files++;
    this.stats.bytes += result.bytes;
    if (result.skipped) {
      this.stats.skipped[result.skipped]++;
      if (this.stats.skippedFiles.length < SKIPPED_LISTED)
        this.stats.skippedFiles.push({ file: result.file, reason: result.skipped });
    }
    for (const finding of result.scan?.findings ?? []) {
      if (keep(finding)) this.findings.push(commit ? { ...finding, commit } : finding);
    }
    for (const entry of result.scan?.suppressed ?? []) if (keep(entry.finding)) this.suppressed.push(entry);
    for (const warning of result.scan?.warnings ?? []) this.warnings.add(warning);
    this.onProgress?.(this.stats.files, this.stats.bytes);
  }
}

function touchesAddedLines(added: Set<number> | undefined) {
  return (finding: Finding) => {
    if (!added) return false;
    for (let line = finding.location.line; line <= finding.location.endLine; line++)
      if (added.has(line)) return true;
    return false;
  };
}

async function scanChange(
  request: ScanRequest,
  collector: Collector,
  additions: AddedLines,
  fromIndex: boolean,
): Promise<void> {
  const root = request.root;
  const scanner = new FileScanner(request.config);
  const paths = [...additions.keys()].sort();
  if (fromIndex) {
    const max = request.config.maxFileBytes;
    const unread = new Set(paths);
    for await (const object of readObjects(
      root,
      paths.map((path) => `:${path}`),
      max,
    )) {
      const path = object.name.slice(1);
      unread.delete(path);
      const result: FileScan = object.content
        ? scanner.content(path, object.content, join(root, path))
        : { file: path, bytes: object.size, skipped: 'too-large' };
      collector.add(result, touchesAddedLines(additions.get(path)));
    }
    // A staged file git could not hand over (a name with a line break) is not silently clean.
    for (const path of unread) collector.add({ file: path, bytes: 0, skipped: 'unreadable' });
    return;
  }
  for (const path of paths)
    collector.add(scanner.path(path, join(root, path)), touchesAddedLines(additions.get(path)));
}

async function scanHistory(
  request: ScanRequest,
  collector: Collector,
  revisions?: readonly string[],
): Promise<void> {
  const root = request.root;
  const { blobs, commits } = await historyBlobs(root, revisions);
  collector.stats.commits = commits;
  collector.stats.blobs = blobs.length;
  const scanner = new FileScanner(request.config);
  const bySha = new Map(blobs.map((blob) => [blob.sha, blob]));
  const reported = new Set<string>();
  for await (const object of readObjects(
    root,
    blobs.map((blob) => blob.sha),
    request.config.maxFileBytes,
  )) {
    const blob = bySha.get(object.name);
    if (!blob) continue;
    const result: FileScan = object.content
      ? scanner.content(blob.path, object.content)
      : { file: blob.path, bytes: object.size, skipped: 'too-large' };
    // The same secret in later versions of the same file is the same finding: the first commit wins.
    const firstTime = (finding: Finding) => {
      const key = `${finding.location.file}\0${finding.fingerprint}`;
      if (reported.has(key)) return false;
      reported.add(key);
      return true;
    };
    collector.add(result, firstTime, blob.commit);
  }
}

async function scanAgentHistory(request: ScanRequest, collector: Collector, redact: boolean): Promise<void> {
  const scanner = new FileScanner({
    ...request.config,
    maxFileBytes: Math.max(request.config.maxFileBytes, 256 * 1024 * 1024),
  });
  let redactedFiles = 0;
  const { redactFile } = await import('../engines/secrets/redact-file');
  for (const file of agentHistoryFiles(request.config.home, process.env)) {
    const result = scanner.path(file.display, file.absolute);
    collector.add(result);
    if (
      redact &&
      (result.scan?.findings.length ?? 0) > 0 &&
      redactFile(file.absolute, { write: true }).rewritten
    )
      redactedFiles++;
  }
  collector.stats.redactedFiles = redactedFiles;
}

function byPosition(a: Finding, b: Finding): number {
  return (
    a.location.file.localeCompare(b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

export async function runScan(request: ScanRequest): Promise<ScanReport> {
  const started = performance.now();
  const { source } = request;
  const collector = new Collector(source.kind, request.onProgress);
  switch (source.kind) {
    case 'tree': {
      const paths = source.paths.length ? source.paths : ['.'];
      const files = walkTree(paths, {
        gitignore: source.gitignore,
        cwd: request.workingDirectory,
        displayRoot: request.root,
      });
      await scanFiles(files, request.config, collector, request.jobs);
      break;
    }
    case 'staged':
      await scanChange(request, collector, await stagedAdditions(request.root), true);
      break;
    case 'diff':
      await scanChange(request, collector, await diffAdditions(request.root, source.base), false);
      break;
    case 'history':
      await scanHistory(request, collector, source.revisions);
      break;
    case 'stdin':
      collector.add(new FileScanner(request.config).content('(stdin)', Buffer.from(source.text, 'utf8')));
      break;
    case 'agent-history':
      await scanAgentHistory(request, collector, source.redact);
      break;
  }
  const baseline = applyBaseline(collector.findings, request.baseline);
  const suppressed = [
    ...collector.suppressed,
    ...baseline.accepted.map(({ finding, entry }) => ({
      finding,
      by: { kind: 'baseline' as const, reason: entry.reason, source: request.baselinePath ?? 'baseline' },
    })),
  ];
  collector.stats.durationMs = Math.round(performance.now() - started);
  return {
    findings: baseline.remaining.sort(byPosition),
    suppressed: suppressed.sort((a, b) => byPosition(a.finding, b.finding)),
    warnings: [...collector.warnings].sort(),
    // A partial scan (staged, diff, stdin) cannot tell whether an entry is still needed.
    unusedBaseline:
      source.kind === 'tree' && source.paths.length === 0 && request.workingDirectory === request.root
        ? baseline.unused
        : [],
    stats: collector.stats,
  };
}
