// The shell engine's rules: one book over every pack in rules/*.yaml.
import { type Rule, ruleBook } from '../../core/rules';
import destruction from './rules/destruction.yaml';
import download from './rules/download.yaml';
import engine from './rules/engine.yaml';
import exfiltration from './rules/exfiltration.yaml';
import git from './rules/git.yaml';
import infrastructure from './rules/infrastructure.yaml';
import privilege from './rules/privilege.yaml';
import secrets from './rules/secrets.yaml';
import selfProtection from './rules/self-protection.yaml';

export const SHELL_RULE_PACKS = {
  engine,
  destruction,
  git,
  secrets,
  exfiltration,
  download,
  privilege,
  infrastructure,
  'self-protection': selfProtection,
} as const;

export const SHELL_RULE_IDS = [
  'shell.too-large',
  'shell.too-complex',
  'shell.control-characters',
  'shell.syntax',
  'shell.dynamic-program',
  'shell.unknown-code',
  'shell.powershell',
  'shell.policy-rule',
  'shell.delete-critical',
  'shell.delete-project-root',
  'shell.delete-outside-project',
  'shell.delete-unknown-target',
  'shell.delete-uncommitted',
  'shell.system-write',
  'shell.disk-destroy',
  'shell.permissions-recursive',
  'shell.git-force-push',
  'shell.git-force-with-lease',
  'shell.git-discard-work',
  'shell.git-discard-changes',
  'shell.git-drop-refs',
  'shell.git-rewrite-history',
  'shell.git-skip-hooks',
  'shell.secret-in-history',
  'shell.env-dump',
  'shell.secret-variable',
  'shell.credential-store',
  'shell.secret-directory',
  'shell.upload',
  'shell.raw-socket',
  'shell.reverse-shell',
  'shell.remote-copy',
  'shell.data-in-address',
  'shell.git-unknown-remote',
  'shell.download-execute',
  'shell.install-from-url',
  'shell.privilege',
  'shell.setuid',
  'shell.account-admin',
  'shell.scheduled-task',
  'shell.preload',
  'shell.container-escape',
  'shell.infra-destroy',
  'shell.database-destroy',
  'shell.publish',
  'shell.guard-tamper',
  'shell.impair-defenses',
] as const;
export type ShellRuleId = (typeof SHELL_RULE_IDS)[number];

export const shellRules = ruleBook<ShellRuleId>(
  'shell',
  (Object.values(SHELL_RULE_PACKS) as Rule[][]).flat(),
);
