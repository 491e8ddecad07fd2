// Every rule file at once: the rule set is complete and consistent, and every rule's own cases
// pass through the same path `bulwark explain` and the hook use.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { explainToolCall } from '../../src/adapters/claude-code/explain';
import type { Rule, RuleCase } from '../../src/core/rules';
import { FILES_RULE_IDS } from '../../src/engines/files/evaluate';
import filesRules from '../../src/engines/files/rules.yaml';
import { NET_RULE_IDS } from '../../src/engines/net/evaluate';
import netRules from '../../src/engines/net/rules.yaml';
import { SHELL_RULE_IDS, SHELL_RULE_PACKS } from '../../src/engines/shell/rule-book';
import { TOOLS_RULE_IDS } from '../../src/engines/tools/evaluate';
import toolsRules from '../../src/engines/tools/rules.yaml';
import { createRuleFixture } from '../helpers/fixture';
import type { Sandbox } from '../helpers/sandbox';

const ENGINES = [
  { engine: 'files', rules: filesRules as Rule[], ids: FILES_RULE_IDS },
  { engine: 'net', rules: netRules as Rule[], ids: NET_RULE_IDS },
  { engine: 'tools', rules: toolsRules as Rule[], ids: TOOLS_RULE_IDS },
  { engine: 'shell', rules: (Object.values(SHELL_RULE_PACKS) as Rule[][]).flat(), ids: SHELL_RULE_IDS },
];
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

describe('the rule set', () => {
  it('has unique ids across all engines', () => {
    const ids = ENGINES.flatMap(({ rules }) => rules.map((rule) => rule.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const { engine, rules, ids } of ENGINES) {
    it(`${engine}: rules.yaml and the code name the same rules`, () => {
      expect(rules.map((rule) => rule.id).sort()).toEqual([...ids].sort());
    });

    for (const rule of rules) {
      it(`${rule.id}: id, metadata and cases are complete`, () => {
        expect(rule.id.startsWith(`${engine}.`)).toBe(true);
        expect(SEVERITIES).toContain(rule.severity);
        for (const text of [rule.message, rule.rationale, rule.remediation]) {
          expect(text.trim().length).toBeGreaterThan(10);
          expect(text.trim()).toMatch(/[.?!)]$/);
        }
        expect(rule.cases.match.length, 'a rule needs a case it must decide').toBeGreaterThan(0);
        expect(rule.cases.ignore.length, 'a rule needs a case it must not decide').toBeGreaterThan(0);
      });
    }
  }
});

function normalize(ruleCase: RuleCase) {
  const spec = typeof ruleCase === 'string' ? { call: ruleCase } : ruleCase;
  const space = spec.call.indexOf(' ');
  const tool = space < 0 ? spec.call : spec.call.slice(0, space);
  const written = space < 0 ? undefined : spec.call.slice(space + 1);
  const target = written === undefined || !spec.padTo ? written : written.padEnd(spec.padTo);
  const label = [
    spec.call,
    spec.profile && `profile ${spec.profile}`,
    spec.policy && `policy ${JSON.stringify(spec.policy)}`,
    spec.input && `input ${JSON.stringify(spec.input)}`,
    spec.padTo && `padded to ${spec.padTo} characters`,
  ]
    .filter(Boolean)
    .join(', ');
  return { ...spec, tool, target, label };
}

describe('rule cases', () => {
  let fixture: Sandbox;
  beforeAll(() => {
    fixture = createRuleFixture();
  });
  afterAll(() => fixture.cleanup());

  const userPolicy = () => join(fixture.home, '.config', 'bulwark', 'policy.yaml');
  const judgeCase = async (ruleCase: RuleCase) => {
    const spec = normalize(ruleCase);
    rmSync(userPolicy(), { force: true });
    if (spec.profile || spec.policy)
      fixture.write(userPolicy(), stringify({ profile: spec.profile, ...spec.policy }));
    const { decision } = await explainToolCall(
      { tool: spec.tool, target: spec.target, input: spec.input, cwd: fixture.project },
      fixture.environment,
    );
    return decision;
  };

  for (const { rules } of ENGINES) {
    for (const rule of rules) {
      for (const ruleCase of rule.cases.match) {
        it(`${rule.id} decides: ${normalize(ruleCase).label}`, async () => {
          const decision = await judgeCase(ruleCase);
          expect(decision.ruleId, decision.reason).toBe(rule.id);
        });
      }
      for (const ruleCase of rule.cases.ignore) {
        it(`${rule.id} stays out of: ${normalize(ruleCase).label}`, async () => {
          const decision = await judgeCase(ruleCase);
          expect(decision.ruleId, decision.reason).not.toBe(rule.id);
        });
      }
    }
  }
});
