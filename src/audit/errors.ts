import { errorMessage } from '../core/errors';

export class AuditUnavailable extends Error {
  constructor(
    readonly dir: string,
    cause: unknown,
  ) {
    super(`cannot write the audit log in ${dir} (${errorMessage(cause)})`, { cause });
    this.name = 'AuditUnavailable';
  }
}
