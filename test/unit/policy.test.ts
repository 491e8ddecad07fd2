import { describe, expect, it } from 'vitest';
import { compilePolicy, type LayerInput } from '../../src/policy/compile';
import { type EffectivePolicy, formatIssue } from '../../src/policy/types';

const MANAGED = '/etc/bulwark/policy.yaml';
const USER = '/home/u/.config/bulwark/policy.yaml';
const PROJECT = '/home/u/p/.bulwark/policy.yaml';

function layers(texts: { managed?: string; user?: string; project?: string }): LayerInput[] {
  return [
    { layer: 'managed', file: MANAGED, text: texts.managed },
    { layer: 'user', file: USER, text: texts.user },
    { layer: 'project', file: PROJECT, text: texts.project },
  ];
}

function compile(texts: Parameters<typeof layers>[0]): EffectivePolicy {
  const result = compilePolicy(layers(texts));
  if (!result.ok) throw new Error(result.error.map(formatIssue).join('\n'));
  return result.value;
}

function problems(texts: Parameters<typeof layers>[0]): string[] {
  const result = compilePolicy(layers(texts));
  if (result.ok) throw new Error('expected the policy to be rejected');
  return result.error.map(formatIssue);
}

describe('policy errors name the file, line and key, and list the known keys', () => {
  it('rejects an unknown top-level key with a suggestion', () => {
    expect(problems({ user: 'profle: strict\n' })).toEqual([
      `${USER}:1: profle: unknown key (did you mean profile?) (known keys: profile, locked, files, net, tools, shell, allow, secrets, hook, audit)`,
    ]);
  });

  it('points at the line of a nested unknown key', () => {
    const [problem] = problems({ project: '# comment\nfiles:\n  secretFile:\n    - x\n' });
    expect(problem).toMatch(
      new RegExp(`^${PROJECT}:3: files\\.secretFile: unknown key \\(did you mean secretFiles\\?\\)`),
    );
    expect(problem).toContain('known keys: secretFiles, secretFileExceptions, persistenceFiles');
  });

  it('reports wrong types and values in words', () => {
    expect(problems({ user: 'files:\n  secretFiles: .env\n' })).toEqual([
      `${USER}:2: files.secretFiles: expected a list, got ".env"`,
    ]);
    expect(problems({ user: 'profile: loose\n' })).toEqual([
      `${USER}:1: profile: expected one of strict, standard, relaxed, got "loose"`,
    ]);
    expect(problems({ user: 'hook:\n  budgetMs: 5\n' })).toEqual([
      `${USER}:2: hook.budgetMs: must be at least 100`,
    ]);
    expect(problems({ user: 'net:\n  unknownDomains: maybe\n' })[0]).toContain(
      'expected one of deny, ask, none',
    );
  });

  it('reports YAML syntax errors and files that are not a mapping', () => {
    expect(problems({ user: 'files: [\n' })[0]).toMatch(
      new RegExp(`^${USER}:\\d+: \\(top level\\): not valid YAML`),
    );
    expect(problems({ user: '- a\n- b\n' })[0]).toContain('expected a mapping of settings, got a list');
    expect(problems({ user: 'profile: strict\nprofile: relaxed\n' })[0]).toContain('not valid YAML');
  });

  it('checks patterns and domains', () => {
    expect(problems({ user: 'files:\n  secretFiles:\n    - "a{b"\n' })).toEqual([
      `${USER}:3: files.secretFiles[0]: invalid pattern: unbalanced "{" in a{b`,
    ]);
    expect(problems({ user: 'net:\n  denyDomains: [https://evil.test/]\n' })[0]).toContain(
      'net.denyDomains[0]: expected a domain such as example.com',
    );
  });

  it('reports every problem of every layer at once', () => {
    expect(problems({ user: 'profle: x\n', project: 'nett: {}\n' })).toHaveLength(2);
  });
});

describe('what each layer may set', () => {
  it('a project policy cannot loosen', () => {
    const found = problems({ project: 'allow:\n  - tool: Read\nnet:\n  allowDomains: [evil.test]\n' });
    expect(found).toEqual([
      `${PROJECT}:1: allow: a project policy can only tighten; put this in the user policy (${USER}) or the managed policy`,
      `${PROJECT}:4: net.allowDomains: a project policy can only tighten; put this in the user policy (${USER}) or the managed policy`,
    ]);
  });

  it('only the managed policy can lock', () => {
    expect(problems({ user: 'locked: true\n' })[0]).toContain(
      `only the managed policy (${MANAGED}) can set this`,
    );
  });
});

describe('merging the layers', () => {
  it('uses the standard profile with nothing configured, and records where values come from', () => {
    const policy = compile({});
    expect(policy.profile.value).toBe('standard');
    expect(policy.files.outsideProjectWrites.value).toBe('ask');
    expect(policy.files.outsideProjectWrites.source).toMatchObject({
      layer: 'profile',
      file: 'profiles/standard.yaml',
    });
    expect(policy.files.secretFiles.map((entry) => entry.value)).toContain('~/.ssh/id_*');
    expect(policy.layers.map((layer) => layer.state)).toEqual(['absent', 'absent', 'absent']);
  });

  it('lets the user loosen the profile, and a project only tighten it', () => {
    expect(compile({ user: 'profile: relaxed\n' }).profile.value).toBe('relaxed');
    expect(compile({ user: 'profile: relaxed\n', project: 'profile: strict\n' }).profile.value).toBe(
      'strict',
    );
    const policy = compile({ project: 'profile: relaxed\nfiles:\n  outsideProjectWrites: none\n' });
    expect(policy.profile.value).toBe('standard');
    expect(policy.files.outsideProjectWrites.value).toBe('ask');
    expect(policy.notes.join('\n')).toMatch(
      /sets files\.outsideProjectWrites to none, but a project policy can only tighten/,
    );
  });

  it('lets managed settings win over the user for anything that loosens', () => {
    const policy = compile({
      managed: 'profile: standard\nnet:\n  privateAddresses: ask\n',
      user: 'profile: relaxed\nnet:\n  privateAddresses: none\n',
    });
    expect(policy.profile.value).toBe('standard');
    expect(policy.net.privateAddresses.value).toBe('ask');
    expect(
      compile({ managed: 'net:\n  privateAddresses: ask\n', user: 'net:\n  privateAddresses: deny\n' }).net
        .privateAddresses.value,
    ).toBe('deny');
  });

  it('adds up deny lists from every layer, with the line each entry is on', () => {
    const policy = compile({
      managed: 'net:\n  denyDomains: [a.test]\n',
      user: 'net:\n  denyDomains: [b.test]\n',
      project: 'net:\n  denyDomains:\n    - c.test\n',
    });
    expect(
      policy.net.denyDomains.map((entry) => [entry.value, entry.source.layer, entry.source.line]),
    ).toEqual([
      ['a.test', 'managed', 2],
      ['b.test', 'user', 2],
      ['c.test', 'project', 3],
    ]);
  });

  it('a locked managed policy takes loosening away from users', () => {
    const policy = compile({
      managed: 'locked: true\n',
      user: 'profile: relaxed\nallow:\n  - tool: Read\nfiles:\n  secretFileExceptions: [~/.npmrc]\n',
    });
    expect(policy.profile.value).toBe('standard');
    expect(policy.allow).toEqual([]);
    expect(policy.files.secretFileExceptions.map((entry) => entry.value)).not.toContain('~/.npmrc');
    expect(policy.notes.join('\n')).toContain('locked');
  });

  it('keeps user allow rules with normalised domains', () => {
    const policy = compile({ user: 'allow:\n  - tool: WebFetch\n    domains: [Docs.Python.ORG]\n' });
    expect(policy.allow[0]?.value).toEqual({ tool: 'WebFetch', domains: ['docs.python.org'] });
  });

  it('builds strict and relaxed from standard', () => {
    const strict = compile({ user: 'profile: strict\n' });
    expect(strict.files.outsideProjectWrites.value).toBe('deny');
    expect(strict.files.outsideProjectWrites.source.file).toBe('profiles/strict.yaml');
    expect(strict.files.secretFiles.length).toBe(compile({}).files.secretFiles.length);
    expect(compile({ user: 'profile: relaxed\n' }).net.privateAddresses.value).toBe('none');
  });
});
