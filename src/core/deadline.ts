import { BudgetExceeded } from './errors';

/**
 * Milliseconds since the process started. (`performance.now()` has the same origin, but its first
 * use loads perf_hooks, which costs the hook a few milliseconds.)
 */
export function sinceStart(): number {
  return process.uptime() * 1000;
}

/**
 * The hook's time budget. Engine work is synchronous, so a timer cannot interrupt it: long loops
 * call `check` themselves, and the hook checks between stages.
 */
export class Deadline {
  private readonly endsAt: number;

  constructor(
    readonly budgetMs: number,
    startedAt = sinceStart(),
  ) {
    this.endsAt = startedAt + budgetMs;
  }

  remainingMs(): number {
    return this.endsAt - sinceStart();
  }

  expired(): boolean {
    return this.remainingMs() <= 0;
  }

  check(stage: string): void {
    if (this.expired()) throw new BudgetExceeded(stage);
  }

  static unlimited(): Deadline {
    return new Deadline(Number.POSITIVE_INFINITY);
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread without spinning: used while waiting for a lock inside synchronous code. */
export function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
