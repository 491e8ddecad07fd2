// pnpm-workspace.yaml and .yarnrc.yml: read with the `yaml` package, written as a marked block of
// top-level keys appended at the end (a block, not a re-serialised document, so comments and
// layout stay as the user wrote them and `uninstall` can take exactly our lines out).
import { parseDocument } from 'yaml';
import { setBlock } from './blocks';
import type { Written } from './types';

/** The top-level mapping of `text`; undefined when it is not valid YAML or not a mapping. */
export function yamlTopLevel(text: string): Record<string, unknown> | undefined {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return undefined;
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Appends bulwark's keys, then proves the result still parses and has them at the top level:
 * a file that ends inside a flow collection or has a second document would otherwise swallow them.
 */
export function writeYamlKeys(
  file: string,
  before: string | undefined,
  body: readonly string[],
  expected: ReadonlyMap<string, unknown>,
  title: string,
): Written {
  const after = setBlock(before ?? '', body, { at: 'end' });
  const parsed = yamlTopLevel(after);
  const ok = parsed !== undefined && [...expected].every(([key, value]) => parsed[key] === value);
  if (ok) return { file, before, after };
  const lines = body.filter((line) => !line.startsWith('#')).join(', ');
  return {
    refused: {
      level: 'warn',
      message: `${title}: ${file} is not a YAML mapping bulwark can safely append to; add the settings by hand`,
      fix: `add at the top level of ${file}: ${lines}`,
    },
  };
}
