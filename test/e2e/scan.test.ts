// `bulwark scan` as users run it: the built CLI in a temporary HOME and git repository.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, git, REPO_ROOT, runCli, type Sandbox } from '../helpers/sandbox';

// A GitHub token with a valid checksum (public test value from detect-secrets' fixtures).
// bulwark:allow secrets.github-token -- a fake credential the test feeds to bulwark on purpose
const TOKEN = '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';
// bulwark:allow secrets.generic-password -- a fake credential the test feeds to bulwark on purpose
const PASSWORD = 'Rq4#vN8sLp2w';
// bulwark:allow secrets.url-credentials -- a fake credential the test feeds to bulwark on purpose
const DB_URL = 'postgres://app:Q7v2LmX9kTz4@db.internal.example.net:5432/app';

let s: Sandbox;
beforeEach(() => {
  s = createSandbox();
  git(s.project, 'config', 'user.email', 'dev@example.com');
  git(s.project, 'config', 'user.name', 'Dev');
});
afterEach(() => s.cleanup());

function scan(args: string[], input?: string) {
  const result = runCli(s, ['scan', ...args], { input });
  // Whatever the format, the secret itself is never printed.
  for (const secret of [TOKEN, PASSWORD, 'Q7v2LmX9kTz4']) {
    expect(result.stdout + result.stderr).not.toContain(secret);
  }
  return result;
}

function json(args: string[], input?: string) {
  const result = scan([...args, '--format', 'json'], input);
  return { status: result.status, report: JSON.parse(result.stdout), stderr: result.stderr };
}

function commit(message: string) {
  git(s.project, 'add', '-A');
  git(s.project, 'commit', '-qm', message);
}

describe('bulwark scan: the working tree', () => {
  it('reports each secret with rule, place, fingerprint, redacted evidence and remediation; exit 1', () => {
    s.write('src/config.ts', `export const token = "${TOKEN}";\nexport const url = "${DB_URL}";\n`);
    const { status, report } = json([]);
    expect(status).toBe(1);
    expect(report.findings).toHaveLength(2);
    const [github] = report.findings;
    expect(github).toMatchObject({
      ruleId: 'secrets.github-token',
      category: 'secrets',
      severity: 'critical',
      confidence: 'high',
      file: 'src/config.ts',
      line: 1,
      column: 23,
      endLine: 1,
      endColumn: 63,
    });
    expect(github.fingerprint).toMatch(/^secrets\.github-token:[0-9a-f]{24}$/);
    expect(github.evidence).toBe(
      'export const token = "[REDACTED secrets.github-token#' + github.fingerprint.slice(-24, -18) + ']";',
    );
    expect(github.remediation).toContain('https://github.com/settings/tokens');
    expect(github.remediation).toContain('GITHUB_TOKEN');
    expect(report.findings[1].ruleId).toBe('secrets.url-credentials');
    expect(report.stats).toMatchObject({ source: 'tree', files: 1, findings: 2 });
  });

  it('is clean (exit 0) without secrets, and the pretty report says so', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference is the case
    s.write('src/app.ts', 'const token = process.env.GITHUB_TOKEN;\nconst password = "${DB_PASSWORD}";\n');
    const result = scan([]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('no secrets found');
  });

  it('honours .gitignore unless --no-ignore, and skips binaries and large files, saying so', () => {
    s.write('.gitignore', 'build/\n');
    s.write('build/out.js', `const t = "${TOKEN}";\n`);
    s.write('image.bin', Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(TOKEN)]).toString('latin1'));
    s.write('big.txt', `${'x'.repeat(5000)}\n${TOKEN}\n`);
    expect(json([]).report.findings.map((f: { file: string }) => f.file)).toEqual(['big.txt']);
    const { report } = json(['--no-ignore', '--max-file-size', '4096']);
    expect(report.findings.map((f: { file: string }) => f.file)).toEqual(['build/out.js']);
    expect(report.stats.skipped).toEqual({ binary: 1, 'too-large': 1, unreadable: 0 });
    expect(report.stats.skippedFiles).toContainEqual({ file: 'big.txt', reason: 'too-large' });
  });

  it('scans only the paths given, named relative to the project root', () => {
    s.write('a/one.env', `TOKEN=${TOKEN}\n`);
    s.write('b/two.env', `TOKEN=${TOKEN}\n`);
    const { report } = json(['b']);
    expect(report.findings.map((f: { file: string }) => f.file)).toEqual(['b/two.env']);
  });

  it('--fail-on sets the exit code threshold', () => {
    s.write('config.yml', `db_password: "${PASSWORD}"\n`);
    expect(json([]).status).toBe(1);
    expect(json(['--fail-on', 'critical']).status).toBe(0);
  });
});

describe('bulwark scan: suppressions', () => {
  it('an inline bulwark:allow names a rule and a reason; a malformed one is reported and not honoured', () => {
    s.write(
      'test/fixture.ts',
      [
        '// bulwark:allow secrets.github-token -- public test token from the checksum tests',
        `const a = "${TOKEN}";`,
        `const b = "${DB_URL}"; // bulwark:allow secrets.url-credentials`,
        '',
      ].join('\n'),
    );
    const { status, report } = json([]);
    expect(status).toBe(1);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['secrets.url-credentials']);
    expect(report.suppressed).toHaveLength(1);
    expect(report.suppressed[0].suppression).toEqual({
      kind: 'inline',
      reason: 'public test token from the checksum tests',
      source: 'test/fixture.ts:1',
    });
    expect(report.warnings[0]).toContain('test/fixture.ts:3');
    expect(report.warnings[0]).toContain('bulwark:allow <rule id> -- <reason>');
  });

  it('--update-baseline accepts current findings; moved lines stay accepted; new ones and unused entries are reported', () => {
    s.write('legacy.env', `TOKEN=${TOKEN}\n`);
    const update = scan(['--update-baseline']);
    expect(update.status).toBe(0);
    const baselineFile = join(s.project, '.bulwark', 'secrets-baseline.json');
    const baseline = JSON.parse(readFileSync(baselineFile, 'utf8'));
    expect(baseline.version).toBe(1);
    expect(baseline.entries).toEqual([
      expect.objectContaining({
        ruleId: 'secrets.github-token',
        file: 'legacy.env',
        reason: expect.any(String),
      }),
    ]);
    expect(readFileSync(baselineFile, 'utf8')).not.toContain(TOKEN);

    s.write('legacy.env', `# moved down\n\nTOKEN=${TOKEN}\n`);
    const moved = json([]);
    expect(moved.status).toBe(0);
    expect(moved.report.suppressed[0].suppression.kind).toBe('baseline');

    s.write('legacy.env', '# token removed\n');
    s.write('new.env', `URL=${DB_URL}\n`);
    const later = json([]);
    expect(later.status).toBe(1);
    expect(later.report.findings).toHaveLength(1);
    expect(later.report.unusedBaseline).toHaveLength(1);
    expect(scan([]).stdout).toContain('unused baseline entry');
  });

  it('a broken baseline is an error naming the file and the fix (exit 2)', () => {
    s.write('.bulwark/secrets-baseline.json', '{"version": 1, "entries": [{"ruleId": "x"}]}');
    const result = scan([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('secrets-baseline.json');
    expect(result.stderr).toContain('entries[0].file');
    expect(result.stderr).toContain('--update-baseline');
  });

  it('secrets.allow in the user policy accepts values by pattern, with its reason', () => {
    s.write(
      '~/.config/bulwark/policy.yaml',
      'secrets:\n  allow:\n    - { rule: secrets.url-credentials, values: ["^Q7v2"], reason: "the shared staging database" }\n',
    );
    s.write('app.env', `DATABASE_URL=${DB_URL}\n`);
    const { status, report } = json([]);
    expect(status).toBe(0);
    expect(report.suppressed[0].suppression).toMatchObject({
      kind: 'policy',
      reason: 'the shared staging database',
    });
  });

  it('a project policy cannot accept findings', () => {
    s.write(
      '.bulwark/policy.yaml',
      'secrets:\n  allow:\n    - { rule: secrets.github-token, reason: "trust me" }\n',
    );
    const result = scan([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('secrets.allow');
    expect(result.stderr).toContain('can only tighten');
  });
});

describe('bulwark scan: bulwark itself', () => {
  it("does not report bulwark's own rule cases, in its rule files or its bundles", () => {
    const rules = join(REPO_ROOT, 'src', 'engines', 'secrets', 'rules');
    const { status, report } = json([rules, join(REPO_ROOT, 'dist', 'secrets.cjs')]);
    expect(report.findings).toEqual([]);
    expect(status).toBe(0);
    expect(report.suppressed.length).toBeGreaterThan(100);
    const kinds = new Set(
      report.suppressed.map((s: { suppression: { kind: string } }) => s.suppression.kind),
    );
    expect(kinds).toContain('fixture');
    for (const kind of kinds) expect(['fixture', 'inline']).toContain(kind);
  });
});

describe('bulwark scan: git', () => {
  it('--staged reports only the lines the staged change adds', () => {
    s.write('old.env', `TOKEN=${TOKEN}\n`);
    commit('old secret');
    s.write('old.env', `TOKEN=${TOKEN}\nDATABASE_URL=${DB_URL}\n`);
    s.write('unstaged.env', `OTHER=${DB_URL}\n`);
    git(s.project, 'add', 'old.env');
    const { status, report } = json(['--staged']);
    expect(status).toBe(1);
    expect(report.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual([
      'old.env:2',
    ]);
  });

  it('--staged reads the index, not the working tree', () => {
    s.write('app.env', `URL=${DB_URL}\n`);
    git(s.project, 'add', 'app.env');
    s.write('app.env', 'URL=cleaned-after-staging\n');
    expect(json(['--staged']).report.findings).toHaveLength(1);
  });

  it('--diff BASE reports what was added since BASE', () => {
    s.write('a.env', `TOKEN=${TOKEN}\n`);
    commit('base');
    git(s.project, 'tag', 'base');
    s.write('b.env', `URL=${DB_URL}\n`);
    commit('later');
    const { report } = json(['--diff', 'base']);
    expect(report.findings.map((f: { file: string }) => f.file)).toEqual(['b.env']);
    expect(scan(['--diff', 'no-such-ref']).status).toBe(2);
  });

  it('--history finds a secret that was committed and later removed, naming the commit and author', () => {
    s.write('deploy.env', `TOKEN=${TOKEN}\n`);
    commit('add deploy config');
    const sha = git(s.project, 'rev-parse', 'HEAD').trim();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference is the case
    s.write('deploy.env', 'TOKEN=${GITHUB_TOKEN}\n');
    commit('remove the token');
    expect(json([]).report.findings).toHaveLength(0);
    const { status, report } = json(['--history']);
    expect(status).toBe(1);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].commit).toMatchObject({ sha, author: 'Dev <dev@example.com>' });
    expect(report.stats).toMatchObject({ source: 'history', commits: 2, blobs: 2 });
  });
});

describe('bulwark scan: other sources and formats', () => {
  it('- reads stdin', () => {
    const { status, report } = json(['-'], `here is my token ${TOKEN}\n`);
    expect(status).toBe(1);
    expect(report.findings[0]).toMatchObject({ file: '(stdin)', line: 1, ruleId: 'secrets.github-token' });
  });

  it('--format sarif is SARIF 2.1.0 with rules, regions, fingerprints and recorded suppressions', () => {
    s.write(
      'a.ts',
      `// bulwark:allow secrets.url-credentials -- fixture\nconst u = "${DB_URL}";\nconst t = "${TOKEN}";\n`,
    );
    const result = scan(['--format', 'sarif']);
    expect(result.status).toBe(1);
    const sarif = JSON.parse(result.stdout);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('bulwark');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'secrets.github-token',
      'secrets.url-credentials',
    ]);
    const token = run.results.find((r: { ruleId: string }) => r.ruleId === 'secrets.github-token');
    expect(token.level).toBe('error');
    expect(token.locations[0].physicalLocation.region).toMatchObject({ startLine: 3, startColumn: 12 });
    expect(token.partialFingerprints['bulwarkSecret/v1']).toMatch(/^secrets\.github-token:/);
    const suppressed = run.results.find((r: { ruleId: string }) => r.ruleId === 'secrets.url-credentials');
    expect(suppressed.suppressions).toEqual([{ kind: 'inSource', justification: 'fixture (a.ts:1)' }]);
  });

  it('-o writes the report to a file', () => {
    s.write('a.env', `T=${TOKEN}\n`);
    expect(scan(['--format', 'json', '-o', 'report.json']).status).toBe(1);
    expect(JSON.parse(readFileSync(join(s.project, 'report.json'), 'utf8')).findings).toHaveLength(1);
  });

  it('rejects contradictory options with exit 2 and says why', () => {
    expect(scan(['--staged', 'src']).stderr).toContain('cannot be added');
    expect(scan(['--staged', '--history']).status).toBe(2);
    expect(scan(['--redact']).stderr).toContain('--agent-history');
    expect(scan(['--only', 'code']).status).toBe(2);
    expect(scan(['--format', 'xml']).status).toBe(2);
  });

  it('--agent-history finds secrets in transcripts and shell history; --redact rewrites them and nothing else', () => {
    const transcript = s.write(
      '~/.claude/projects/-home-project/session.jsonl',
      [
        JSON.stringify({ type: 'user', message: { role: 'user', content: `deploy with ${TOKEN}` } }),
        JSON.stringify({ type: 'assistant', message: { content: [{ type: 'text', text: 'Done.' }] } }),
        '',
      ].join('\n'),
    );
    const history = s.write('~/.bash_history', `ls\nexport DATABASE_URL=${DB_URL}\ngit status\n`);
    const found = json(['--agent-history']);
    expect(found.status).toBe(1);
    expect(found.report.findings.map((f: { file: string }) => f.file)).toEqual([
      '~/.bash_history',
      '~/.claude/projects/-home-project/session.jsonl',
    ]);
    expect(readFileSync(transcript, 'utf8')).toContain(TOKEN);

    const redacted = json(['--agent-history', '--redact']);
    expect(redacted.report.stats.redactedFiles).toBe(2);
    const lines = readFileSync(transcript, 'utf8').split('\n');
    expect(lines[0]).not.toContain(TOKEN);
    expect(JSON.parse(lines[0] as string).message.content).toMatch(
      /^deploy with \[REDACTED secrets\.github-token#[0-9a-f]{6}\]$/,
    );
    expect(lines[1]).toBe(
      JSON.stringify({ type: 'assistant', message: { content: [{ type: 'text', text: 'Done.' }] } }),
    );
    expect(readFileSync(history, 'utf8')).toMatch(
      /^ls\nexport DATABASE_URL=postgres:\/\/app:\[REDACTED [^\]]+\]@db\.internal\.example\.net:5432\/app\ngit status\n$/,
    );
    expect(json(['--agent-history']).status).toBe(0);
  });

  it('--help teaches the sources, suppressions and exit codes', () => {
    const help = runCli(s, ['scan', '--help']).stdout;
    for (const text of [
      '--staged',
      '--diff',
      '--history',
      '--agent-history',
      '--redact',
      'bulwark:allow',
      'Exit codes',
      '--fail-on',
    ]) {
      expect(help).toContain(text);
    }
  });
});

describe('bulwark scan: large trees', () => {
  it('scans thousands of files with worker threads and finds every planted secret', () => {
    const filler = `export function f(a, b) { return a + b; } // ${'lorem ipsum '.repeat(40)}\n`.repeat(20);
    for (let i = 0; i < 400; i++) writeFileSync(s.write(`src/m${i}.js`, ''), filler);
    s.write('src/m123.js', `${filler}const t = "${TOKEN}";\n`);
    s.write('src/m321.js', `${filler}const u = "${DB_URL}";\n`);
    const { status, report } = json(['--jobs', '2']);
    expect(status).toBe(1);
    expect(report.stats.files).toBe(400);
    expect(report.findings.map((f: { file: string }) => f.file)).toEqual(['src/m123.js', 'src/m321.js']);
  });
});
