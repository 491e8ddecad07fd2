// A worker thread of `bulwark scan`: receives batches of files, answers with their scans.
import { parentPort, workerData } from 'node:worker_threads';
import { type FileScan, FileScanner, isClean, type ScanConfig } from './scan-file';

export interface WorkBatch {
  files: { file: string; absolute: string }[];
}

/** Files with something to report, one by one; the clean ones only counted (less to copy back). */
export interface BatchResult {
  reported: FileScan[];
  clean: { files: number; bytes: number };
}

const scanner = new FileScanner(workerData as ScanConfig);
parentPort?.on('message', (batch: WorkBatch) => {
  const result: BatchResult = { reported: [], clean: { files: 0, bytes: 0 } };
  for (const { file, absolute } of batch.files) {
    const scan = scanner.path(file, absolute);
    if (isClean(scan)) {
      result.clean.files++;
      result.clean.bytes += scan.bytes;
    } else result.reported.push(scan);
  }
  parentPort?.postMessage(result);
});
