// The effective policy for the hot path. Compiling needs a YAML parser and zod (together ~100 ms
// of start-up), so the result is cached under a key made of the build and every layer's exact
// content: any edit to any policy file is a new key, and only then is the compiler loaded.
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { err, type Result } from '../core/errors';
import { sha256Hex } from '../core/sha256';
import { isInside } from '../engines/files/paths';
import { readSmallFile } from '../engines/files/small-file';
import type { LayerInput } from './compile';
import type { PolicyLocation } from './locate';
import type { EffectivePolicy, PolicyIssue } from './types';

const MAX_POLICY_BYTES = 1024 * 1024;
const STALE_CACHE_MS = 30 * 24 * 3600 * 1000;

export type PolicyResult = Result<EffectivePolicy, PolicyIssue[]>;

function readLayer(location: PolicyLocation): LayerInput | PolicyIssue {
  const issue = (problem: string): PolicyIssue => ({ file: location.file, line: 1, key: '', problem });
  const file = readSmallFile(location.file, MAX_POLICY_BYTES);
  if (file === 'missing') return { layer: location.layer, file: location.file, text: undefined };
  if (file === 'not-a-file') return issue('is not a regular file');
  if (file === 'too-large') return issue(`is larger than ${MAX_POLICY_BYTES} bytes`);
  if ('error' in file) return issue(`cannot be read (${file.error})`);
  // A repository could link its policy to a file elsewhere (a secret that error messages would quote).
  const real = realpathSync(location.file);
  if (location.confinedTo && !isInside(real, realpathSync(location.confinedTo), false)) {
    return issue(`leads outside the project (to ${real}); a project policy must be a file in the project`);
  }
  return { layer: location.layer, file: location.file, text: file.text };
}

/** Every layer's text, or why it cannot be used. Shared by the hook and `bulwark policy check`. */
export function readLayers(locations: readonly PolicyLocation[]): Array<LayerInput | PolicyIssue> {
  return locations.map(readLayer);
}

export async function compileLayers(inputs: readonly LayerInput[]): Promise<PolicyResult> {
  const { compilePolicy } = await import('./compile');
  return compilePolicy(inputs);
}

export async function loadPolicy(
  locations: readonly PolicyLocation[],
  cacheRoot: string | undefined,
): Promise<PolicyResult> {
  const read = readLayers(locations);
  const unreadable = read.filter((entry): entry is PolicyIssue => 'problem' in entry);
  if (unreadable.length > 0) return err(unreadable);
  const inputs = read as LayerInput[];
  if (cacheRoot === undefined) return compileLayers(inputs);

  const key = sha256Hex(`${__BULWARK_BUILD_ID__}\0${JSON.stringify(inputs)}`);
  const dir = join(cacheRoot, 'policy');
  const file = join(dir, `${key.slice(0, 40)}.json`);
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { key: string; result: PolicyResult };
    if (cached.key === key) return cached.result;
  } catch {
    // Not cached yet (or unreadable): compile below.
  }
  const result = await compileLayers(inputs);
  writeCache(dir, file, JSON.stringify({ key, result }));
  return result;
}

/** Best effort: a cache that cannot be written only costs time. */
function writeCache(dir: string, file: string, content: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, content, { mode: 0o600 });
    renameSync(temporary, file);
    const now = Date.now();
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (now - statSync(path).mtimeMs > STALE_CACHE_MS) unlinkSync(path);
    }
  } catch {
    // Ignored on purpose: see above.
  }
}
