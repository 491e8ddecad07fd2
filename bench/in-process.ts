// The judge alone, in process: parse the event, build the context, judge. The policy is loaded
// once (as the hook's cache would give it); everything per call is measured.
import { parseHookEvent } from '../src/adapters/claude-code/input';
import { judgeContext, prepare } from '../src/adapters/claude-code/setup';
import { Deadline } from '../src/core/deadline';
import type { ToolCall } from '../src/core/events';
import { judge } from '../src/engines/judge';

/** The bench machine: bulwark's checkout, a temporary HOME and project, a minimal environment. */
interface Machine {
  root: string;
  home: string;
  project: string;
  env: NodeJS.ProcessEnv;
}

/** A judge for the machine's project, its policy loaded once; each call timed in milliseconds. */
async function timedJudge(machine: Machine) {
  const environment = {
    home: machine.home,
    platform: process.platform,
    vars: machine.env,
    installDir: machine.root,
  };
  const prepared = await prepare(machine.project, environment);
  return async (call: () => ToolCall) => {
    const started = performance.now();
    const context = judgeContext(machine.project, prepared, environment, new Deadline(3000));
    const decision = await judge(call(), prepared.policy, context);
    return { decision, ms: performance.now() - started };
  };
}

export async function benchJudge(options: Machine & { events: Record<string, string>; iterations: number }) {
  const timed = await timedJudge(options);
  const results: Array<{ label: string; p50: number; p99: number }> = [];
  for (const [label, raw] of Object.entries(options.events)) {
    const iterations = label.startsWith('Grep') ? Math.min(200, options.iterations) : options.iterations;
    // Parsing the hook event is part of what each call pays.
    const call = () => {
      const parsed = parseHookEvent(raw);
      if (!parsed.ok || parsed.value.kind !== 'judged') throw new Error(`bench event not judged: ${label}`);
      return parsed.value.call;
    };
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) times.push((await timed(call)).ms);
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? Number.NaN;
    results.push({ label, p50: at(0.5), p99: at(0.99) });
  }
  return results;
}

/** Every command judged as a Bash call in the bench project; the time of each decision kept. */
export async function judgeCommands(options: Machine & { commands: string[] }) {
  const timed = await timedJudge(options);
  const results = [];
  for (const command of options.commands) {
    const { decision, ms } = await timed(() => ({
      tool: 'Bash',
      event: { kind: 'shell', command, dialect: 'bash' },
    }));
    results.push({ command, outcome: decision.outcome, ruleId: decision.ruleId, ms });
  }
  return results;
}
