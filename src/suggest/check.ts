// What the proposals would do, found before anything is written: the policy compiled with the user
// file as `suggest` would leave it, and every covered command judged with it.
import { InternalError } from '../core/errors';
import { compileLayers, readLayers } from '../policy/load';
import { type Environment, policyLocations } from '../policy/locate';
import { type EffectivePolicy, formatIssue } from '../policy/types';
import type { Judge } from './judging';
import { firstSentence, type SuggestPlan } from './plan';

/** The effective policy for `projectRoot` with the user policy file reading `userText`. */
export async function policyWith(
  environment: Environment,
  projectRoot: string,
  userText: string,
): Promise<EffectivePolicy> {
  const layers = readLayers(policyLocations(environment, projectRoot));
  const inputs = layers.map((layer) => {
    // The current policy loaded a moment ago, so every layer is readable; if not, that is news.
    if ('problem' in layer) throw new InternalError(formatIssue(layer));
    return layer.layer === 'user' ? { ...layer, text: userText } : layer;
  });
  const compiled = await compileLayers(inputs);
  // suggest wrote the new text itself: a policy it makes invalid is a bug in suggest.
  if (!compiled.ok) throw new InternalError(compiled.error.map(formatIssue).join('\n'));
  return compiled.value;
}

/**
 * Every command a proposal covers that no rule objects to now must come out allowed with the new
 * file; a proposal for which that fails (a locked managed policy ignores user allow rules) says so.
 */
export async function checkProposals(
  plan: SuggestPlan,
  userText: string,
  judge: Judge,
  environment: Environment,
): Promise<void> {
  const policies = new Map<string, Promise<EffectivePolicy>>();
  const policyAfter = async (cwd: string) => {
    const { projectRoot } = await judge.prepared(cwd);
    let policy = policies.get(projectRoot);
    if (!policy) {
      policy = policyWith(environment, projectRoot, userText);
      policies.set(projectRoot, policy);
    }
    return policy;
  };
  for (const proposal of plan.proposals) {
    if (proposal.now === 'ask') continue;
    for (const command of proposal.commands) {
      for (const cwd of proposal.directories) {
        const judged = await judge.line(command, cwd, await policyAfter(cwd));
        if (judged.outcome !== 'allow') {
          proposal.warning = `with this rule bulwark would still answer ${judged.outcome} for \`${command}\`: ${firstSentence(judged.reason)}`;
        }
      }
    }
  }
}
