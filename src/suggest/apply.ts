// Writing the user policy: whole or not at all (a temporary file renamed over it), then loaded
// back; a file that does not load is put back as it was, so a failed apply cannot leave every tool
// call blocked by an invalid policy.
import { statSync, unlinkSync } from 'node:fs';
import { writeAtomically } from '../setup/write-atomically';

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
  writeAtomically(file, after, mode & 0o777);
  const problems = await validate();
  if (problems.length === 0) return { ok: true, created: before === undefined };
  if (before === undefined) unlinkSync(file);
  else writeAtomically(file, before, mode & 0o777);
  return { ok: false, problems };
}
