import { UserError } from '../core/errors';
import { formatIssue, type PolicyIssue } from './types';

/** One or more policy files are invalid: every tool call is denied until they are fixed. */
export class PolicyInvalid extends UserError {
  constructor(readonly issues: readonly PolicyIssue[]) {
    super(
      `the bulwark policy is invalid:\n${issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`,
      'fix the files above; `bulwark policy check` lists every problem',
    );
    this.name = 'PolicyInvalid';
  }
}
