// What the hook and `explain` both need before judging: the project, its policy, the context.
import { isAbsolute } from 'node:path';
import type { Deadline } from '../../core/deadline';
import { createJudgeContext, type JudgeContext } from '../../engines/context';
import { expandHome } from '../../engines/files/paths';
import { PolicyInvalid } from '../../policy/errors';
import { loadPolicy } from '../../policy/load';
import {
  cacheDir,
  defaultAuditDir,
  type Environment,
  findProjectRoot,
  policyLocations,
} from '../../policy/locate';
import type { EffectivePolicy } from '../../policy/types';
import { additionalDirectories } from './settings';

export interface Prepared {
  projectRoot: string;
  policy: EffectivePolicy;
  auditDir: string;
}

/** The project is where the session started ($CLAUDE_PROJECT_DIR), else the git root of cwd. */
export async function prepare(cwd: string, environment: Environment): Promise<Prepared> {
  const projectDir = environment.vars.CLAUDE_PROJECT_DIR;
  const projectRoot = projectDir && isAbsolute(projectDir) ? projectDir : findProjectRoot(cwd);
  const loaded = await loadPolicy(policyLocations(environment, projectRoot), cacheDir(environment));
  if (!loaded.ok) throw new PolicyInvalid(loaded.error);
  const configured = loaded.value.audit.dir?.value;
  const auditDir = configured ? expandHome(configured, environment.home) : defaultAuditDir(environment);
  return { projectRoot, policy: loaded.value, auditDir };
}

export function judgeContext(
  cwd: string,
  prepared: Prepared,
  environment: Environment,
  deadline: Deadline,
): JudgeContext {
  return createJudgeContext({
    cwd,
    projectRoot: prepared.projectRoot,
    environment,
    deadline,
    auditDir: prepared.auditDir,
    agentDirectories: () => additionalDirectories(environment.home, environment.vars),
  });
}
