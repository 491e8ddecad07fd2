// A worker thread of `bulwark scan`: receives batches of files, answers with their scans.
import { parentPort, workerData } from 'node:worker_threads';
import { FileScanner, type ScanConfig } from './scan-file';

export interface WorkBatch {
  files: { file: string; absolute: string }[];
}

const scanner = new FileScanner(workerData as ScanConfig);
parentPort?.on('message', (batch: WorkBatch) => {
  parentPort?.postMessage(batch.files.map(({ file, absolute }) => scanner.path(file, absolute)));
});
