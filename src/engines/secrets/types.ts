// The secrets engine's vocabulary: rules as data (rules/*.yaml), and what detection returns.
import type { Severity } from '../../core/rules';
import type { ValidatorName } from './validators';

export type Confidence = 'high' | 'medium' | 'low';

/** A text a rule must (match) or must not (ignore) find a secret in; `path` sets the file syntax. */
export type SecretCase = string | { text: string; path: string };

export interface SecretRule {
  /** `secrets.<name>`; unique across all rule files. */
  id: string;
  provider: string;
  /** What the credential is: "GitHub personal access token (classic)". */
  title: string;
  severity: Severity;
  /** How sure a match is before validation: a unique prefix is high, a shape alone is low. */
  confidence: Confidence;
  /**
   * Lower-case literals, one of which occurs in every match: the prefilter's gate. Empty only for
   * a format with no literal at all (Discord bot tokens): its pattern then reads the whole text.
   */
  keywords: string[];
  /**
   * A JavaScript regular expression, bounded (no nested quantifiers). The named group `secret` is
   * the credential; without it the whole match is. Absent for rules whose detector is code.
   */
  pattern?: string;
  ignoreCase?: boolean;
  /** How many characters past the keyword a match may reach; without it, the keyword's line. */
  span?: number;
  /** The least Shannon entropy (bits per character) of the secret. */
  minEntropy?: number;
  validator?: ValidatorName;
  /** Where to revoke or rotate it. */
  rotate: string;
  /** The environment variable the provider's own tools read it from, suggested instead. */
  envVar: string;
  cases: { match: SecretCase[]; ignore: SecretCase[] };
}

/** A secret found in a text. Offsets are UTF-16 indices into that text. */
export interface SecretMatch {
  rule: SecretRule;
  /** The secret itself: kept in memory for redaction and fingerprints, never printed. */
  secret: string;
  start: number;
  end: number;
  confidence: Confidence;
  /** Found inside an encoded value; the span is the encoded value. */
  encoding?: 'base64' | 'hex';
}
