// The lines bulwark puts in git hooks. Each runs the bulwark installation that ran `init`, by
// absolute path; where that is gone, a `bulwark` on PATH; else the commit stops with the reason
// (a guard that silently stops guarding is worse than one that says it is missing).
import { accessSync, constants } from 'node:fs';
import { quote } from '../../adapters/claude-code/settings';
import { markedBlock } from '../marked-block';

export type GitHookName = 'pre-commit' | 'pre-push';

export const GIT_HOOKS: readonly GitHookName[] = ['pre-commit', 'pre-push'];

export interface BulwarkInstall {
  nodePath: string;
  binPath: string;
}

/** The command line a hook manager runs directly (lefthook `run`, pre-commit `entry`). */
export function directCommand(install: BulwarkInstall, hook: GitHookName): string {
  return `${quote(install.nodePath)} ${quote(install.binPath)} hook git ${hook}`;
}

function dispatch(install: BulwarkInstall, hook: GitHookName, stdin: string): string[] {
  const node = quote(install.nodePath);
  const bin = quote(install.binPath);
  // git gives pre-push the remote's name and URL: what that remote already has is not sent again.
  const args = hook === 'pre-push' ? ' "$@"' : '';
  return [
    `if [ -x ${node} ] && [ -f ${bin} ]; then`,
    `  ${stdin}${node} ${bin} hook git ${hook}${args} || exit 1`,
    'elif command -v bulwark >/dev/null 2>&1; then',
    `  ${stdin}bulwark hook git ${hook}${args} || exit 1`,
    'else',
    `  echo ${quote(`bulwark: not found at ${install.binPath}; install bulwark, or run \`bulwark uninstall\` to remove this hook`)} >&2`,
    '  exit 1',
    'fi',
  ];
}

/**
 * The marked block for a shell hook. pre-push reads the pushed refs from stdin; the block keeps a
 * copy and gives it back as stdin to the rest of the hook, so a hook it was added to still works.
 */
export function hookBlock(install: BulwarkInstall, hook: GitHookName): string {
  if (hook === 'pre-commit') return markedBlock('hash', hook, dispatch(install, hook, '').join('\n'));
  return markedBlock(
    'hash',
    hook,
    [
      'bulwark_refs=$(cat)',
      ...dispatch(install, hook, `printf '%s\\n' "$bulwark_refs" | `),
      'exec 0<<bulwark_refs_end',
      '$bulwark_refs',
      'bulwark_refs_end',
    ].join('\n'),
  );
}

/** A shebang line `sh` can run the block under (or none, which git hands to sh). */
export function isShellScript(text: string): boolean {
  const first = text.split('\n', 1)[0] ?? '';
  if (!first.startsWith('#!')) return true;
  return /^#!\s*(\/usr)?\/bin\/(env\s+)?(sh|bash|dash|zsh|ksh)\b/.test(first);
}

/** Whether git can run the hook file (a hook without the x bit is silently skipped). */
export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
