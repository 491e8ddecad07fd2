// Findings someone decided to accept, each naming a rule and a reason:
// - the policy's `secrets.allow` (user or managed): by rule, path patterns and value patterns;
// - an inline `bulwark:allow RULE_ID -- reason` comment on the line or the line before (scan only:
//   the agent writes file content, so the hook never honours comments in it);
// - the project's baseline (see baseline.ts).

import { describeSource } from '../../core/decision';
import { anchorPattern, compileGlob, type Glob, globMatches } from '../../core/glob';
import type { SecretAllowRule, Sourced } from '../../policy/types';
import type { SecretMatch } from './types';

export interface Suppression {
  /** `fixture`: one of bulwark's own synthetic rule cases (its rule files and bundles). */
  kind: 'policy' | 'inline' | 'baseline' | 'fixture';
  reason: string;
  /** Where the suppression is written: a policy file and line, or the scanned file's line. */
  source: string;
}

interface CompiledAllow {
  rule: string;
  paths?: Glob[];
  values?: RegExp[];
  reason: string;
  source: string;
}

export class PolicyAllowlist {
  private readonly entries: CompiledAllow[];
  constructor(entries: readonly Sourced<SecretAllowRule>[], anchors: { home: string; projectRoot: string }) {
    this.entries = entries.map(({ value, source }) => ({
      rule: value.rule,
      paths: value.paths?.flatMap((pattern) => compileGlob(anchorPattern(pattern, anchors))),
      values: value.values?.map((pattern) => new RegExp(pattern)),
      reason: value.reason,
      source: describeSource(source),
    }));
  }

  /** `absolutePath` undefined: text that is not a file (a prompt, a command, tool output). */
  suppression(match: SecretMatch, absolutePath: string | undefined): Suppression | undefined {
    for (const entry of this.entries) {
      if (entry.rule !== match.rule.id) continue;
      if (entry.paths && !(absolutePath && entry.paths.some((glob) => globMatches(glob, absolutePath))))
        continue;
      if (entry.values && !entry.values.some((pattern) => pattern.test(match.secret))) continue;
      return { kind: 'policy', reason: entry.reason, source: entry.source };
    }
    return undefined;
  }
}

const DIRECTIVE = /bulwark:allow\b(.{0,300})/;
const WELL_FORMED = /^[ \t]+(secrets\.[a-z0-9-]+)[ \t]+--[ \t]+(\S.*?)[ \t]*(?:\*\/|-->|#\}|%\})?[ \t]*$/;

export type InlineDirective =
  | { kind: 'allow'; rule: string; reason: string }
  | { kind: 'malformed'; text: string };

/** The directive on one line, if any. */
export function inlineDirective(line: string): InlineDirective | undefined {
  const found = DIRECTIVE.exec(line);
  if (!found) return undefined;
  const parsed = WELL_FORMED.exec(found[1] ?? '');
  if (!parsed || (parsed[2] ?? '').length < 3)
    // Never the rest of the line: it is the line a secret is on.
    return { kind: 'malformed', text: 'bulwark:allow' };
  return { kind: 'allow', rule: parsed[1] as string, reason: parsed[2] as string };
}
