// `bulwark doctor`: every layer checked, a score out of 100, and for each problem why it matters
// and the command that fixes it.
import { existsSync } from 'node:fs';
import { verifyAuditLog } from '../audit/verify';
import { expandHome } from '../engines/files/paths';
import { loadPolicy } from '../policy/load';
import {
  cacheDir,
  defaultAuditDir,
  type Environment,
  policyLocations,
  projectPolicyPath,
} from '../policy/locate';
import { formatIssue } from '../policy/types';
import { claudeChecks } from './claude-checks';
import { claudeMdCheck } from './claude-md';
import { gitHookChecks } from './git-hooks/checks';
import { gitignoreChecks } from './gitignore';
import { detectPackageManagers, packageManagerChecks } from './package-managers';
import type { Check } from './plan';
import { inspectRepository, type RepositoryFacts, readOptional } from './repository';

export interface DoctorReport {
  projectRoot: string;
  score: number;
  checks: Check[];
}

const CREDIT: Record<Check['status'], number> = { pass: 1, warn: 0.5, fail: 0, skip: 0 };

export function score(checks: readonly Check[]): number {
  const counted = checks.filter((check) => check.status !== 'skip');
  const total = counted.reduce((sum, check) => sum + check.weight, 0);
  if (total === 0) return 0;
  const earned = counted.reduce((sum, check) => sum + check.weight * CREDIT[check.status], 0);
  return Math.round((100 * earned) / total);
}

async function policyChecks(facts: RepositoryFacts, environment: Environment): Promise<Check[]> {
  const loaded = await loadPolicy(policyLocations(environment, facts.root), cacheDir(environment));
  const file = projectPolicyPath(facts.root);
  const policy: Check = {
    id: 'policy.valid',
    layer: 'agent',
    title: 'the project has a bulwark policy and every layer is valid',
    weight: 10,
    ...(loaded.ok
      ? existsSync(file)
        ? { status: 'pass', detail: file }
        : { status: 'fail', detail: `no ${file}` }
      : { status: 'fail', detail: loaded.error.map(formatIssue).join('; ') }),
    why: 'an invalid policy makes the hook deny every call; a missing one leaves the team without shared rules',
    fix: loaded.ok ? 'bulwark init' : 'bulwark policy check (names the file, line and fix)',
  };
  const configured = loaded.ok ? loaded.value.audit.dir?.value : undefined;
  const auditDir = configured ? expandHome(configured, environment.home) : defaultAuditDir(environment);
  let audit: Check;
  try {
    const report = verifyAuditLog(auditDir);
    audit = {
      id: 'audit.verifies',
      layer: 'audit',
      title: 'the audit log’s hash chain verifies',
      weight: 5,
      ...(report.intact
        ? { status: 'pass', detail: `${report.records} records in ${auditDir}` }
        : {
            status: 'fail',
            detail: `${report.problem?.kind ?? 'broken'} at ${report.problem?.file ?? auditDir}`,
          }),
      why: 'a broken chain means records were edited, deleted or cut off: the log no longer proves what the agent did',
      fix: 'bulwark log verify (names the first broken record)',
    };
  } catch (error) {
    audit = {
      id: 'audit.verifies',
      layer: 'audit',
      title: 'the audit log’s hash chain verifies',
      weight: 5,
      status: 'fail',
      detail: (error as Error).message,
      why: 'a log that cannot be read proves nothing',
      fix: 'bulwark log verify',
    };
  }
  return [policy, audit];
}

function rootCheck(): Check {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return {
    id: 'system.not-root',
    layer: 'system',
    title: 'the agent does not run as root',
    weight: 10,
    ...(root
      ? { status: 'fail', detail: 'running as root (uid 0)' }
      : { status: 'pass', detail: `uid ${process.getuid?.() ?? '?'}` }),
    why: 'as root, every command the agent runs can change the whole machine, bulwark’s own files included',
    fix: 'run the agent as an ordinary user (a container user, or a separate account)',
  };
}

export async function runDoctor(directory: string, environment: Environment): Promise<DoctorReport> {
  const facts = inspectRepository(directory);
  const projects = detectPackageManagers(facts.root, facts.files, readOptional);
  const checks = [
    ...claudeChecks(facts.root, environment),
    ...(await policyChecks(facts, environment)),
    rootCheck(),
    ...(await gitignoreChecks(facts.root, facts.trackedFiles, facts.isGitRepository)),
    ...gitHookChecks(facts, readOptional),
    ...packageManagerChecks(projects, readOptional),
    claudeMdCheck(facts.root, readOptional),
  ];
  return { projectRoot: facts.root, score: score(checks), checks };
}
