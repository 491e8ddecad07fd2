// What a scanner reports: one problem at one place, with what to do about it. Findings never
// carry the secret or the vulnerable text itself; `evidence` is always redacted.
import type { Severity } from './rules';

export type Confidence = 'high' | 'medium' | 'low';

export interface Location {
  file: string;
  /** 1-based; columns count UTF-16 code units, as editors and SARIF do. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Finding {
  ruleId: string;
  category: 'secrets';
  severity: Severity;
  confidence: Confidence;
  message: string;
  remediation: string;
  location: Location;
  /** Stable across runs and line moves: baselines and suppressions refer to it. */
  fingerprint: string;
  evidence: string;
  /** Where history scans found it. */
  commit?: { sha: string; author: string; date: string };
}

export const SEVERITY_ORDER: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(threshold);
}
