// Large trees are scanned by worker threads, one per core: each reads and scans batches of files
// while the main thread walks the tree. Small ones are not worth a thread's start-up.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type FileScan, FileScanner, type ScanConfig } from './scan-file';
import type { TreeFile } from './tree';

const BATCH_FILES = 48;
const PARALLEL_FROM_BYTES = 2 * 1024 * 1024;

/** dist/scan-worker.cjs, beside the CLI bundle or one level up from its chunks. */
function workerFile(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, 'scan-worker.cjs'), join(here, '..', 'scan-worker.cjs')].find((path) =>
    existsSync(path),
  );
}

export async function scanFiles(
  files: readonly TreeFile[],
  config: ScanConfig,
  onProgress: (done: FileScan) => void,
): Promise<FileScan[]> {
  const bytes = files.reduce((sum, file) => sum + Math.min(file.size, config.maxFileBytes), 0);
  const script = workerFile();
  const threads = Math.min(availableParallelism(), 8, Math.ceil(files.length / BATCH_FILES));
  if (!script || bytes < PARALLEL_FROM_BYTES || threads < 2) {
    const scanner = new FileScanner(config);
    return files.map((file) => {
      const result = scanner.path(file.display, file.absolute);
      onProgress(result);
      return result;
    });
  }
  const results: FileScan[][] = [];
  let next = 0;
  const take = () => {
    const batch = files
      .slice(next, next + BATCH_FILES)
      .map((file) => ({ file: file.display, absolute: file.absolute }));
    const index = next / BATCH_FILES;
    next += BATCH_FILES;
    return { batch, index };
  };
  await Promise.all(
    Array.from({ length: threads }, async () => {
      const worker = new Worker(script, { workerData: config });
      try {
        for (let work = take(); work.batch.length > 0; work = take()) {
          const answer = await new Promise<FileScan[]>((resolve, reject) => {
            worker.once('message', resolve);
            worker.once('error', reject);
            worker.postMessage({ files: work.batch });
          });
          worker.removeAllListeners('error');
          results[work.index] = answer;
          for (const result of answer) onProgress(result);
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  return results.flat();
}
