// Step 2 of `bulwark init`: the project policy, written for a person to read.
import { existsSync } from 'node:fs';
import { projectPolicyPath } from '../policy/locate';
import type { ProfileName } from '../policy/types';
import { emptyStep, type StepResult } from './plan';

const PROFILE_NOTES: Record<ProfileName, string> = {
  strict:
    '# strict: anything bulwark cannot prove safe is denied; unknown tools, web searches and writes\n' +
    '# outside the project ask or are denied. For sensitive repositories and unattended agents.',
  standard:
    '# standard: secrets, start-up files, bulwark itself and destructive commands are denied; risky\n' +
    '# but common actions (writes outside the project, private addresses) ask. The default.',
  relaxed:
    '# relaxed: the hard denials stay (secrets, persistence, destruction, metadata endpoints); most\n' +
    '# asks become no objection. For throwaway sandboxes.',
};

export function policyTemplate(profile: ProfileName): string {
  return `# bulwark project policy, committed with the repository.
#
# A project policy can only tighten: it may add secret files, protected files, denied domains and
# denied tools, and choose a stricter profile. What loosens (allow rules, secrets.allow) lives in
# your user policy (~/.config/bulwark/policy.yaml) or the managed one, never in a repository.
#   bulwark policy show     the effective policy and the file:line of every value
#   bulwark policy check    validate every layer
profile: ${profile}
${PROFILE_NOTES[profile]}

# More files the agent must not read (besides .env, *.pem, ~/.ssh, cloud credentials...):
# files:
#   secretFiles: [config/credentials.yml, deploy/*.tfvars]
#   protectedFiles: [deploy/**]
#
# Domains the agent may never fetch:
# net:
#   denyDomains: ["*.pastebin.com"]
`;
}

export function planPolicyFile(projectRoot: string, profile: ProfileName): StepResult {
  const file = projectPolicyPath(projectRoot);
  // An existing policy is the team's: init never rewrites it (a profile change is an edit to make).
  if (existsSync(file)) return emptyStep();
  return {
    changes: [
      {
        file,
        before: undefined,
        after: policyTemplate(profile),
        removal: 'whole-file',
        why: `bulwark project policy (profile ${profile})`,
      },
    ],
    notices: [],
  };
}
