// `bulwark suggest [--min-approvals N] [--apply] [--json] [--cwd DIR]`: allow rules for the user
// policy from the commands the user approved when bulwark asked.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Prepared, prepare } from '../../adapters/claude-code/setup';
import type { AuditRecord } from '../../audit/log';
import { readRecords } from '../../audit/verify';
import { errorMessage, UserError } from '../../core/errors';
import { PolicyInvalid } from '../../policy/errors';
import { loadPolicy } from '../../policy/load';
import { cacheDir, type Environment, policyLocations, userPolicyPath } from '../../policy/locate';
import { formatIssue } from '../../policy/types';
import { unifiedDiff } from '../../setup/diff';
import { applyPolicyText } from '../../suggest/apply';
import { collectApprovals } from '../../suggest/approvals';
import { checkProposals } from '../../suggest/check';
import { createJudge } from '../../suggest/judging';
import { planSuggestions, type SuggestPlan } from '../../suggest/plan';
import { addAllowRules } from '../../suggest/policy-file';
import { NO_APPROVALS_HELP, proposalComment, renderPlan } from '../../suggest/render';

interface Options {
  minApprovals: number;
  apply?: boolean;
  json?: boolean;
  cwd: string;
}

async function prepareOrExplain(cwd: string, environment: Environment): Promise<Prepared> {
  try {
    return await prepare(cwd, environment);
  } catch (error) {
    if (error instanceof PolicyInvalid) throw new UserError(error.message, 'bulwark policy check');
    throw error;
  }
}

function readLog(dir: string): AuditRecord[] {
  try {
    return readRecords(dir);
  } catch (error) {
    throw new UserError(
      `cannot read the audit log in ${dir} (${errorMessage(error)})`,
      'make it readable, or run as the user whose log it is',
    );
  }
}

function readPolicyFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`cannot read ${file} (${errorMessage(error)})`, 'make the user policy readable');
  }
}

function emptyPlan(): SuggestPlan {
  return { approved: 0, proposals: [], skipped: [], keptExact: [] };
}

export async function suggestCommand(options: Options, environment: Environment): Promise<number> {
  const cwd = resolve(options.cwd);
  if (statSync(cwd, { throwIfNoEntry: false })?.isDirectory() !== true) {
    throw new UserError(`--cwd ${cwd} is not a directory`, 'bulwark suggest --cwd <project directory>');
  }
  const prepared = await prepareOrExplain(cwd, environment);
  const { auditDir } = prepared;
  const policyFile = userPolicyPath(environment);
  const collected = collectApprovals(readLog(auditDir));
  const base = { auditDir, policyFile, minApprovals: options.minApprovals };

  if (collected.total === 0) {
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ ...base, ...emptyPlan(), diff: '', applied: false }, null, 2)}\n`,
      );
    } else {
      const off = prepared.policy.audit.enabled.value
        ? []
        : ['The audit log is switched off (audit.enabled: false), so nothing is recorded.', ''];
      process.stdout.write(
        [
          `No approved commands in the audit log (${auditDir}) yet.`,
          '',
          ...off,
          ...NO_APPROVALS_HELP,
          '',
        ].join('\n'),
      );
    }
    return 0;
  }

  const judge = await createJudge(environment, cwd);
  const plan = await planSuggestions(collected, options.minApprovals, judge);
  const before = readPolicyFile(policyFile);
  let after: string | undefined;
  if (plan.proposals.length > 0) {
    const rules = plan.proposals.map((proposal) => ({
      patterns: proposal.patterns,
      comment: proposalComment(proposal),
    }));
    const edited = addAllowRules(before ?? '', rules);
    if (!edited.ok) {
      throw new UserError(
        `cannot add allow rules to ${policyFile}: ${edited.error}`,
        'add the rules shown by `bulwark suggest --json` under `allow:` by hand',
      );
    }
    after = edited.value;
    await checkProposals(plan, after, judge, environment);
  }
  const diff = after === undefined ? '' : unifiedDiff(before ?? '', after, policyFile);

  let applied: 'created' | 'updated' | undefined;
  if (options.apply && after !== undefined) {
    const result = await applyPolicyText(policyFile, before, after, async () => {
      const loaded = await loadPolicy(
        policyLocations(environment, prepared.projectRoot),
        cacheDir(environment),
      );
      return loaded.ok ? [] : loaded.error.map(formatIssue);
    });
    if (!result.ok) {
      throw new UserError(
        `the user policy did not load with the new rules, so ${policyFile} was left as it was:\n${result.problems.join('\n')}`,
        'bulwark policy check',
      );
    }
    applied = result.created ? 'created' : 'updated';
  }

  if (options.json) {
    const json = { ...base, ...plan, diff, applied: applied !== undefined };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    process.stdout.write(renderPlan(plan, { ...base, diff, applied }));
  }
  return 0;
}
