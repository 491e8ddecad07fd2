// Errors are values: library code returns or throws these, and only the CLI edge renders them.

export const REPORT_URL = 'https://github.com/bulwark-dev/bulwark/issues';

/** Something the user can fix: says what was wrong and how to fix it. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A bug or an environment failure inside bulwark: the rendering says how to report it. */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}

/** Our own time budget ran out; the hook turns this into a denial. */
export class BudgetExceeded extends Error {
  constructor(readonly stage: string) {
    super(`bulwark's time budget ran out while ${stage}`);
    this.name = 'BudgetExceeded';
  }
}

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function err<E>(error: E): Result<never, E> {
  return { ok: false, error };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
