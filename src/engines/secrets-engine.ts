// The secrets engine is loaded only by the events that need it (prompts, writes, commands, tool
// output), as its own bundle (dist/secrets.cjs): reads, searches and fetches start without it.
type SecretsEngine = typeof import('./secrets/agent');

let engine: SecretsEngine | undefined;

export async function loadSecretsEngine(): Promise<SecretsEngine> {
  engine ??= await import('./secrets/agent');
  return engine;
}

/** The engine if an earlier step of this event loaded it: audit summaries use it when they can. */
export function loadedSecretsEngine(): SecretsEngine | undefined {
  return engine;
}
