// The vocabulary every engine answers in. 'allow' is only ever produced by an explicit allow rule
// of the user's policy; 'no-objection' defers to the agent's own permission mode.

export type Action = 'allow' | 'ask' | 'deny';
export type Outcome = Action | 'no-objection';

/** What a policy knob can make bulwark do: never 'allow' (that needs an explicit allow rule). */
export type Verdict = 'deny' | 'ask' | 'none';

export type EngineName = 'hook' | 'policy' | 'tools' | 'files' | 'net' | 'shell' | 'secrets' | 'allow';

/** Where a policy value came from, so every decision can name the file and line that caused it. */
export interface Source {
  layer: 'managed' | 'user' | 'project' | 'profile' | 'built-in';
  file: string;
  line: number;
}

export function describeSource(source: Source): string {
  if (source.layer === 'built-in') return 'built into bulwark';
  const kind = source.layer === 'profile' ? 'built-in profile' : `${source.layer} policy`;
  return `${kind} ${source.file}:${source.line}`;
}

export interface TraceStep {
  engine: EngineName;
  outcome: Outcome;
  ruleId?: string;
  reason: string;
  source?: Source;
}

export interface Decision {
  outcome: Outcome;
  ruleId?: string;
  reason: string;
  trace: TraceStep[];
}

const rank: Record<Outcome, number> = { 'no-objection': 0, allow: 1, ask: 2, deny: 3 };

export function verdictOutcome(verdict: Verdict): Outcome {
  return verdict === 'none' ? 'no-objection' : verdict;
}

export function isStricter(a: Outcome, b: Outcome): boolean {
  return rank[a] > rank[b];
}

export function noObjection(engine: EngineName, reason: string): Decision {
  return { outcome: 'no-objection', reason, trace: [{ engine, outcome: 'no-objection', reason }] };
}

export function decide(step: TraceStep): Decision {
  return { outcome: step.outcome, ruleId: step.ruleId, reason: step.reason, trace: [step] };
}

/** The strictest decision wins; every step of every decision is kept for `explain`. */
export function combine(decisions: readonly Decision[]): Decision {
  const trace = decisions.flatMap((d) => d.trace);
  let winner: Decision | undefined;
  for (const d of decisions) {
    if (!winner || isStricter(d.outcome, winner.outcome)) winner = d;
  }
  if (!winner) return { outcome: 'no-objection', reason: 'nothing to check', trace };
  const others = decisions.filter((d) => d !== winner && d.outcome === winner.outcome && d.ruleId);
  const reason = others.length
    ? `${winner.reason} (also: ${others.map((d) => d.ruleId).join(', ')})`
    : winner.reason;
  return { outcome: winner.outcome, ruleId: winner.ruleId, reason, trace };
}
