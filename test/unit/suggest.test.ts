// `bulwark suggest`: approvals grouped from the log, patterns that match exactly what was approved,
// generalisation only where no admitted command is denied, and the policy file edited in place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/audit/log';
import { commandPatternMatches } from '../../src/engines/shell/patterns';
import { compileLayers } from '../../src/policy/load';
import { unifiedDiff } from '../../src/setup/diff';
import { collectApprovals } from '../../src/suggest/approvals';
import { findGeneralisations, stemGlob } from '../../src/suggest/generalise';
import { createJudge, type Judge } from '../../src/suggest/judging';
import { exactPattern } from '../../src/suggest/patterns';
import { planSuggestions } from '../../src/suggest/plan';
import { addAllowRules } from '../../src/suggest/policy-file';
import { proveNoDenial } from '../../src/suggest/prove';
import { createSandbox, type Sandbox } from '../helpers/sandbox';

let seq = 0;
function approved(command: string, fields: Partial<AuditRecord> = {}): AuditRecord {
  seq++;
  return {
    v: 1,
    seq,
    time: `2026-01-01T00:00:${String(seq % 60).padStart(2, '0')}.000Z`,
    host: 'h',
    user: 'u',
    session: 's1',
    agent: 'claude-code',
    event: 'PostToolUse',
    tool: 'Bash',
    input: command,
    decision: 'approved',
    reason: 'approved',
    cwd: '/nowhere',
    prev: '0'.repeat(64),
    ...fields,
  };
}

function times(count: number, command: string, fields: Partial<AuditRecord> = {}): AuditRecord[] {
  return Array.from({ length: count }, () => approved(command, fields));
}

describe('collecting approvals', () => {
  it('groups approved Bash calls by command, with sessions, last time and directories', () => {
    const records = [
      approved('make deploy', { session: 'a', cwd: '/p1', time: '2026-01-01T00:00:01Z' }),
      approved('make deploy', { session: 'b', cwd: '/p2', time: '2026-01-02T00:00:01Z' }),
      approved('make deploy', { session: 'a', cwd: '/p1', time: '2026-01-03T00:00:01Z' }),
      approved('ls', { decision: 'ask' }),
      approved('https://example.com', { tool: 'WebFetch' }),
      approved('git status'),
    ];
    const collected = collectApprovals(records);
    expect(collected.total).toBe(4);
    expect(collected.approvals).toEqual([
      {
        command: 'make deploy',
        approvals: 3,
        sessions: 2,
        sessionIds: ['a', 'b'],
        lastSeen: '2026-01-03T00:00:01Z',
        cwds: ['/p1', '/p2'],
      },
      expect.objectContaining({ command: 'git status', approvals: 1 }),
    ]);
  });

  it('sets aside commands the log kept cut short or with a secret taken out', () => {
    const collected = collectApprovals([
      approved(`echo ${'x'.repeat(290)}…`),
      approved('curl -H "Authorization: Bearer [redacted:jwt]" https://api.example.com'),
      approved('export TOKEN=[redacted]'),
    ]);
    expect(collected.approvals).toEqual([]);
    expect(collected.unusable.map((entry) => entry.reason).sort()).toEqual([
      'redacted',
      'redacted',
      'truncated',
    ]);
  });
});

describe('exact patterns', () => {
  it('match exactly the approved command, glob characters taken literally', () => {
    const corpus = [
      ['git', 'status'],
      ['ls', '*.ts'],
      ['grep', '-r', 'a.*b', '.'],
      ['echo', '{a,b}', '[x]', 'why?', 'back\\slash'],
      ['npm', 'run', 'test:*'],
      ['make', 'deploy'],
    ];
    for (const argv of corpus) {
      const pattern = exactPattern(argv);
      if (!pattern.ok) throw new Error(`no pattern for ${argv.join(' ')}`);
      expect(commandPatternMatches(pattern.value, argv), pattern.value).toBe(true);
      expect(commandPatternMatches(pattern.value, [...argv, 'more']), pattern.value).toBe(false);
    }
    const glob = exactPattern(['ls', '*.ts']);
    expect(glob.ok && commandPatternMatches(glob.value, ['ls', 'a.ts'])).toBe(false);
    const open = exactPattern(['npm', 'run', 'test:*']);
    expect(open.ok && commandPatternMatches(open.value, ['npm', 'run', 'test', 'x'])).toBe(false);
  });

  it('names paths word for word, a "*" staying within one path segment', () => {
    const exact = exactPattern(['vitest', 'run', 'test/unit']);
    expect(exact.ok && commandPatternMatches(exact.value, ['vitest', 'run', 'test/unit'])).toBe(true);
    expect(exact.ok && commandPatternMatches(exact.value, ['vitest', 'run', 'test/e2e'])).toBe(false);
    expect(commandPatternMatches('cat src/*.ts', ['cat', 'src/a.ts'])).toBe(true);
    expect(commandPatternMatches('cat src/*.ts', ['cat', 'src/a/b.ts'])).toBe(false);
    expect(commandPatternMatches('cat src/*.ts', ['cat', 'src/../x.ts'])).toBe(false);
  });

  it('cannot be written for words with whitespace or nothing in them', () => {
    expect(exactPattern(['git', 'commit', '-m', 'fix bug'])).toMatchObject({
      ok: false,
      error: { problem: 'whitespace' },
    });
    expect(exactPattern(['echo', ''])).toMatchObject({ ok: false, error: { problem: 'empty' } });
  });
});

describe('finding generalisations', () => {
  const single = (command: string) => ({ command, argv: command.split(' '), approvals: 1 });

  it('groups commands that differ only in a last word sharing a stem', () => {
    const found = findGeneralisations(
      ['git switch feature-a', 'git switch feature-b', 'git switch main', 'git log -n 5'].map(single),
    );
    expect(found.map((g) => [g.pattern, g.members.length])).toEqual([['git switch feature-*', 2]]);
  });

  it('leaves alone paths, options, assignments, short stems and single commands', () => {
    const found = findGeneralisations(
      [
        'rm build/a',
        'rm build/b',
        'ls --color=auto',
        'ls --color=never',
        'env A=1',
        'env A=2',
        'make ab1',
        'make ab2',
        'make deploy',
      ].map(single),
    );
    expect(found).toEqual([]);
  });

  it('never writes a stem ending in ":" as ":*" (which means "any arguments")', () => {
    expect(stemGlob('test:')).toBe('test:?*');
    const [found] = findGeneralisations(['npm run test:unit', 'npm run test:e2e'].map(single));
    expect(found?.pattern).toBe('npm run test:?*');
    expect(commandPatternMatches(found?.pattern ?? '', ['npm', 'run', 'test:lint'])).toBe(true);
    expect(commandPatternMatches(found?.pattern ?? '', ['npm', 'run', 'test:'])).toBe(false);
    expect(commandPatternMatches(found?.pattern ?? '', ['npm', 'run', 'test:x', 'more'])).toBe(false);
  });
});

describe('with the real engines', () => {
  let s: Sandbox;
  let judge: Judge;
  beforeAll(async () => {
    s = createSandbox();
    s.write('package.json', JSON.stringify({ scripts: { lint: 'biome check . && tsc' } }));
    s.write(
      '~/.config/bulwark/policy.yaml',
      [
        'shell:',
        '  rules:',
        '    - { command: "git switch", args: ["feature-prod"], action: deny }',
        '    - { command: "git checkout", args: ["release-*"], action: deny }',
        'allow:',
        '  - { tool: Bash, commands: ["git status"] }',
        '',
      ].join('\n'),
    );
    judge = await createJudge(s.environment, s.project);
  });
  afterAll(() => s.cleanup());

  const group = (...commands: string[]) => {
    const [found] = findGeneralisations(
      commands.map((c) => ({ command: c, argv: c.split(' '), approvals: 2 })),
    );
    if (!found) throw new Error('no group');
    return found;
  };

  describe('proving a generalisation safe', () => {
    it('proves a pattern none of whose commands is denied', async () => {
      expect(
        await proveNoDenial(
          group('git log --oneline main-1', 'git log --oneline main-2'),
          [s.project],
          judge,
        ),
      ).toMatchObject({
        proven: true,
      });
    });

    it('refuses when a value the wildcard admits is denied', async () => {
      // A user deny rule's literal word, and a secret file the built-in rules protect.
      const user = await proveNoDenial(
        group('git switch feature-a', 'git switch feature-b'),
        [s.project],
        judge,
      );
      expect(user).toEqual({
        proven: false,
        reason: expect.stringMatching(/git switch feature-prod`, which is denied \(shell\.policy-rule\)/),
      });
      const secret = await proveNoDenial(group('cat notes-a', 'cat notes-b'), [s.project], judge);
      expect(secret).toEqual({
        proven: false,
        reason: expect.stringMatching(/which is denied \(files\.secret-read\)/),
      });
    });

    it('refuses what it cannot reason about: runners, deleted files, deny rules with patterns', async () => {
      expect(await proveNoDenial(group('sudo apt-a', 'sudo apt-b'), [s.project], judge)).toMatchObject({
        proven: false,
        reason: 'sudo runs its arguments as commands or code',
      });
      expect(await proveNoDenial(group('rm build-a', 'rm build-b'), [s.project], judge)).toMatchObject({
        proven: false,
        reason: 'rm writes or deletes the file its last word names',
      });
      expect(
        await proveNoDenial(group('git checkout rel-1', 'git checkout rel-2'), [s.project], judge),
      ).toMatchObject({
        proven: false,
        reason: expect.stringContaining('deny rule `git checkout release-*` uses a pattern'),
      });
    });
  });

  describe('planning', () => {
    const plan = (records: AuditRecord[], min = 3) => planSuggestions(collectApprovals(records), min, judge);
    const here = () => ({ cwd: s.project });

    it('never proposes a command that is denied now, however often it was approved', async () => {
      const result = await plan([
        ...times(5, 'rm -rf ~', here()),
        ...times(4, 'git switch feature-prod', here()),
        ...times(3, 'make deploy', here()),
      ]);
      expect(result.proposals.map((p) => p.commands)).toEqual([['make deploy']]);
      expect(result.skipped).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            command: 'rm -rf ~',
            reason: 'denied',
            detail: expect.stringContaining('shell.delete-critical'),
          }),
          expect.objectContaining({ command: 'git switch feature-prod', reason: 'denied' }),
        ]),
      );
      const all = result.proposals.flatMap((p) => p.patterns);
      for (const denied of [
        ['rm', '-rf', s.home],
        ['git', 'switch', 'feature-prod'],
      ]) {
        expect(all.some((pattern) => commandPatternMatches(pattern, denied))).toBe(false);
      }
    });

    it('proposes exact commands, names what every nested command needs, and says what still asks', async () => {
      const result = await plan([
        ...times(3, 'npm run lint', here()),
        ...times(3, 'git checkout -- src', here()),
        ...times(2, 'make build', here()),
      ]);
      expect(result.proposals).toEqual([
        expect.objectContaining({
          kind: 'exact',
          commands: ['git checkout -- src'],
          patterns: ['git checkout -- src'],
          now: 'ask',
          askedBy: 'shell.git-discard-changes',
        }),
        expect.objectContaining({
          kind: 'exact',
          commands: ['npm run lint'],
          patterns: ['npm run lint', 'biome check .', 'tsc'],
          now: 'no-objection',
          approvals: 3,
        }),
      ]);
      expect(result.skipped).toEqual([expect.objectContaining({ command: 'make build', reason: 'too-few' })]);
    });

    it('generalises approvals that differ in a last word, and keeps others exact when it cannot', async () => {
      const result = await plan([
        ...times(2, 'git log --oneline main-1', here()),
        ...times(2, 'git log --oneline main-2', here()),
        ...times(2, 'cat notes-a', here()),
        ...times(2, 'cat notes-b', here()),
      ]);
      expect(result.proposals).toEqual([
        expect.objectContaining({
          kind: 'generalised',
          patterns: ['git log --oneline main-*'],
          commands: ['git log --oneline main-1', 'git log --oneline main-2'],
          approvals: 4,
          why: expect.stringContaining('begins with "main-"'),
        }),
      ]);
      expect(result.keptExact).toEqual([expect.objectContaining({ pattern: 'cat notes-*' })]);
      expect(
        result.skipped
          .filter((entry) => entry.reason === 'too-few')
          .map((entry) => entry.command)
          .sort(),
      ).toEqual(['cat notes-a', 'cat notes-b']);
    });

    it('proposes a command that names a path, word for word', async () => {
      const result = await plan(times(3, 'cat src/index.ts', here()));
      expect(result.proposals.map((proposal) => proposal.patterns)).toEqual([['cat src/index.ts']]);
    });

    it('leaves out what is allowed already and what no pattern can name', async () => {
      const result = await plan([
        ...times(3, 'git status', here()),
        ...times(3, 'git commit -m "fix bug"', here()),
        ...times(3, './deploy.sh', here()),
        ...times(3, 'X=$(date); $X', here()),
      ]);
      expect(result.proposals).toEqual([]);
      expect(Object.fromEntries(result.skipped.map((entry) => [entry.command, entry.reason]))).toEqual({
        'git status': 'already-allowed',
        'git commit -m "fix bug"': 'unwritable',
        './deploy.sh': 'relative-program',
        'X=$(date); $X': 'unreadable',
      });
    });
  });
});

describe('editing the user policy file', () => {
  const rule = { patterns: ['make deploy', 'tsc'], comment: 'bulwark suggest: `make deploy`' };
  const added = (text: string) => {
    const result = addAllowRules(text, [rule]);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  };
  const compiles = async (text: string) =>
    (await compileLayers([{ layer: 'user', file: '/u/policy.yaml', text }])).ok;

  it('creates a file with a header when there is none', async () => {
    const text = added('');
    expect(text).toMatch(/^# bulwark user policy/);
    expect(text).toContain(
      'allow:\n  # bulwark suggest: `make deploy`\n  - tool: Bash\n    commands: ["make deploy", "tsc"]\n',
    );
    expect(await compiles(text)).toBe(true);
  });

  it('adds to a block list after its last item, leaving every other line as it was', async () => {
    const before = [
      'profile: standard # the default',
      'shell:',
      '  rules: # any layer',
      '    - { command: "git push", args: ["--force"], action: deny }',
      'allow: # user only',
      '  - tool: Read',
      '    paths: [docs/**]',
      '  # a note',
      'hook:',
      '  budgetMs: 3000',
      '',
    ].join('\n');
    const after = added(before);
    expect(after).toBe(
      [
        ...before.split('\n').slice(0, 7),
        '  # bulwark suggest: `make deploy`',
        '  - tool: Bash',
        '    commands: ["make deploy", "tsc"]',
        ...before.split('\n').slice(7),
      ].join('\n'),
    );
    expect(await compiles(after)).toBe(true);
  });

  it('appends an allow list when the file has none, and turns `allow: []` or `allow:` into one', async () => {
    expect(added('profile: strict\n')).toBe(
      'profile: strict\nallow:\n  # bulwark suggest: `make deploy`\n  - tool: Bash\n    commands: ["make deploy", "tsc"]\n',
    );
    expect(added('allow: [] # none yet\nhook: {}\n')).toBe(
      'allow: # none yet\n  # bulwark suggest: `make deploy`\n  - tool: Bash\n    commands: ["make deploy", "tsc"]\nhook: {}\n',
    );
    const flow = added('allow: [{ tool: Read, paths: [docs/**] }]\n');
    expect(flow).toContain('allow:\n  - tool: Read\n    paths:\n      - docs/**\n  # bulwark suggest');
    expect(await compiles(flow)).toBe(true);
    expect(await compiles(added('allow:\nhook: {}\n'))).toBe(true);
    expect(await compiles(added('# only a comment\n'))).toBe(true);
  });

  it('refuses files it cannot edit safely', () => {
    expect(addAllowRules('allow: {tool: Bash}\n', [rule])).toMatchObject({
      ok: false,
      error: expect.stringContaining('not a list'),
    });
    expect(addAllowRules('{allow: []}\n', [rule])).toMatchObject({
      ok: false,
      error: expect.stringContaining('block mapping'),
    });
    expect(addAllowRules('allow: [\n', [rule])).toMatchObject({
      ok: false,
      error: expect.stringContaining('not valid YAML'),
    });
  });
});

describe('unified diff', () => {
  it('numbers hunks like diff -u', () => {
    expect(unifiedDiff('a\nb\nc\n', 'a\nb\nc\nd\n', 'f')).toBe(
      '--- f\n+++ f\n@@ -1,3 +1,4 @@\n a\n b\n c\n+d',
    );
    expect(unifiedDiff('', 'x\n', 'f')).toBe('--- f\n+++ f\n@@ -0,0 +1,1 @@\n+x');
    expect(unifiedDiff('same\n', 'same\n', 'f')).toBe('');
  });
});
