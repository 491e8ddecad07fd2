// The rules of every manager bulwark knows, by name.
import { bunRules } from './bun';
import { npmRules } from './npm';
import { pnpmRules } from './pnpm';
import type { ManagedProject, ManagerRules, Reader, Setting } from './types';
import { uvRules } from './uv';
import { compareVersions } from './values';
import { yarnClassicRules, yarnRules } from './yarn';

export const RULES: Readonly<Record<ManagedProject['manager'], ManagerRules>> = {
  npm: npmRules,
  pnpm: pnpmRules,
  yarn: yarnRules,
  'yarn-classic': yarnClassicRules,
  bun: bunRules,
  uv: uvRules,
};

/** The manager's version is known and older than the setting's first version. */
export function tooOld(
  rules: ManagerRules,
  setting: Setting,
  project: ManagedProject,
  read: Reader,
): { message: string; fix: string } | undefined {
  const declared = rules.version?.(project, read);
  if (!setting.since || !declared || compareVersions(declared.version, setting.since) >= 0) return undefined;
  const breaks = rules.rejectsUnknownKeys
    ? ` and ${rules.title} refuses to run with settings it does not know`
    : '';
  return {
    message:
      `${rules.title} ${declared.version} (${declared.source}) has no ${setting.key} (added in ${setting.since})${breaks}, ` +
      'so bulwark did not add it',
    fix: `upgrade ${rules.title} to ${setting.since} or later, then run \`bulwark init\` again`,
  };
}
