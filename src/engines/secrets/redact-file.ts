// Rewriting a file without the secrets in it, safely: the new content goes to a temporary file
// beside it (same mode), is flushed, and replaces the original by rename only if the original did
// not change meanwhile (a session still appending to its transcript); otherwise it starts over.
// JSON Lines stay valid JSON line by line: where a textual redaction would break a line, the
// line is parsed and only its string values are redacted.
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readFully } from '../files/small-file';
import { detectSecrets } from './detect';
import { redactMatches } from './findings';
import { redactJson } from './redact-json';
import type { SecretMatch } from './types';

export interface FileRedaction {
  path: string;
  /** The matches in the original text (secrets included: never print them). */
  matches: SecretMatch[];
  rewritten: boolean;
}

const MAX_FILE_BYTES = 256 * 1024 * 1024;
const ATTEMPTS = 3;

/** Reads a regular file without following a link at its name. */
function readRegular(
  path: string,
): { text: string; mode: number; size: number; mtimeMs: number } | undefined {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > MAX_FILE_BYTES) return undefined;
    const buffer = Buffer.alloc(stats.size);
    const read = readFully(fd, buffer, stats.size);
    return {
      text: buffer.subarray(0, read).toString('utf8'),
      mode: stats.mode & 0o7777,
      size: stats.size,
      mtimeMs: stats.mtimeMs,
    };
  } finally {
    closeSync(fd);
  }
}

/** The text without its secrets; for JSON Lines, every line that was JSON still is. */
export function redactText(text: string, jsonLines: boolean): { text: string; matches: SecretMatch[] } {
  if (!jsonLines) {
    const matches = detectSecrets(text);
    return { text: matches.length ? redactMatches(text, matches) : text, matches };
  }
  const all: SecretMatch[] = [];
  const lines = text.split('\n').map((line) => {
    const matches = detectSecrets(line);
    if (matches.length === 0) return line;
    const redacted = redactMatches(line, matches);
    if (!isJson(line) || isJson(redacted)) {
      all.push(...matches);
      return redacted;
    }
    return JSON.stringify(
      redactJson(JSON.parse(line), (value) => {
        const inner = detectSecrets(value);
        all.push(...inner);
        return inner.length ? redactMatches(value, inner) : value;
      }),
    );
  });
  return { text: lines.join('\n'), matches: all };
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

export function redactFile(path: string, options: { write: boolean }): FileRedaction {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const original = readRegular(path);
    if (!original) return { path, matches: [], rewritten: false };
    const redacted = redactText(original.text, path.endsWith('.jsonl'));
    if (redacted.matches.length === 0 || !options.write)
      return { path, matches: redacted.matches, rewritten: false };
    const temporary = join(dirname(path), `.${basename(path)}.bulwark-${process.pid}.tmp`);
    const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, original.mode);
    try {
      try {
        const bytes = Buffer.from(redacted.text, 'utf8');
        for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      const now = statSync(path);
      if (now.size === original.size && now.mtimeMs === original.mtimeMs) {
        renameSync(temporary, path);
        return { path, matches: redacted.matches, rewritten: true };
      }
    } finally {
      // Renamed away on success; on a failure or a file that changed meanwhile, never left behind.
      rmSync(temporary, { force: true });
    }
  }
  throw new Error(`${path} kept changing while bulwark rewrote it; try again when the session has ended`);
}
