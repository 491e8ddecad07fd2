// `bulwark doctor`: for each kind of package manager in use, is the release-age gate at least
// 7 days, and are exact pins on? Several projects of one kind make one check that lists the
// projects that fall short.
import type { Check } from '../plan';
import { RULES, tooOld } from './rules';
import { type Aspect, MANAGER_ORDER, type ManagedProject, type ManagerRules, type Reader } from './types';

const WHY: Record<Aspect, string> = {
  'age-gate':
    'Compromised releases are usually found and pulled within hours or days of publication, so refusing versions younger than 7 days keeps them out of installs.',
  'exact-pins':
    'A range like ^1.2.3 takes whatever is newest at install time, including a version an attacker published minutes ago; an exact pin changes only when you choose.',
};

interface Outcome {
  pass: boolean;
  detail: string;
  fix?: string;
}

function outcome(rules: ManagerRules, aspect: Aspect, project: ManagedProject, read: Reader): Outcome {
  const unsupported = rules.unsupported?.[aspect];
  if (unsupported)
    return { pass: false, detail: `${project.dir}: ${unsupported.message}`, fix: unsupported.fix };
  const setting = rules.settings.find((s) => s.aspect === aspect);
  const found = rules.find(project, read, false).find((f) => f.aspect === aspect);
  if (found?.strong) return { pass: true, detail: `${found.shown} in ${found.file}` };
  if (found && setting) {
    const fix = `set \`${found.fixLine ?? setting.line}\` in ${found.file}`;
    return { pass: false, detail: `${found.shown} in ${found.file}`, fix };
  }
  const old = setting && tooOld(rules, setting, project, read);
  if (old) return { pass: false, detail: `${project.dir}: ${old.message}`, fix: old.fix };
  return { pass: false, detail: `not set in ${project.dir}`, fix: 'bulwark init' };
}

function aspectCheck(
  rules: ManagerRules,
  aspect: Aspect,
  projects: readonly ManagedProject[],
  read: Reader,
): Check {
  const outcomes = projects.map((project) => outcome(rules, aspect, project, read));
  const failures = outcomes.filter((o) => !o.pass);
  const shown = failures.length > 0 ? failures : outcomes;
  const fixes = [...new Set(failures.flatMap((o) => (o.fix ? [o.fix] : [])))];
  return {
    id: `supply-chain.${aspect}.${rules.manager}`,
    layer: 'supply-chain',
    title:
      aspect === 'age-gate'
        ? `${rules.title} refuses versions published less than 7 days ago`
        : `${rules.title} saves exact versions`,
    status: failures.length === 0 ? 'pass' : 'fail',
    weight: 5,
    detail: shown.map((o) => o.detail).join('; '),
    why: WHY[aspect],
    ...(fixes.length > 0 ? { fix: fixes.join('; ') } : {}),
  };
}

export function packageManagerChecks(projects: readonly ManagedProject[], read: Reader): Check[] {
  const checks: Check[] = [];
  for (const manager of MANAGER_ORDER) {
    const mine = projects.filter((project) => project.manager === manager);
    if (mine.length === 0) continue;
    const rules = RULES[manager];
    const aspects = new Set<Aspect>([
      ...rules.settings.map((setting) => setting.aspect),
      ...(Object.keys(rules.unsupported ?? {}) as Aspect[]),
    ]);
    for (const aspect of ['age-gate', 'exact-pins'] as const) {
      if (aspects.has(aspect)) checks.push(aspectCheck(rules, aspect, mine, read));
    }
  }
  return checks;
}
