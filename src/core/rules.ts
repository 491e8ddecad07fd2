// Rules are data (rules.yaml beside each engine): what happened, why it matters, what to do
// instead, and cases that must and must not trigger the rule. The code decides *when* a rule
// fires; the data decides what the agent and the user are told.
import { type Decision, decide, type EngineName, type Outcome, type Source } from './decision';
import { InternalError } from './errors';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/**
 * A tool call as `Tool target`, e.g. `Read ~/.ssh/id_rsa`; optionally under another profile or
 * with a user policy (the YAML object a user would write) added to the built-in profile.
 */
export type RuleCase =
  | string
  | {
      call: string;
      profile?: 'strict' | 'standard' | 'relaxed';
      policy?: Record<string, unknown>;
      /** More fields of the tool's input, e.g. Grep's `glob`. */
      input?: Record<string, unknown>;
      /** The target padded with spaces to this length: input over a size limit. */
      padTo?: number;
    };

export interface Rule {
  id: string;
  severity: Severity;
  /** What happened; `{name}` placeholders are filled from the decision. */
  message: string;
  /** Why it matters. */
  rationale: string;
  /** What to do instead. */
  remediation: string;
  references?: string[];
  cases: { match: RuleCase[]; ignore: RuleCase[] };
}

export interface RuleBook<Id extends string> {
  /** The decision a rule makes: the outcome, and the rule's reason filled in from `values`. */
  fire(id: Id, outcome: Outcome, values: Readonly<Record<string, string>>, source?: Source): Decision;
}

/** An engine's rules.yaml, read once. */
export function ruleBook<Id extends string>(engine: EngineName, data: unknown): RuleBook<Id> {
  const rules = new Map((data as Rule[]).map((rule) => [rule.id, rule]));
  return {
    fire(id, outcome, values, source) {
      const rule = rules.get(id);
      if (!rule) throw new InternalError(`rule ${id} has no entry in its rules.yaml`);
      return decide({ engine, outcome, ruleId: id, reason: ruleReason(rule, values), source });
    },
  };
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The reason given to the agent and the user: what, why, and what to do instead. */
export function ruleReason(rule: Rule, values: Readonly<Record<string, string>>): string {
  return `${fill(rule.message, values)} Why: ${fill(rule.rationale, values)} Instead: ${fill(rule.remediation, values)}`;
}
