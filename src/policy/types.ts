// The effective policy as engines see it: every value carries the file and line it came from.
// Deliberately free of zod and yaml: the hook reads this shape from a cache without loading either.
import type { Source, Verdict } from '../core/decision';

export type Layer = 'managed' | 'user' | 'project';
export type ProfileName = 'strict' | 'standard' | 'relaxed';

/** Loosest first: the later, the stricter. */
export const PROFILE_ORDER: readonly ProfileName[] = ['relaxed', 'standard', 'strict'];
export const VERDICT_ORDER: readonly Verdict[] = ['none', 'ask', 'deny'];

export interface Sourced<T> {
  value: T;
  source: Source;
}

export interface AllowRule {
  /** Tool name pattern: `Read`, `WebFetch`, `mcp__github__get_*`. */
  tool: string;
  /** For file tools: the rule applies only to these paths. */
  paths?: string[];
  /** For web tools: the rule applies only to these domains. */
  domains?: string[];
  /**
   * For shell tools: every command the line runs must match one of these (`npm run test:*` is
   * `npm run test` followed by anything).
   */
  commands?: string[];
}

/** A user's own rule for shell commands: `{ command: "git push", args: ["--force"], action: deny }`. */
export interface ShellRule {
  /** The program and leading subcommand words. */
  command: string;
  /** Every one must be present: options however spelled (`-f` inside `-fd`), other words as globs. */
  args?: string[];
  action: 'deny' | 'ask';
  reason?: string;
}

export interface LayerStatus {
  layer: Layer;
  file: string;
  state: 'loaded' | 'absent';
}

export interface EffectivePolicy {
  profile: Sourced<ProfileName>;
  files: {
    secretFiles: Sourced<string>[];
    secretFileExceptions: Sourced<string>[];
    persistenceFiles: Sourced<string>[];
    protectedFiles: Sourced<string>[];
    secretFileWrites: Sourced<Verdict>;
    outsideProjectWrites: Sourced<Verdict>;
    outsideProjectReads: Sourced<Verdict>;
    additionalDirectories: Sourced<string>[];
  };
  net: {
    denyDomains: Sourced<string>[];
    allowDomains: Sourced<string>[];
    privateAddresses: Sourced<Verdict>;
    unknownDomains: Sourced<Verdict>;
    webSearch: Sourced<Verdict>;
  };
  tools: {
    deny: Sourced<string>[];
    ask: Sourced<string>[];
    unknown: Sourced<Verdict>;
  };
  shell: { rules: Sourced<ShellRule>[] };
  allow: Sourced<AllowRule>[];
  secrets: {
    allow: Sourced<SecretAllowRule>[];
    /** Files larger than this are skipped by `bulwark scan` (and reported as skipped). */
    maxFileBytes: Sourced<number>;
  };
  hook: { budgetMs: Sourced<number> };
  audit: {
    enabled: Sourced<boolean>;
    /** Absent: the default location under $XDG_STATE_HOME. */
    dir?: Sourced<string>;
    maxFileBytes: Sourced<number>;
  };
  layers: LayerStatus[];
  /** Values a layer set that did not take effect, and why (shown by `policy show`). */
  notes: string[];
}

/**
 * A finding the user accepts: a rule, where (path patterns) and/or which values (regular
 * expressions over the secret), and why. Without paths and values it silences the rule everywhere.
 */
export interface SecretAllowRule {
  rule: string;
  paths?: string[];
  values?: string[];
  reason: string;
}

/** A problem in a policy file, rendered as `file:line: key: problem (known keys: ...)`. */
export interface PolicyIssue {
  file: string;
  line: number;
  key: string;
  problem: string;
  knownKeys?: readonly string[];
}

export function formatIssue(issue: PolicyIssue): string {
  const known = issue.knownKeys?.length ? ` (known keys: ${issue.knownKeys.join(', ')})` : '';
  return `${issue.file}:${issue.line}: ${issue.key || '(top level)'}: ${issue.problem}${known}`;
}
