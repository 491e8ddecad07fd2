import { describe, expect, it } from 'vitest';
import { redact, summarize } from '../../src/core/redact';

describe('redaction of what bulwark writes', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLE', 'aws-key'],
    // bulwark:allow secrets.github-token -- a fake credential the test feeds to bulwark on purpose
    ['ghp_0123456789abcdefghijklmnopqrstuvwxyz', 'github-token'],
    ['sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345', 'api-key'],
    ['xoxb-123456789012-abcdefghij', 'slack-token'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', 'private-key'],
    // bulwark:allow secrets.url-credentials -- a fake credential the test feeds to bulwark on purpose
    ['https://alice:hunter22@example.com/x', 'url-credentials'],
  ])('removes %s', (secret, kind) => {
    const out = redact(`before ${secret} after`);
    expect(out).toContain(`[redacted:${kind}]`);
    expect(out).not.toContain(secret.slice(8, 20));
  });

  it('keeps the key name of an assignment and drops its value', () => {
    expect(redact('DB_PASSWORD=correct-horse-battery')).toBe('DB_PASSWORD=[redacted]');
    expect(redact('curl -H "api_key: abcdef123456"')).not.toContain('abcdef123456');
  });

  it('bounds and flattens summaries', () => {
    const summary = summarize(`a\n\nb ${'x'.repeat(1000)}`, 50);
    expect(summary.length).toBeLessThanOrEqual(50);
    expect(summary.startsWith('a b ')).toBe(true);
  });
});
