// git hooks through the hook manager the repository already uses: a husky file, a lefthook entry,
// a pre-commit framework entry; otherwise the hooks directory git reads (core.hooksPath honoured),
// with bulwark's block added to any hook already there, never replacing it.
import { basename, join } from 'node:path';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { upsertBlock } from '../marked-block';
import { changeIfDifferent, type FileChange, type Notice, type StepResult } from '../plan';
import type { RepositoryFacts } from '../repository';
import {
  type BulwarkInstall,
  directCommand,
  GIT_HOOKS,
  type GitHookName,
  hookBlock,
  isExecutable,
  isShellScript,
} from './scripts';

type Read = (file: string) => string | undefined;

const ENTRY_IDS: Record<GitHookName, string> = {
  'pre-commit': 'bulwark-secrets',
  'pre-push': 'bulwark-push',
};

function shellHook(
  file: string,
  hook: GitHookName,
  install: BulwarkInstall,
  read: Read,
  notices: Notice[],
): FileChange[] {
  const before = read(file);
  if (before !== undefined && !isShellScript(before)) {
    notices.push({
      level: 'warn',
      message: `${file} is not a shell script, so bulwark did not add itself to it`,
      fix: `call \`${directCommand(install, hook)}\` from it (exit 1 must stop the ${hook})`,
    });
    return [];
  }
  const start = before ?? '#!/bin/sh\n';
  // husky's v8 files source husky.sh first; the block goes after that.
  const after = upsertBlock(start, hook, hookBlock(install, hook), {
    at: 'after',
    line: /husky\.sh"?\s*$/,
    fallback: 'start',
  });
  // A hook git cannot execute does not run: the mode is part of the change.
  if (after === before && isExecutable(file)) return [];
  return [
    {
      file,
      before,
      after,
      mode: 0o755,
      removal: 'marked-blocks',
      why:
        hook === 'pre-commit'
          ? 'git pre-commit: refuse commits that add a secret'
          : 'git pre-push: refuse pushes of commits holding a secret',
    },
  ];
}

function lefthookConfig(file: string, install: BulwarkInstall, read: Read): FileChange[] {
  const before = read(file) ?? '';
  const document = parseDocument(before);
  for (const hook of GIT_HOOKS) {
    const entry: Record<string, unknown> = { run: directCommand(install, hook) };
    if (hook === 'pre-push') entry.use_stdin = true;
    document.setIn([hook, 'commands', ENTRY_IDS[hook]], document.createNode(entry));
  }
  return changeIfDifferent({
    file,
    before,
    after: document.toString(),
    removal: 'yaml-entries',
    why: 'lefthook: bulwark-secrets (pre-commit) and bulwark-push (pre-push)',
  });
}

function preCommitConfig(file: string, install: BulwarkInstall, read: Read): FileChange[] {
  const before = read(file) ?? '';
  const document = parseDocument(before);
  const hooks = GIT_HOOKS.map((hook) => ({
    id: ENTRY_IDS[hook],
    name:
      hook === 'pre-commit' ? 'bulwark: secrets in the staged change' : 'bulwark: secrets in pushed commits',
    entry: directCommand(install, hook),
    language: 'system',
    pass_filenames: false,
    always_run: true,
    stages: [hook],
  }));
  const repos = document.get('repos');
  const ours = document.createNode({ repo: 'local', hooks });
  if (isSeq(repos)) {
    const index = repos.items.findIndex(isBulwarkRepo);
    if (index >= 0) repos.items[index] = ours;
    else repos.items.push(ours);
  } else document.set('repos', document.createNode([{ repo: 'local', hooks }]));
  return changeIfDifferent({
    file,
    before,
    after: document.toString(),
    removal: 'yaml-entries',
    why: 'pre-commit framework: bulwark-secrets and bulwark-push (local hooks)',
  });
}

function isBulwarkRepo(item: unknown): boolean {
  if (!isMap(item) || item.get('repo') !== 'local') return false;
  const hooks = item.get('hooks');
  return (
    isSeq(hooks) &&
    hooks.items.length > 0 &&
    hooks.items.every((hook) => isMap(hook) && String(hook.get('id')).startsWith('bulwark-'))
  );
}

/** A lefthook or pre-commit config without bulwark's entries (for `uninstall`). */
export function withoutHookManagerEntries(file: string, text: string): string {
  const document = parseDocument(text);
  if (basename(file) === '.pre-commit-config.yaml') {
    const repos = document.get('repos');
    if (isSeq(repos)) repos.items = repos.items.filter((item) => !isBulwarkRepo(item));
    if (isSeq(repos) && repos.items.length === 0) document.delete('repos');
  } else {
    for (const hook of GIT_HOOKS) {
      document.deleteIn([hook, 'commands', ENTRY_IDS[hook]]);
      const commands = document.getIn([hook, 'commands']) as YAMLMap | undefined;
      if (isMap(commands) && commands.items.length === 0) document.deleteIn([hook, 'commands']);
      const section = document.get(hook) as YAMLMap | undefined;
      if (isMap(section) && section.items.length === 0) document.delete(hook);
    }
  }
  const result = document.toString();
  return result.trim() === '{}' ? '' : result;
}

export function planGitHooks(facts: RepositoryFacts, install: BulwarkInstall, read: Read): StepResult {
  const notices: Notice[] = [];
  if (!facts.isGitRepository || !facts.hooksDir) {
    notices.push({
      level: 'info',
      message: 'not a git repository: no git hooks installed',
      fix: 'git init, then bulwark init again',
    });
    return { changes: [], notices };
  }
  const root = facts.root;
  switch (facts.hookManager) {
    case 'husky':
      notices.push(
        facts.hooksPath?.replace(/^\.\//, '').startsWith('.husky')
          ? { level: 'info', message: 'git hooks added to husky (.husky/pre-commit, .husky/pre-push)' }
          : {
              level: 'warn',
              message:
                'git hooks added to .husky/, but husky is not installed in this clone: git will not run them',
              fix: 'npx husky (or npm install, if package.json has "prepare": "husky")',
            },
      );
      return {
        changes: GIT_HOOKS.flatMap((hook) =>
          shellHook(join(root, '.husky', hook), hook, install, read, notices),
        ),
        notices,
      };
    case 'lefthook':
      notices.push({
        level: 'info',
        message: `git hooks added to lefthook (${basename(facts.hookManagerConfig ?? '')}); lefthook must be installed`,
        fix: 'npx lefthook install (once per clone)',
      });
      return {
        changes: lefthookConfig(facts.hookManagerConfig ?? join(root, 'lefthook.yml'), install, read),
        notices,
      };
    case 'pre-commit':
      notices.push({
        level: 'info',
        message: 'git hooks added to the pre-commit framework; the pre-push stage needs its own install',
        fix: 'pre-commit install --hook-type pre-commit --hook-type pre-push',
      });
      return {
        changes: preCommitConfig(
          facts.hookManagerConfig ?? join(root, '.pre-commit-config.yaml'),
          install,
          read,
        ),
        notices,
      };
    case 'simple-git-hooks':
      notices.push({
        level: 'warn',
        message: "simple-git-hooks rewrites .git/hooks when it runs again, dropping bulwark's lines",
        fix: `add "${directCommand(install, 'pre-commit')}" to its pre-commit command in package.json`,
      });
      break;
    case 'hooks-path':
      notices.push({
        level: 'info',
        message: `git hooks added where core.hooksPath points (${facts.hooksPath})`,
      });
      break;
    case 'git':
      break;
  }
  return {
    changes: GIT_HOOKS.flatMap((hook) =>
      shellHook(join(facts.hooksDir as string, hook), hook, install, read, notices),
    ),
    notices,
  };
}
