// `bulwark init` at a terminal: the same choices the flags make, asked one by one.
import type { ProfileName } from '../../policy/types';
import { INIT_STEPS, type InitStep } from '../../setup/init';

const STEP_LABELS: Record<InitStep, string> = {
  policy: 'project policy (.bulwark/policy.yaml)',
  claude: 'Claude Code hooks and permission rules (.claude/settings.json)',
  gitignore: '.gitignore entries for .env, keys and credential files',
  'git-hooks': 'git pre-commit and pre-push secret scans',
  'package-managers': 'exact pins and a 7-day minimum release age for npm/pnpm/yarn/bun/uv',
  'claude-md': 'CLAUDE.md section: environment variable names and rules for the agent',
};

export async function chooseInteractively(
  profile: ProfileName,
  steps: readonly InitStep[],
): Promise<{ profile: ProfileName; steps: InitStep[] } | undefined> {
  const prompts = await import('@clack/prompts');
  prompts.intro('bulwark init');
  const chosenProfile = await prompts.select<ProfileName>({
    message: 'Policy profile',
    initialValue: profile,
    options: [
      {
        value: 'standard',
        label: 'standard',
        hint: 'denies secrets and destruction, asks for risky actions',
      },
      { value: 'strict', label: 'strict', hint: 'denies anything it cannot prove safe' },
      { value: 'relaxed', label: 'relaxed', hint: 'hard denials only' },
    ],
  });
  if (prompts.isCancel(chosenProfile)) return undefined;
  const chosenSteps = await prompts.multiselect<InitStep>({
    message: 'What should bulwark set up? (space toggles, enter confirms)',
    initialValues: [...steps],
    options: INIT_STEPS.map((step) => ({ value: step, label: STEP_LABELS[step] })),
    required: false,
  });
  if (prompts.isCancel(chosenSteps)) return undefined;
  return { profile: chosenProfile, steps: chosenSteps };
}

export async function confirmWrite(files: number): Promise<boolean> {
  const prompts = await import('@clack/prompts');
  const confirmed = await prompts.confirm({
    message: `Write these ${files} file changes?`,
    initialValue: true,
  });
  return !prompts.isCancel(confirmed) && confirmed;
}
