// Scan reports for people (pretty) and programs (json). Stable order, no timestamps, the secret
// never: findings carry only redacted evidence and a fingerprint.
import pc from 'picocolors';
import type { Finding } from '../core/finding';
import type { ScanReport } from '../scan/scan';

const SEVERITY_COLOUR = {
  critical: (text: string) => pc.red(pc.bold(text)),
  high: pc.red,
  medium: pc.yellow,
  low: pc.cyan,
  info: pc.dim,
} as const;

function flat(finding: Finding) {
  const { location, ...rest } = finding;
  return {
    ruleId: rest.ruleId,
    category: rest.category,
    severity: rest.severity,
    confidence: rest.confidence,
    file: location.file,
    line: location.line,
    column: location.column,
    endLine: location.endLine,
    endColumn: location.endColumn,
    message: rest.message,
    fingerprint: rest.fingerprint,
    evidence: rest.evidence,
    remediation: rest.remediation,
    ...(rest.commit ? { commit: rest.commit } : {}),
  };
}

export function renderJson(report: ScanReport): string {
  const { durationMs: _, ...stats } = report.stats;
  return `${JSON.stringify(
    {
      findings: report.findings.map(flat),
      suppressed: report.suppressed.map(({ finding, by }) => ({ ...flat(finding), suppression: by })),
      warnings: report.warnings,
      unusedBaseline: report.unusedBaseline,
      stats: { ...stats, findings: report.findings.length, suppressed: report.suppressed.length },
    },
    null,
    2,
  )}\n`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export function renderPretty(report: ScanReport): string {
  const out: string[] = [];
  for (const finding of report.findings) {
    const { location } = finding;
    const where = `${location.file}:${location.line}:${location.column}`;
    out.push(
      `${SEVERITY_COLOUR[finding.severity](finding.severity.toUpperCase())} ${pc.bold(finding.ruleId)} ${pc.dim(`(${finding.confidence} confidence)`)}`,
      `  ${pc.underline(where)}  ${finding.message}`,
    );
    if (finding.commit) {
      out.push(
        `  ${pc.dim(`commit ${finding.commit.sha.slice(0, 12)} by ${finding.commit.author} on ${finding.commit.date}`)}`,
      );
    }
    out.push(`  ${pc.dim('│')} ${finding.evidence}`, `  ${pc.dim('fix:')} ${finding.remediation}`, '');
  }
  for (const warning of report.warnings) out.push(`${pc.yellow('warning:')} ${warning}`);
  for (const entry of report.unusedBaseline) {
    out.push(
      `${pc.yellow('unused baseline entry:')} ${entry.ruleId} in ${entry.file} (${entry.fingerprint}): nothing matches it any more; run bulwark scan --update-baseline to drop it`,
    );
  }
  const { stats } = report;
  const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
  const counts = severities
    .map(
      (severity) =>
        [severity, report.findings.filter((finding) => finding.severity === severity).length] as const,
    )
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  const skipped = Object.entries(stats.skipped).filter(([, count]) => count > 0);
  const parts = [
    report.findings.length
      ? pc.bold(`${plural(report.findings.length, 'finding')} (${counts.join(', ')})`)
      : pc.green('no secrets found'),
    `${plural(stats.files, stats.source === 'history' ? 'blob' : 'file')} (${size(stats.bytes)})`,
    ...(stats.commits !== undefined ? [plural(stats.commits, 'commit')] : []),
    ...(report.suppressed.length ? [`${report.suppressed.length} suppressed`] : []),
    ...(skipped.length
      ? [`skipped ${skipped.map(([reason, count]) => `${count} ${reason}`).join(', ')}`]
      : []),
    ...(stats.redactedFiles !== undefined ? [`${plural(stats.redactedFiles, 'file')} redacted`] : []),
    `${(stats.durationMs / 1000).toFixed(2)} s`,
  ];
  out.push(parts.join(' · '));
  return `${out.join('\n')}\n`;
}
