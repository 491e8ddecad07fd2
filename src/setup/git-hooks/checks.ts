// `bulwark doctor`: are bulwark's git hooks where git will run them?
import { join } from 'node:path';
import { hasBlock } from '../marked-block';
import type { Check } from '../plan';
import type { RepositoryFacts } from '../repository';
import { GIT_HOOKS, type GitHookName, isExecutable } from './scripts';

type Read = (file: string) => string | undefined;

const RUNNERS: Partial<Record<RepositoryFacts['hookManager'], RegExp>> = {
  husky: /husky|\/h"?\s*$/m,
  lefthook: /lefthook/,
  'pre-commit': /pre-commit/,
};

/** Why the hook would not run, or undefined when it does and reaches bulwark. */
function problem(facts: RepositoryFacts, hook: GitHookName, read: Read): string | undefined {
  const hooksDir = facts.hooksDir as string;
  const installed = join(hooksDir, hook);
  const script = read(installed);
  if (script === undefined || !isExecutable(installed))
    return facts.hookManager === 'husky' ||
      facts.hookManager === 'lefthook' ||
      facts.hookManager === 'pre-commit'
      ? `${facts.hookManager} is not installed in this clone (no ${installed})`
      : `no executable ${installed}`;
  const runner = RUNNERS[facts.hookManager];
  if (!runner) return hasBlock(script, hook) ? undefined : `${installed} does not run bulwark`;
  if (!runner.test(script)) return `${installed} does not run ${facts.hookManager}`;
  const config =
    facts.hookManager === 'husky' ? join(facts.root, '.husky', hook) : (facts.hookManagerConfig as string);
  const text = read(config) ?? '';
  const ours = facts.hookManager === 'husky' ? hasBlock(text, hook) : text.includes(`hook git ${hook}`);
  return ours ? undefined : `${config} does not run bulwark for ${hook}`;
}

export function gitHookChecks(facts: RepositoryFacts, read: Read): Check[] {
  const weights: Record<GitHookName, number> = { 'pre-commit': 10, 'pre-push': 5 };
  return GIT_HOOKS.map((hook) => {
    const base = {
      id: `git.${hook}`,
      layer: 'git' as const,
      title: `git ${hook} hook runs bulwark`,
      weight: weights[hook],
      why:
        hook === 'pre-commit'
          ? 'a secret that reaches a commit is in history for good, and pushed copies must be rotated'
          : 'the last chance to stop a commit holding a secret before it leaves the machine',
    };
    if (!facts.isGitRepository || !facts.hooksDir)
      return { ...base, status: 'skip' as const, detail: 'not a git repository' };
    const found = problem(facts, hook, read);
    const bypass = facts.hooksPath ? ` (core.hooksPath = ${facts.hooksPath})` : '';
    return found
      ? {
          ...base,
          status: 'fail' as const,
          detail: `${found}${bypass}`,
          fix: facts.hookManager === 'husky' ? 'npx husky && bulwark init' : 'bulwark init',
        }
      : { ...base, status: 'pass' as const, detail: `${join(facts.hooksDir, hook)}${bypass}` };
  });
}
