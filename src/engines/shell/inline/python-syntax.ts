// Reading Python syntax nodes: a call's arguments, assignment targets, parameter names, string
// literals without fields, and joining literal path parts.
import type { SgNode } from './ast-grep';

/** Deeper patterns are not followed: hostile input could nest without end. */
const MAX_DEPTH = 40;

/** The call's positional arguments up to the first `*args` (after it, positions are unknown). */
export function positionalArgs(call: SgNode): SgNode[] {
  const list = call.field('arguments');
  if (list?.kind() !== 'argument_list') return [];
  const args: SgNode[] = [];
  for (const arg of list.namedChildren()) {
    const kind = arg.kind();
    if (kind === 'list_splat' || kind === 'dictionary_splat') break;
    if (kind === 'keyword_argument' || kind === 'comment') continue;
    args.push(arg);
  }
  return args;
}

export function keywordArg(call: SgNode, keyword: string): SgNode | undefined {
  const list = call.field('arguments');
  if (list?.kind() !== 'argument_list') return undefined;
  for (const arg of list.namedChildren()) {
    if (arg.kind() === 'keyword_argument' && arg.field('name')?.text() === keyword) {
      return arg.field('value') ?? undefined;
    }
  }
  return undefined;
}

/** A string literal with nothing computed in it (not an f-string with fields, not a sum). */
export function isPlainString(node: SgNode | null | undefined): boolean {
  return node?.kind() === 'string' && !node.children().some((part) => part.kind() === 'interpolation');
}

export function joinPaths(parts: ReadonlyArray<string | undefined>): string | undefined {
  let joined = '';
  for (const part of parts) {
    if (part === undefined) return undefined;
    joined = part.startsWith('/') || joined === '' ? part : `${joined.replace(/\/$/, '')}/${part}`;
  }
  return joined;
}

const TARGET_LISTS = new Set<string>([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'list_splat_pattern',
  'tuple',
  'list',
]);

export function targetNames(node: SgNode | null | undefined, depth = 0): string[] {
  if (!node || depth > MAX_DEPTH) return [];
  const kind = String(node.kind());
  if (kind === 'identifier') return [node.text()];
  if (TARGET_LISTS.has(kind)) {
    return node.namedChildren().flatMap((child) => targetNames(child, depth + 1));
  }
  return [];
}

export function parameterNames(node: SgNode): string[] {
  if (node.kind() === 'identifier') return [node.text()];
  const name = node.field('name') ?? node.namedChildren().find((child) => child.kind() === 'identifier');
  return name?.kind() === 'identifier' ? [name.text()] : [];
}
