// Code that shows the whole environment (`print(os.environ)`, `console.log(process.env)`) leaks
// every token in it, as `printenv` does. It is reported as a read of /proc/self/environ, the file
// that holds the same environment, so the secret-file rules judge it with one message.
import type { SgNode } from './ast-grep';

export const ENVIRONMENT_FILE = '/proc/self/environ';

/** Calls whose arguments end up in the output the agent reads. */
const PYTHON_OUTPUT = new Set([
  'print',
  'pprint',
  'pprint.pprint',
  'pprint.pp',
  'sys.stdout.write',
  'sys.stderr.write',
  'json.dump',
]);
const JAVASCRIPT_OUTPUT = new Set([
  'console.log',
  'console.info',
  'console.warn',
  'console.error',
  'console.debug',
  'console.dir',
  'console.table',
  'process.stdout.write',
  'process.stderr.write',
]);
/** Reaching one variable through the environment object, not all of it. */
const ONE_VARIABLE = new Set(['get', 'pop', 'setdefault', '__getitem__', '__contains__']);

/**
 * Where Python code prints the environment whole: an output call given `os.environ` (or
 * `dict(os.environ)`, `os.environ.items()`...), or a loop over it that prints.
 * `isEnvironment` says whether an expression node is `os.environ` however it was imported.
 */
export function pythonShowsEnvironment(
  root: SgNode,
  isEnvironment: (node: SgNode) => boolean,
): number | undefined {
  const whole = (node: SgNode) => {
    if (!isEnvironment(node)) return false;
    const parent = node.parent();
    if (parent?.kind() === 'subscript' && parent.field('value')?.id() === node.id()) return false;
    return !(parent?.kind() === 'attribute' && ONE_VARIABLE.has(parent.field('attribute')?.text() ?? ''));
  };
  const mentionsWhole = (node: SgNode | null) =>
    !!node &&
    (whole(node) ||
      node.findAll({ rule: { any: [{ kind: 'attribute' }, { kind: 'identifier' }] } }).some(whole));
  const outputs = root
    .findAll({ rule: { kind: 'call' } })
    .filter((call) => PYTHON_OUTPUT.has(call.field('function')?.text() ?? ''));
  const printed = outputs.find((call) => mentionsWhole(call.field('arguments')));
  if (printed) return printed.range().start.index;
  const loop = root
    .findAll({ rule: { kind: 'for_statement' } })
    .find((node) => mentionsWhole(node.field('right')) && outputs.some((call) => isInside(call, node)));
  return loop?.range().start.index;
}

/** Where JavaScript code prints `process.env` whole (`console.log(process.env)`, `JSON.stringify`...). */
export function javascriptShowsEnvironment(root: SgNode): number | undefined {
  const whole = (node: SgNode) => {
    if (!/^process\s*(?:\.\s*env|\[\s*(['"])env\1\s*\])$/.test(node.text())) return false;
    const parent = node.parent();
    const kind = parent?.kind();
    // process.env.HOME, process.env['HOME']: one variable.
    if (
      (kind === 'member_expression' || kind === 'subscript_expression') &&
      parent?.field('object')?.id() === node.id()
    )
      return false;
    // Object.keys(process.env): the names only.
    return parent?.parent()?.field('function')?.text() !== 'Object.keys';
  };
  const printed = root
    .findAll({ rule: { kind: 'call_expression' } })
    .find(
      (call) =>
        JAVASCRIPT_OUTPUT.has(call.field('function')?.text() ?? '') &&
        (
          call
            .field('arguments')
            ?.findAll({ rule: { any: [{ kind: 'member_expression' }, { kind: 'subscript_expression' }] } }) ??
          []
        ).some(whole),
    );
  return printed?.range().start.index;
}

function isInside(node: SgNode, container: SgNode): boolean {
  const { start, end } = container.range();
  const at = node.range();
  return at.start.index >= start.index && at.end.index <= end.index;
}
