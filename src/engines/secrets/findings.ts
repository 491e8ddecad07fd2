// Matches → findings: where (line and column), which credential, what to do, and a fingerprint
// that survives the file being edited around it. The secret itself never leaves this module
// except as a hash.
import type { Finding, Location } from '../../core/finding';
import { sha256Hex } from '../../core/sha256';
import type { SecretMatch, SecretRule } from './types';

/** rule + hash of the secret: the same secret in the same rule is the same finding wherever it moves. */
export function fingerprintOf(ruleId: string, secret: string): string {
  return `${ruleId}:${sha256Hex(`${ruleId}\0${secret}`).slice(0, 24)}`;
}

/** A stable, typed stand-in the agent can still refer to: `[REDACTED secrets.github-token#3fa2c1]`. */
export function placeholderFor(match: SecretMatch): string {
  const id = fingerprintOf(match.rule.id, match.secret);
  return `[REDACTED ${match.rule.id}#${id.slice(id.lastIndexOf(':') + 1, id.lastIndexOf(':') + 7)}]`;
}

/** The text with every match replaced by its placeholder. */
export function redactMatches(text: string, matches: readonly SecretMatch[]): string {
  let out = '';
  let at = 0;
  for (const match of [...matches].sort((a, b) => a.start - b.start)) {
    if (match.start < at) continue;
    out += text.slice(at, match.start) + placeholderFor(match);
    at = match.end;
  }
  return out + text.slice(at);
}

export function remediationFor(rule: SecretRule): string {
  return (
    `Treat it as compromised: revoke or rotate it now (${rule.rotate}), then check the provider's logs for use you do not recognise. ` +
    `Keep the new one out of files and prompts: read it from an environment variable (${rule.envVar}) or a secret manager.`
  );
}

/** Offsets → 1-based line and column, by binary search over line starts computed once per text. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.starts[low] as number) + 1 };
  }
  lineText(line: number): string {
    const start = this.starts[line - 1] ?? 0;
    const next = this.starts[line];
    return this.text.slice(start, next === undefined ? undefined : next - 1);
  }
}

const BEFORE = 60;
const AFTER = 100;

/**
 * Around one match (sorted, non-overlapping matches): up to 60 characters before and 100 after,
 * on its own lines, every secret in that stretch replaced, whitespace runs joined. Only the
 * neighbours near the match are looked at, so a line with thousands of secrets costs no more than
 * one per secret.
 */
function evidenceFor(
  index: number,
  matches: readonly SecretMatch[],
  text: string,
  lines: LineIndex,
  location: Location,
): string {
  const match = matches[index] as SecretMatch;
  const lineStart = match.start - (location.column - 1);
  const endLineText = lines.lineText(location.endLine);
  const endLineStart = match.end - (location.endColumn - 1);
  const lineEnd = endLineStart + endLineText.length;
  let from = Math.max(lineStart, match.start - BEFORE);
  let to = Math.min(lineEnd, match.end + AFTER);
  let first = index;
  while (first > 0 && (matches[first - 1] as SecretMatch).end > from) first--;
  let last = index;
  while (last + 1 < matches.length && (matches[last + 1] as SecretMatch).start < to) last++;
  // A secret cut by the window's edge is shown whole, as its placeholder, never in part.
  from = Math.min(from, (matches[first] as SecretMatch).start);
  to = Math.max(to, (matches[last] as SecretMatch).end);
  let out = '';
  let at = from;
  for (let k = first; k <= last; k++) {
    const other = matches[k] as SecretMatch;
    out += text.slice(at, other.start) + placeholderFor(other);
    at = other.end;
  }
  out += text.slice(at, to);
  const flat = out.replace(/\s*\n\s*/g, ' ').trim();
  return `${from > lineStart ? '…' : ''}${flat}${to < lineEnd ? '…' : ''}`;
}

/** `matches` in order of where they start, not overlapping (as detectSecrets returns them). */
export function toFindings(matches: readonly SecretMatch[], text: string, file: string): Finding[] {
  if (matches.length === 0) return [];
  const lines = new LineIndex(text);
  return matches.map((match, index) => {
    const start = lines.position(match.start);
    const end = lines.position(match.end);
    const location: Location = {
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
    };
    const encoded = match.encoding ? ` (${match.encoding}-encoded)` : '';
    return {
      ruleId: match.rule.id,
      category: 'secrets',
      severity: match.rule.severity,
      confidence: match.confidence,
      message: `${match.rule.title}${encoded} in ${file}:${start.line}.`,
      remediation: remediationFor(match.rule),
      location,
      fingerprint: fingerprintOf(match.rule.id, match.secret),
      evidence: evidenceFor(index, matches, text, lines, location),
    };
  });
}
