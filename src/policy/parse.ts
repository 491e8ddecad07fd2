// A policy file's YAML, parsed with line numbers and checked against the schema: every problem is
// reported with its file, line and key, and the keys the schema knows at that place.
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { err, ok, type Result } from '../core/errors';
import { summarize } from '../core/redact';
import { closest } from '../core/suggest';
import { knownKeysAt } from './schema';
import type { Layer, PolicyIssue } from './types';

export type PathStep = string | number;
export type Data = Record<string, unknown>;

export interface ParsedFile {
  layer: Layer | 'profile';
  file: string;
  data: Data;
  /** The line of the value at `path`. */
  lineOf(path: readonly PathStep[]): number;
  /** The line of the key that ends `path`. */
  keyLineOf(path: readonly PathStep[]): number;
}

export function getAt(data: unknown, path: readonly PathStep[]): unknown {
  let node = data;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PathStep, unknown>)[step];
  }
  return node;
}

export function formatKey(path: readonly PropertyKey[]): string {
  return path
    .map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? String(step) : `.${String(step)}`))
    .join('');
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(summarize(value, 40));
  return `${typeof value} ${String(value)}`;
}

function describeExpected(expected: unknown): string {
  const words: Record<string, string> = { array: 'a list', object: 'a mapping', string: 'a string' };
  return words[String(expected)] ?? `a ${String(expected)}`;
}

export function parseFile(
  layer: Layer | 'profile',
  file: string,
  text: string,
  schema: z.ZodType,
): Result<ParsedFile, PolicyIssue[]> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return err(
      doc.errors.map((error) => ({
        file,
        line: error.linePos?.[0]?.line ?? 1,
        key: '',
        problem: `not valid YAML: ${error.message.split('\n')[0]}`,
      })),
    );
  }
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const lineOf = (path: readonly PathStep[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineAt(node.range[0]);
    }
    return 1;
  };
  const keyLine = (parent: readonly PathStep[], key: string) => {
    const node = parent.length ? doc.getIn(parent, true) : doc.contents;
    if (isMap(node)) {
      for (const item of node.items) {
        if (isScalar(item.key) && item.key.value === key && item.key.range) return lineAt(item.key.range[0]);
      }
    }
    return lineOf(parent);
  };
  const raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return err([
      {
        file,
        line: 1,
        key: '',
        problem: `expected a mapping of settings, got ${describeValue(raw)}`,
        knownKeys: knownKeysAt(schema, []),
      },
    ]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((issue): PolicyIssue[] => {
      const path = issue.path as PathStep[];
      const detail = issue as unknown as Record<string, unknown>;
      if (issue.code === 'unrecognized_keys') {
        const known = knownKeysAt(schema, path);
        return (detail.keys as string[]).map((key) => {
          const suggestion = closest(key, known);
          return {
            file,
            line: keyLine(path, key),
            key: formatKey([...path, key]),
            problem: `unknown key${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
            knownKeys: known,
          };
        });
      }
      const actual = getAt(raw, path);
      let problem = issue.message;
      if (issue.code === 'invalid_type')
        problem = `expected ${describeExpected(detail.expected)}, got ${describeValue(actual)}`;
      if (issue.code === 'invalid_value') {
        problem = `expected one of ${(detail.values as unknown[]).join(', ')}, got ${describeValue(actual)}`;
      }
      if (issue.code === 'too_small') {
        problem =
          detail.origin === 'string' ? 'must not be empty' : `must be at least ${String(detail.minimum)}`;
      }
      if (issue.code === 'too_big') {
        problem =
          detail.origin === 'string'
            ? `must be at most ${String(detail.maximum)} characters`
            : `must be at most ${String(detail.maximum)}`;
      }
      return [{ file, line: lineOf(path), key: formatKey(path), problem }];
    });
    return err(issues);
  }
  const keyLineOf = (path: readonly PathStep[]) => {
    const last = path.at(-1);
    return typeof last === 'string' ? keyLine(path.slice(0, -1), last) : lineOf(path);
  };
  return ok({ layer, file, data: raw as Data, lineOf, keyLineOf });
}
