// What the audit log keeps of a tool's input: enough to know what happened, redacted, bounded,
// and never the content of a file or a prompt. Fields are redacted whole before they are cut to
// length, so a secret is never half-kept.
import { redact, summarize } from '../../core/redact';

type Fields = Record<string, unknown>;

/** Redaction of one field's text: the stop-gap patterns, or the secrets engine when it is loaded. */
export type Redactor = (text: string) => string;

function field(input: Fields, name: string): string {
  const value = input[name];
  return typeof value === 'string' ? value : '';
}

/** JSON of a value nested at most `depth` deep and at most `limit` characters long: never a stack overflow. */
export function boundedJson(value: unknown, depth = 8, limit = 4096): string {
  const cut = (item: unknown, level: number): unknown => {
    if (typeof item !== 'object' || item === null) return item;
    if (level >= depth) return '…';
    if (Array.isArray(item)) return item.slice(0, 64).map((entry) => cut(entry, level + 1));
    return Object.fromEntries(
      Object.entries(item)
        .slice(0, 64)
        .map(([key, entry]) => [key, cut(entry, level + 1)]),
    );
  };
  const text = JSON.stringify(cut(value, 0)) ?? '';
  return text.length > limit ? text.slice(0, limit) : text;
}

export function summarizeToolInput(tool: string, input: unknown, redactField: Redactor = redact): string {
  if (typeof input !== 'object' || input === null) return '';
  const fields = input as Fields;
  const one = (name: string) => redactField(field(fields, name));
  switch (tool) {
    case 'Bash':
    case 'PowerShell':
    case 'Monitor':
      return summarize(one('command'));
    case 'Read':
    case 'Edit':
    case 'MultiEdit':
      return summarize(one('file_path'));
    case 'Write':
      return summarize(`${one('file_path')} (${field(fields, 'content').length} chars)`);
    case 'NotebookEdit':
      return summarize(one('notebook_path'));
    case 'Glob':
    case 'Grep': {
      const where = one('path');
      const filter = one('glob');
      return summarize(`${one('pattern')}${where ? ` in ${where}` : ''}${filter ? ` (glob ${filter})` : ''}`);
    }
    case 'WebFetch':
      return summarize(one('url'));
    case 'WebSearch':
      return summarize(one('query'));
    default:
      return summarize(redactField(boundedJson(input)));
  }
}
