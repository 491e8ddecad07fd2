// A file written whole or not at all: a temporary file beside it, renamed over it. A reader (the
// hook loading a policy, git running a hook) never sees half a file.
import { chmodSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** `mode` for the new content; without it, an existing file keeps its mode. */
export function writeAtomically(file: string, content: string, mode?: number): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.bulwark-${process.pid}.tmp`;
  try {
    writeFileSync(temporary, content, mode === undefined ? undefined : { mode });
    const existing = mode === undefined ? statSync(file, { throwIfNoEntry: false }) : undefined;
    if (existing) chmodSync(temporary, existing.mode & 0o7777);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
