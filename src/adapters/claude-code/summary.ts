// What the audit log keeps of a tool's input: enough to know what happened, redacted, bounded,
// and never the content of a file or a prompt.
import { summarize } from '../../core/redact';

type Fields = Record<string, unknown>;

function field(input: Fields, name: string): string {
  const value = input[name];
  return typeof value === 'string' ? value : '';
}

export function summarizeToolInput(tool: string, input: unknown): string {
  if (typeof input !== 'object' || input === null) return '';
  const fields = input as Fields;
  switch (tool) {
    case 'Bash':
    case 'PowerShell':
    case 'Monitor':
      return summarize(field(fields, 'command'));
    case 'Read':
    case 'Edit':
    case 'MultiEdit':
      return summarize(field(fields, 'file_path'));
    case 'Write':
      return summarize(`${field(fields, 'file_path')} (${field(fields, 'content').length} chars)`);
    case 'NotebookEdit':
      return summarize(field(fields, 'notebook_path'));
    case 'Glob':
    case 'Grep': {
      const where = field(fields, 'path');
      const filter = field(fields, 'glob');
      return summarize(
        `${field(fields, 'pattern')}${where ? ` in ${where}` : ''}${filter ? ` (glob ${filter})` : ''}`,
      );
    }
    case 'WebFetch':
      return summarize(field(fields, 'url'));
    case 'WebSearch':
      return summarize(field(fields, 'query'));
    default:
      return summarize(JSON.stringify(input) ?? '');
  }
}
