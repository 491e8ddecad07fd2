// A command line judged the way the hook would judge it now: in the directory it ran in, with the
// effective policy there and the real engines (what `bulwark explain` does), plus the commands the
// line runs, which are what an allow rule has to name.
import { statSync } from 'node:fs';
import { judgeContext, type Prepared, prepare } from '../adapters/claude-code/setup';
import { Deadline } from '../core/deadline';
import type { Outcome } from '../core/decision';
import { judge } from '../engines/judge';
import { fileAccesses } from '../engines/shell/access';
import { loadInlineAnalysis, parseCommandLine } from '../engines/shell/evaluate';
import type { Environment } from '../policy/locate';
import type { EffectivePolicy } from '../policy/types';

export interface LineCommand {
  argv: string[];
  /** Named by a relative path (`./deploy.sh`): a rule would match any program of that name. */
  relativeProgram: boolean;
  /** The words naming files it writes or deletes, as the shell engine reads the command. */
  changes: string[];
}

export interface LineJudgement {
  outcome: Outcome;
  ruleId?: string;
  reason: string;
  /** Every command the line runs, nested ones included; undefined when the engine refused the line. */
  commands?: LineCommand[];
  /** Parts the engine could not read statically (a dynamic program, code it cannot see). */
  uncertain: boolean;
}

export interface Judge {
  /** With the current effective policy in `cwd`, or with `policy` in its place. */
  line(command: string, cwd: string, policy?: EffectivePolicy): Promise<LineJudgement>;
  prepared(cwd: string): Promise<Prepared>;
  home: string;
  /** `cwd` if it is still a directory, else the directory `suggest` runs for. */
  where(cwd: string): string;
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

export async function createJudge(environment: Environment, fallbackCwd: string): Promise<Judge> {
  await loadInlineAnalysis();
  const prepared = new Map<string, Promise<Prepared>>();
  const prepareOnce = (cwd: string) => {
    let entry = prepared.get(cwd);
    if (!entry) {
      entry = prepare(cwd, environment);
      prepared.set(cwd, entry);
    }
    return entry;
  };
  return {
    prepared: prepareOnce,
    home: environment.home,
    where: (cwd) => (cwd.startsWith('/') && isDirectory(cwd) ? cwd : fallbackCwd),
    async line(command, cwd, policy) {
      const base = await prepareOnce(cwd);
      const setup = policy ? { ...base, policy } : base;
      const context = judgeContext(cwd, setup, environment, Deadline.unlimited());
      const decision = await judge(
        { tool: 'Bash', event: { kind: 'shell', command, dialect: 'bash' } },
        setup.policy,
        context,
      );
      const parsed = parseCommandLine(command, context);
      const judgement = { outcome: decision.outcome, ruleId: decision.ruleId, reason: decision.reason };
      if ('refusal' in parsed) return { ...judgement, uncertain: true };
      return {
        ...judgement,
        uncertain: parsed.uncertain.length > 0,
        commands: parsed.commands.map((c) => ({
          argv: [c.program ?? c.programWord.text, ...c.args.map((w) => w.text)],
          relativeProgram: c.programWord.text.includes('/') && !c.programWord.text.startsWith('/'),
          changes: fileAccesses(c)
            .filter((access) => access.access !== 'read')
            .map((access) => access.word.text),
        })),
      };
    },
  };
}
