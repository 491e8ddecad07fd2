// bunfig.toml, uv.toml and pyproject.toml: bulwark's keys go in one marked block inside the right
// table. TOML forbids a second [install] / [tool.uv] header, so when the table exists the block
// goes right after its header; otherwise the block brings the header along (or, for top-level
// keys, sits at the top of the file, before any table). Every result is re-read before it is
// used: a file this reader cannot place keys in safely is left alone, with a notice.
import { removeBlocks } from '../marked-block';
import { bodyLines, hasOwnBlock, setBlock, type Where, withoutBlock } from './blocks';
import { scanToml, tomlProblems, tomlScalar, tomlValue } from './toml';
import type { Found, Setting, Written } from './types';

const samePath = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((part, n) => part === b[n]);

/** The value at `path` in `text` as `key = raw`, or undefined (also when `text` is not TOML). */
export function tomlSetting(
  text: string,
  path: readonly string[],
): { raw: string; value: ReturnType<typeof tomlScalar> } | undefined {
  try {
    const entry = tomlValue(scanToml(text), path);
    return entry && { raw: entry.raw.trim(), value: tomlScalar(entry.raw) };
  } catch {
    return undefined;
  }
}

/** The setting at `table.key` in `file`, judged by `strong`. */
export function tomlFound(
  file: string,
  text: string,
  ownOnly: boolean,
  table: readonly string[],
  key: string,
  aspect: Found['aspect'],
  strong: (value: ReturnType<typeof tomlScalar>) => boolean,
): Found[] {
  const setting = tomlSetting(ownOnly ? removeBlocks(text) : text, [...table, key]);
  return setting ? [{ aspect, shown: `${key} = ${setting.raw}`, file, strong: strong(setting.value) }] : [];
}

function landed(
  after: string,
  ownProblems: number,
  table: readonly string[],
  settings: readonly Setting[],
): boolean {
  if (tomlProblems(after).length > ownProblems) return false;
  return settings.every((setting) => tomlSetting(after, [...table, setting.key])?.value === setting.value);
}

export function writeTomlKeys(
  file: string,
  before: string | undefined,
  settings: readonly Setting[],
  table: readonly string[],
  title: string,
): Written {
  const text = before ?? '';
  if (settings.length === 0) return { file, before, after: withoutBlock(text) };
  const own = withoutBlock(text);
  const lines = bodyLines(settings);
  const header = `[${table.join('.')}]`;
  let body = lines;
  let where: Where = { at: 'start' };
  if (table.length > 0) {
    let existing: number | undefined;
    try {
      existing = scanToml(own).headers.find((h) => !h.array && samePath(h.path, table))?.lineEnd;
    } catch {
      existing = undefined;
    }
    if (existing !== undefined) where = { at: 'offset', offset: existing };
    else [body, where] = [[header, ...lines], { at: 'end' }];
  }
  const ownProblems = tomlProblems(own).length;
  // In place first (a second init must not move the block), then placed afresh when the user's
  // file changed so that the old spot is wrong (they added their own [install], say).
  const candidates = hasOwnBlock(text)
    ? [setBlock(text, body, where), setBlock(own, body, where)]
    : [setBlock(own, body, where)];
  const after = candidates.find((candidate) => landed(candidate, ownProblems, table, settings));
  if (after !== undefined) return { file, before, after };
  const location = table.length > 0 ? `under ${header} in ${file}` : `at the top of ${file}`;
  return {
    refused: {
      level: 'warn',
      message: `${title}: bulwark cannot place its settings in ${file} safely (unusual TOML layout); add them by hand`,
      fix: `add ${location}: ${settings.map((setting) => setting.line).join(', ')}`,
    },
  };
}
