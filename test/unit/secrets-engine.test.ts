// The secrets engine on the inputs a review found it wrong on: each case a way a real credential
// reached the model or a report, kept so it cannot come back.
import { describe, expect, it } from 'vitest';
import { detectSecrets } from '../../src/engines/secrets/detect';
import { scanText } from '../../src/engines/secrets/scan-text';

// Synthetic values (bulwark:allow comments below keep `bulwark scan` of this repository quiet).
// bulwark:allow secrets.github-token -- a fake credential the test feeds to bulwark on purpose
const GITHUB = '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';
const STRIPE = ['sk', 'live', '8ZDfRJgMNFK7XyhWpnJTT8tL'].join('_');

const rules = (text: string, path?: string) => detectSecrets(text, { path }).map((match) => match.rule.id);
const secrets = (text: string, path?: string) => detectSecrets(text, { path }).map((match) => match.secret);

describe('secrets the engine must find', () => {
  it('at the start of a line written JSON-escaped (transcripts, MCP and log output)', () => {
    const line = JSON.stringify({
      message: { content: `here is my .env:\n${GITHUB}\nSTRIPE=${STRIPE}\n\t${GITHUB}` },
    });
    expect(secrets(line)).toEqual([GITHUB, STRIPE, GITHUB]);
  });

  it('in a URL whose password is percent-encoded', () => {
    // bulwark:allow secrets.url-credentials -- a fake credential the test feeds to bulwark on purpose
    expect(rules('DATABASE_URL=postgres://app:Xk9%40mQ2vL7pz%21R@db.prod.example.net/app')).toContain(
      'secrets.url-credentials',
    );
  });

  it('in a quoted value holding the other kind of quote', () => {
    // bulwark:allow secrets.generic-password -- a fake credential the test feeds to bulwark on purpose
    expect(rules(`password: "Rq4'vN8sLp2wT"`, 'config.yaml')).toContain('secrets.generic-password');
  });

  it('assigned to a key named for what it signs or encrypts', () => {
    for (const key of [
      'APP_KEY',
      'MASTER_KEY',
      'SESSION_KEY',
      'SIGNING_KEY',
      'ENCRYPTION_KEY',
      'SERVICE_KEY',
    ]) {
      expect(rules(`${key}=q8Zr2LmN5vTx9KpW3sHd7Yz4`, '.env'), key).toContain('secrets.generic-secret');
    }
  });

  it('on a long line, however far apart two of them are', () => {
    for (const gap of [4000, 4057, 4087, 4097]) {
      const line = JSON.stringify({ a: GITHUB, blob: 'p'.repeat(gap), b: GITHUB });
      expect(secrets(line), `gap ${gap}`).toEqual([GITHUB, GITHUB]);
    }
  });

  it('a bare value whole, however the judgement splits it (half-redacted is leaked)', () => {
    const text = 'DB_PASSWORD=Xk9mQ2v;L7pzR#abcdEFG next';
    const [match] = detectSecrets(text);
    expect(match && text.slice(match.start, match.end)).toBe('Xk9mQ2v;L7pzR#abcdEFG');
  });

  it('a private key cut short (no END line)', () => {
    const head =
      // bulwark:allow secrets.private-key -- a fake key the test feeds to bulwark on purpose
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yW\n';
    expect(rules(head)).toEqual(['secrets.private-key']);
  });
});

describe('what the engine reports', () => {
  it('a malformed bulwark:allow comment is reported without the line it is on', () => {
    const result = scanText(`/* bulwark:allow secrets.stripe-live-key */ const s = "${STRIPE}";\n`, {
      file: 'app.js',
      inline: true,
    });
    expect(result.findings).toHaveLength(1);
    expect(result.warnings.join('\n')).not.toContain(STRIPE.slice(8));
    expect(result.warnings[0]).toContain('app.js:1');
  });

  it('hostile text ends, and finds nothing where there is nothing', () => {
    // Each of these once took seconds per megabyte (backtracking, or work per keyword hit).
    const inputs = [
      `<pass>x${'\t'.repeat(195)}`.repeat(1000),
      '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(2000),
      'password='.repeat(20000),
    ];
    for (const input of inputs) expect(detectSecrets(input)).toEqual([]);
  });
});
