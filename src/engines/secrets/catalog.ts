// The rule files, checked and compiled once per process: keywords into one prefilter automaton,
// patterns into regular expressions on first use (most texts never need most rules).
import { InternalError } from '../../core/errors';
import { buildPrefilter, type Prefilter } from './prefilter';
import { RULE_FILES } from './rules';
import type { SecretRule } from './types';
import { VALIDATOR_NAMES } from './validators';

/** Rules whose detector is code, not a pattern. */
export const GENERIC_RULE_IDS = ['secrets.generic-password', 'secrets.generic-secret'] as const;
export type GenericRuleId = (typeof GENERIC_RULE_IDS)[number];

export interface Catalog {
  rules: readonly SecretRule[];
  byId: ReadonlyMap<string, SecretRule>;
  prefilter: Prefilter;
  /** For each keyword of the prefilter, the indices of the rules it gates. */
  rulesByKeyword: readonly (readonly number[])[];
  /** Rules without keywords: their (strictly anchored) patterns read every text whole. */
  unkeyed: readonly number[];
  /**
   * Whether a secret is one of bulwark's own synthetic rule cases: found in bulwark's rule files and
   * bundles (and nowhere real), so `bulwark scan` does not report bulwark itself.
   */
  isOwnCase(secret: string): boolean;
  /** Whether a value starts with the literal prefix of a provider's format (`ghp_`, `xoxb-`, `AKIA`). */
  providerFormat(value: string): boolean;
  /** The compiled pattern of rule i (global, with indices); undefined for code detectors. */
  pattern(index: number): RegExp | undefined;
}

function check(rule: SecretRule): void {
  const problem = (what: string) => new InternalError(`secret rule ${rule.id}: ${what}`);
  if (!/^secrets\.[a-z0-9-]+$/.test(rule.id)) throw problem('the id must be secrets.<kebab-case>');
  if (rule.keywords.length === 0 && (!rule.pattern || rule.span !== undefined)) {
    throw problem('a rule without keywords must be a pattern read over the whole text (no span)');
  }
  for (const keyword of rule.keywords) {
    if (keyword !== keyword.toLowerCase() || !/^[\x20-\x7e]+$/.test(keyword)) {
      throw problem(`keyword "${keyword}" must be lower-case ASCII`);
    }
  }
  if (rule.validator && !(VALIDATOR_NAMES as readonly string[]).includes(rule.validator)) {
    throw problem(`unknown validator ${rule.validator}`);
  }
  const generic = (GENERIC_RULE_IDS as readonly string[]).includes(rule.id);
  if (!generic && !rule.pattern) throw problem('a rule needs a pattern');
}

function load(): Catalog {
  const rules = RULE_FILES.flat();
  const byId = new Map<string, SecretRule>();
  for (const rule of rules) {
    check(rule);
    if (byId.has(rule.id)) throw new InternalError(`secret rule ${rule.id} is defined twice`);
    byId.set(rule.id, rule);
  }
  const keywords: string[] = [];
  const keywordIndex = new Map<string, number>();
  const rulesByKeyword: number[][] = [];
  rules.forEach((rule, ruleIndex) => {
    for (const keyword of new Set(rule.keywords)) {
      let index = keywordIndex.get(keyword);
      if (index === undefined) {
        index = keywords.length;
        keywords.push(keyword);
        keywordIndex.set(keyword, index);
        rulesByKeyword.push([]);
      }
      rulesByKeyword[index]?.push(ruleIndex);
    }
  });
  const compiled: (RegExp | undefined)[] = [];
  const prefilter = buildPrefilter(keywords);
  // A provider's keyword that is a token's own prefix: it ends in a separator (`ghp_`, `xoxb-`,
  // `hvs.`) or is a fixed four-letter head (`akia`, `aiza`, `dapi`), not a context word (`twilio`).
  const prefixes = new Set(
    keywords.flatMap((keyword, index) => {
      const providers = (rulesByKeyword[index] ?? []).some(
        (i) => !rules[i]?.id.startsWith('secrets.generic-'),
      );
      return providers && (/[-_.]$/.test(keyword) || /^[a-z]{2}[a-z0-9]{2}$/.test(keyword)) ? [index] : [];
    }),
  );
  let ownCases: string | undefined;
  return {
    rules,
    byId,
    prefilter,
    isOwnCase(secret) {
      ownCases ??= rules
        .flatMap((rule) => [...rule.cases.match, ...rule.cases.ignore])
        .map((testCase) => (typeof testCase === 'string' ? testCase : testCase.text))
        .join('\n\0\n');
      return secret.length >= 8 && ownCases.includes(secret);
    },
    providerFormat(value) {
      let claimed = false;
      prefilter.scan(value.slice(0, 64), (at, keyword) => {
        claimed ||= at === 0 && prefixes.has(keyword);
      });
      return claimed;
    },
    rulesByKeyword,
    unkeyed: rules.flatMap((rule, index) => (rule.keywords.length === 0 ? [index] : [])),
    pattern(index) {
      const rule = rules[index];
      if (!rule?.pattern) return undefined;
      let regex = compiled[index];
      if (!regex) {
        regex = new RegExp(rule.pattern, rule.ignoreCase ? 'dgi' : 'dg');
        compiled[index] = regex;
      }
      return regex;
    },
  };
}

let catalog: Catalog | undefined;

export function secretCatalog(): Catalog {
  catalog ??= load();
  return catalog;
}
