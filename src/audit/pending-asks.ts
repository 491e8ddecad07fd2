// Asks the user answered. Claude Code runs PostToolUse only for a tool that ran, so a PostToolUse
// carrying the tool_use_id of one of bulwark's asks means the user approved that call. The
// PreToolUse leaves a marker here; the PostToolUse takes it and the approval is recorded (for
// `bulwark suggest`). Best effort throughout: a marker only feeds suggestions, never a decision.
// The folder lies inside the audit directory, which the files engine keeps the agent from writing,
// so an agent cannot plant markers to fake approvals.
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../core/sha256';

export const PENDING_ASKS_DIR = 'pending-asks';
/** An ask with no PostToolUse within a day was declined, or its session ended: swept. */
export const STALE_ASK_MS = 24 * 3600 * 1000;

export interface PendingAsk {
  /** The redacted input summary the ask was recorded with. */
  input: string;
  /** The rule that asked. */
  rule?: string;
}

function markerPath(auditDir: string, session: string, toolUseId: string): string {
  // Hashed: the ids come from the agent's event and must not choose a file name.
  return join(auditDir, PENDING_ASKS_DIR, sha256Hex(`${session}\0${toolUseId}`));
}

/** After a PreToolUse ask. False when the marker could not be written (the ask stands either way). */
export function rememberAsk(
  auditDir: string,
  session: string,
  toolUseId: string,
  ask: PendingAsk,
  now = Date.now(),
): boolean {
  try {
    const dir = join(auditDir, PENDING_ASKS_DIR);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    sweep(dir, now);
    const marker: PendingAsk = { input: ask.input, ...(ask.rule === undefined ? {} : { rule: ask.rule }) };
    writeFileSync(markerPath(auditDir, session, toolUseId), JSON.stringify(marker), { mode: 0o600 });
    return true;
  } catch {
    return false;
  }
}

/** Markers older than a day; asks are rare (a person answers each), so this runs rarely. */
function sweep(dir: string, now: number): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > STALE_ASK_MS) unlinkSync(path);
    } catch {
      // Taken or swept by another hook meanwhile.
    }
  }
}

/**
 * On every PostToolUse, first: whether any ask is waiting at all. The common case (none) costs one
 * directory read, and no call is hashed to look up its marker.
 */
export function hasPendingAsks(auditDir: string): boolean {
  try {
    return readdirSync(join(auditDir, PENDING_ASKS_DIR)).length > 0;
  } catch {
    return false;
  }
}

/** The ask this call answered, if any, removed so that it counts once. */
export function takeAsk(auditDir: string, session: string, toolUseId: string): PendingAsk | undefined {
  const path = markerPath(auditDir, session, toolUseId);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    unlinkSync(path);
  } catch {
    // Another hook took it first.
    return undefined;
  }
  return parseAsk(text);
}

function parseAsk(text: string): PendingAsk | undefined {
  try {
    const value = JSON.parse(text) as { input?: unknown; rule?: unknown };
    if (typeof value.input !== 'string') return undefined;
    return { input: value.input, ...(typeof value.rule === 'string' ? { rule: value.rule } : {}) };
  } catch {
    return undefined;
  }
}
