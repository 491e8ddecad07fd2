// SARIF 2.1.0 (OASIS), for code-scanning dashboards: one run, the rules that fired, results with
// partial fingerprints (stable across line moves) and suppressions recorded, not dropped.
import type { Finding } from '../core/finding';
import type { Severity } from '../core/rules';
import type { SecretRule } from '../engines/secrets/types';
import type { ScanReport } from '../scan/scan';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning's scale: 9.0+ critical, 7.0+ high, 4.0+ medium. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

interface Suppression {
  kind: 'inSource' | 'external';
  justification: string;
}

export function renderSarif(
  report: ScanReport,
  rules: ReadonlyMap<string, SecretRule>,
  version: string,
): string {
  const all: { finding: Finding; suppression?: Suppression }[] = [
    ...report.findings.map((finding) => ({ finding })),
    ...report.suppressed.map(({ finding, by }) => ({
      finding,
      suppression: {
        kind: by.kind === 'inline' ? ('inSource' as const) : ('external' as const),
        justification: `${by.reason} (${by.source})`,
      },
    })),
  ];
  const ruleIds = [...new Set(all.map(({ finding }) => finding.ruleId))].sort();
  const driverRules = ruleIds.map((id) => {
    const rule = rules.get(id);
    const severity = all.find(({ finding }) => finding.ruleId === id)?.finding.severity ?? 'high';
    return {
      id,
      name: id.replace(/^secrets\./, ''),
      shortDescription: { text: rule?.title ?? id },
      helpUri: rule?.rotate,
      help: { text: all.find(({ finding }) => finding.ruleId === id)?.finding.remediation ?? '' },
      defaultConfiguration: { level: LEVEL[severity] },
      properties: {
        tags: ['security', 'secret'],
        'security-severity': SECURITY_SEVERITY[severity],
        provider: rule?.provider,
      },
    };
  });
  const results = all.map(({ finding, suppression }) => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIds.indexOf(finding.ruleId),
    level: LEVEL[finding.severity],
    message: { text: `${finding.message} ${finding.remediation}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(finding.location.file) },
          region: {
            startLine: finding.location.line,
            startColumn: finding.location.column,
            endLine: finding.location.endLine,
            endColumn: finding.location.endColumn,
            snippet: { text: finding.evidence },
          },
        },
      },
    ],
    partialFingerprints: { 'bulwarkSecret/v1': finding.fingerprint },
    properties: { confidence: finding.confidence, ...(finding.commit ? { commit: finding.commit } : {}) },
    ...(suppression ? { suppressions: [suppression] } : {}),
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bulwark',
            version,
            informationUri: 'https://github.com/bulwark-dev/bulwark',
            rules: driverRules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
