// Large trees are scanned by worker threads, one per core, fed batches of files while the main
// thread is still walking the tree. Small trees are not worth a thread's start-up.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type FileScan, FileScanner, isClean, type ScanConfig } from './scan-file';
import type { TreeFile } from './tree';
import type { BatchResult } from './worker';

const BATCH_FILES = 64;
/** Below this many files a worker's start-up costs more than it saves. */
const PARALLEL_FROM_FILES = 256;

/** dist/scan-worker.cjs, beside the CLI bundle or one level up from its chunks. */
function workerFile(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, 'scan-worker.cjs'), join(here, '..', 'scan-worker.cjs')].find((path) =>
    existsSync(path),
  );
}

/** The files walked so far, until the walk ends or there are enough to go parallel. */
function lookAhead(files: Iterator<TreeFile>): { head: TreeFile[]; done: boolean } {
  const head: TreeFile[] = [];
  for (let next = files.next(); !next.done; next = files.next()) {
    head.push(next.value);
    if (head.length >= PARALLEL_FROM_FILES) return { head, done: false };
  }
  return { head, done: true };
}

export interface ScanSink {
  /** A file with something to report (findings, suppressions, warnings, a reason it was skipped). */
  reported(result: FileScan): void;
  /** Files with nothing to report, counted. */
  clean(files: number, bytes: number): void;
}

/** Scans every file the walk yields, handing each result to `sink` as it is done. */
export async function scanFiles(
  walk: Iterable<TreeFile>,
  config: ScanConfig,
  sink: ScanSink,
  jobs = availableParallelism(),
): Promise<void> {
  const files = walk[Symbol.iterator]();
  const { head, done } = lookAhead(files);
  const script = workerFile();
  const threads = Math.min(jobs, 8);
  if (done || !script || threads < 2) {
    const scanner = new FileScanner(config);
    const scan = (file: TreeFile) => {
      const result = scanner.path(file.display, file.absolute);
      if (isClean(result)) sink.clean(1, result.bytes);
      else sink.reported(result);
    };
    for (const file of head) scan(file);
    for (let next = files.next(); !next.done; next = files.next()) scan(next.value);
    return;
  }

  const pending = head;
  const take = () => {
    const batch = pending.splice(0, BATCH_FILES);
    for (
      let next = batch.length < BATCH_FILES ? files.next() : undefined;
      next && !next.done;
      next = files.next()
    ) {
      batch.push(next.value);
      if (batch.length >= BATCH_FILES) break;
    }

    return { batch: batch.map((file) => ({ file: file.display, absolute: file.absolute })) };
  };
  await Promise.all(
    Array.from({ length: threads }, async () => {
      const worker = new Worker(script, { workerData: config });
      try {
        for (let work = take(); work.batch.length > 0; work = take()) {
          const answer = await new Promise<BatchResult>((resolve, reject) => {
            worker.once('message', resolve);
            worker.once('error', reject);
            worker.postMessage({ files: work.batch });
          });
          worker.removeAllListeners('error');
          for (const result of answer.reported) sink.reported(result);
          sink.clean(answer.clean.files, answer.clean.bytes);
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
}
