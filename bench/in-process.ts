// The judge alone, in process: parse the event, build the context, judge. The policy is loaded
// once (as the hook's cache would give it); everything per call is measured.
import { parseHookEvent } from '../src/adapters/claude-code/input';
import { judgeContext, prepare } from '../src/adapters/claude-code/setup';
import { Deadline } from '../src/core/deadline';
import { judge } from '../src/engines/judge';

interface Options {
  root: string;
  home: string;
  project: string;
  env: NodeJS.ProcessEnv;
  events: Record<string, string>;
  iterations: number;
}

export async function benchJudge(options: Options) {
  const environment = {
    home: options.home,
    platform: process.platform,
    vars: options.env,
    installDir: options.root,
  };
  const prepared = await prepare(options.project, environment);
  const results: Array<{ label: string; p50: number; p99: number }> = [];
  for (const [label, raw] of Object.entries(options.events)) {
    const iterations = label.startsWith('Grep') ? Math.min(200, options.iterations) : options.iterations;
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const started = performance.now();
      const parsed = parseHookEvent(raw);
      if (!parsed.ok || parsed.value.kind !== 'judged') throw new Error(`bench event not judged: ${label}`);
      const context = judgeContext(options.project, prepared, environment, new Deadline(3000));
      await judge(parsed.value.call, prepared.policy, context);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? Number.NaN;
    results.push({ label, p50: at(0.5), p99: at(0.99) });
  }
  return results;
}

interface CorpusOptions {
  root: string;
  home: string;
  project: string;
  env: NodeJS.ProcessEnv;
  commands: string[];
}

/** Every command judged as a Bash call in the bench project; the time of each decision kept. */
export async function judgeCommands(options: CorpusOptions) {
  const environment = {
    home: options.home,
    platform: process.platform,
    vars: options.env,
    installDir: options.root,
  };
  const prepared = await prepare(options.project, environment);
  const results = [];
  for (const command of options.commands) {
    const started = performance.now();
    const context = judgeContext(options.project, prepared, environment, new Deadline(3000));
    const decision = await judge(
      { tool: 'Bash', event: { kind: 'shell', command, dialect: 'bash' } },
      prepared.policy,
      context,
    );
    const ms = performance.now() - started;
    results.push({ command, outcome: decision.outcome, ruleId: decision.ruleId, ms });
  }
  return results;
}
