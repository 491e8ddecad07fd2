// `bulwark init`: the edits that make each package manager save exact versions and refuse versions
// younger than 7 days. A value the user set is never overridden or repeated; a weaker one is
// reported with the line that fixes it.
import { changeIfDifferent, type FileChange, type Notice, type StepResult } from '../plan';
import { RULES, tooOld } from './rules';
import type { Found, ManagedProject, Reader, Setting } from './types';

/** npm re-resolves `name@version` through the registry when the lockfile has no `resolved` URLs. */
const NPM_CI_NOTICE: Notice = {
  level: 'info',
  message:
    'npm: with a release-age window, `npm ci` fails with ETARGET when package-lock.json has no `resolved` URLs and locks a version younger than the window.',
  fix: 'wait until the version is old enough, or list the package in min-release-age-exclude (npm >= 11.17)',
};

export function weakSettingNotice(title: string, found: Found, setting: Setting): Notice {
  const falls =
    found.aspect === 'age-gate'
      ? 'which lets in versions younger than 7 days'
      : 'which does not pin exact versions';
  return {
    level: 'warn',
    message: `${title}: ${found.file} sets ${found.shown}, ${falls}; bulwark leaves your setting as it is`,
    fix: `replace it with \`${found.fixLine ?? setting.line}\` in ${found.file}`,
  };
}

function hardenProject(project: ManagedProject, read: Reader): StepResult & { ageGate: boolean } {
  const rules = RULES[project.manager];
  const notices: Notice[] = [];
  for (const unsupported of Object.values(rules.unsupported ?? {})) {
    notices.push({ level: 'warn', message: `${unsupported.message} (${project.dir})`, fix: unsupported.fix });
  }
  const own = rules.find(project, read, true);
  const wanted: Setting[] = [];
  for (const setting of rules.settings) {
    const existing = own.find((found) => found.aspect === setting.aspect);
    const old = existing ? undefined : tooOld(rules, setting, project, read);
    if (existing && !existing.strong) notices.push(weakSettingNotice(rules.title, existing, setting));
    else if (old) notices.push({ level: 'warn', message: old.message, fix: old.fix });
    else if (!existing) wanted.push(setting);
  }
  const userGate = own.some((found) => found.aspect === 'age-gate');
  if (!rules.write) return { changes: [], notices, ageGate: userGate };
  const written = rules.write(project, read, wanted);
  if ('refused' in written) return { changes: [], notices: [...notices, written.refused], ageGate: userGate };
  const change: FileChange = { ...written, removal: 'marked-blocks', why: rules.why };
  const ageGate = userGate || wanted.some((setting) => setting.aspect === 'age-gate');
  return { changes: changeIfDifferent(change), notices, ageGate };
}

export function hardenPackageManagers(projects: readonly ManagedProject[], read: Reader): StepResult {
  const changes: FileChange[] = [];
  const notices: Notice[] = [];
  let npmAgeGate = false;
  for (const project of projects) {
    const result = hardenProject(project, read);
    changes.push(...result.changes);
    notices.push(...result.notices);
    if (project.manager === 'npm' && result.ageGate) npmAgeGate = true;
  }
  if (npmAgeGate) notices.push(NPM_CI_NOTICE);
  return { changes, notices };
}
