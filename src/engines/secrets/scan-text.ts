// One text through the engine and the suppressions: what a file, a staged blob, stdin or a
// transcript line yields as findings, and what was accepted and why.
import type { Finding } from '../../core/finding';
import { secretCatalog } from './catalog';
import { detectSecrets } from './detect';
import { LineIndex, toFindings } from './findings';
import { inlineDirective, type PolicyAllowlist, type Suppression } from './suppress';

export interface SuppressedFinding {
  finding: Finding;
  by: Suppression;
}

export interface TextScan {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** Malformed `bulwark:allow` comments (no rule or no reason): not honoured. */
  warnings: string[];
}

export interface TextScanOptions {
  /** How the file is named in findings (relative to the scan root). */
  file: string;
  /** The file on disk, for path allowlists; undefined for stdin. */
  absolutePath?: string;
  allowlist?: PolicyAllowlist;
  /** Honour `bulwark:allow` comments (never for content the agent wrote). */
  inline: boolean;
}

/** One of bulwark's own rule cases, as written or with its JSON escapes read (in bundles). */
function isOwnCase(secret: string): boolean {
  const catalog = secretCatalog();
  return catalog.isOwnCase(secret) || catalog.isOwnCase(secret.replace(/\\n/g, '\n').replace(/\\t/g, '\t'));
}

export function scanText(text: string, options: TextScanOptions): TextScan {
  const matches = detectSecrets(text, { path: options.file });
  const result: TextScan = { findings: [], suppressed: [], warnings: [] };
  if (matches.length === 0) return result;
  const acceptedUpfront = new Map<number, Suppression>();
  matches.forEach((match, i) => {
    const by = isOwnCase(match.secret)
      ? {
          kind: 'fixture' as const,
          reason: `a synthetic case of bulwark's own rule ${match.rule.id}`,
          source: 'bulwark',
        }
      : options.allowlist?.suppression(match, options.absolutePath);
    if (by) acceptedUpfront.set(i, by);
  });
  const findings = toFindings(matches, text, options.file);
  const lines = options.inline ? new LineIndex(text) : undefined;
  findings.forEach((finding, i) => {
    const by =
      acceptedUpfront.get(i) ?? (lines && inlineSuppression(finding, lines, options.file, result.warnings));
    if (by) result.suppressed.push({ finding, by });
    else result.findings.push(finding);
  });
  return result;
}

function inlineSuppression(
  finding: Finding,
  lines: LineIndex,
  file: string,
  warnings: string[],
): Suppression | undefined {
  for (const line of [finding.location.line, finding.location.line - 1]) {
    if (line < 1) continue;
    const directive = inlineDirective(lines.lineText(line));
    if (!directive) continue;
    if (directive.kind === 'malformed') {
      warnings.push(
        `${file}:${line}: "${directive.text}" is not honoured: write bulwark:allow <rule id> -- <reason>, e.g. bulwark:allow ${finding.ruleId} -- test fixture`,
      );
      continue;
    }
    if (directive.rule === finding.ruleId)
      return { kind: 'inline', reason: directive.reason, source: `${file}:${line}` };
  }
  return undefined;
}
