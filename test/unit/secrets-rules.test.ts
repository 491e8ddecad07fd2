// Every secret rule's own cases, through the same detector the scanner and the hook use: a match
// case must be found by that rule, an ignore case must not be.
import { describe, expect, it } from 'vitest';
import { mayHoldSecret } from '../../src/core/redact';
import { secretCatalog } from '../../src/engines/secrets/catalog';
import { detectSecrets } from '../../src/engines/secrets/detect';
import type { SecretCase } from '../../src/engines/secrets/types';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const { rules } = secretCatalog();

function run(testCase: SecretCase) {
  const { text, path } = typeof testCase === 'string' ? { text: testCase, path: undefined } : testCase;
  return detectSecrets(text, { path });
}

describe('the secret rule set', () => {
  it('every match case passes the cheap gate that decides whether to load the engine', () => {
    for (const rule of rules) {
      for (const testCase of rule.cases.match) {
        const text = typeof testCase === 'string' ? testCase : testCase.text;
        expect(mayHoldSecret(text), `${rule.id}: ${text.slice(0, 60)}`).toBe(true);
      }
    }
  });

  it('covers at least 60 providers', () => {
    expect(new Set(rules.map((rule) => rule.provider)).size).toBeGreaterThanOrEqual(60);
  });

  for (const rule of rules) {
    describe(rule.id, () => {
      it('has complete metadata and both kinds of case', () => {
        expect(SEVERITIES).toContain(rule.severity);
        expect(rule.title.length).toBeGreaterThan(5);
        expect(rule.rotate).toMatch(/^https:\/\//);
        expect(rule.envVar).toMatch(/^[A-Z][A-Z0-9_]*$/);
        expect(rule.cases.match.length).toBeGreaterThan(0);
        expect(rule.cases.ignore.length).toBeGreaterThan(0);
      });
      for (const testCase of rule.cases.match) {
        it(`finds ${JSON.stringify(testCase).slice(0, 90)}`, () => {
          expect(run(testCase).map((match) => match.rule.id)).toContain(rule.id);
        });
      }
      for (const testCase of rule.cases.ignore) {
        it(`ignores ${JSON.stringify(testCase).slice(0, 90)}`, () => {
          expect(run(testCase).map((match) => match.rule.id)).not.toContain(rule.id);
        });
      }
    });
  }
});
