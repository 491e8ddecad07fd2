// Writing the user policy: whole or not at all (a temporary file renamed over it), then loaded
// back; a file that does not load is put back as it was, so a failed apply cannot leave every tool
// call blocked by an invalid policy.
import { mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function writeAtomic(file: string, text: string, mode: number): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, { mode });
    renameSync(temporary, file);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never written.
    }
    throw error;
  }
}

/** Problems that keep the written file from loading, or none. */
export type Validate = () => Promise<string[]>;

export type ApplyResult = { ok: true; created: boolean } | { ok: false; problems: string[] };

export async function applyPolicyText(
  file: string,
  before: string | undefined,
  after: string,
  validate: Validate,
): Promise<ApplyResult> {
  // A new policy file is readable by the user only; an existing one keeps its mode.
  const mode = statSync(file, { throwIfNoEntry: false })?.mode ?? 0o600;
  writeAtomic(file, after, mode & 0o777);
  const problems = await validate();
  if (problems.length === 0) return { ok: true, created: before === undefined };
  if (before === undefined) unlinkSync(file);
  else writeAtomic(file, before, mode & 0o777);
  return { ok: false, problems };
}
