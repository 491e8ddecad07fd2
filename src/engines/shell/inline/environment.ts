// Code that shows the whole environment (`print(os.environ)`, `console.log(process.env)`) leaks
// every token in it, as `printenv` does. It is reported as a read of /proc/self/environ, the file
// that holds the same environment, so the secret-file rules judge it with one message.
import type { SgNode } from './ast-grep';
import type { Token } from './scan-tokens';

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

/** How a scanned language (Perl, Ruby, PHP) names the whole environment, and prints. */
export interface ScannedEnvironment {
  whole: (tokens: readonly Token[], i: number) => boolean;
  output: ReadonlySet<string>;
}

const isPunct = (token: Token | undefined, text: string) => token?.kind === 'punct' && token.text === text;

export const PERL_ENVIRONMENT: ScannedEnvironment = {
  // `%ENV` is the whole hash; `$ENV{HOME}` one entry. After a word (`keys %ENV`) the lexer may
  // take `%` for the modulo operator.
  whole: (tokens, i) =>
    (tokens[i]?.kind === 'variable' && tokens[i]?.text === '%ENV') ||
    (isPunct(tokens[i], '%') && tokens[i + 1]?.kind === 'word' && tokens[i + 1]?.text === 'ENV'),
  output: new Set(['print', 'printf', 'say', 'warn', 'die', 'Dumper']),
};

const RUBY_ONE_VARIABLE = new Set(['fetch', 'key?', 'has_key?', 'include?', 'delete', 'store', '[]']);
export const RUBY_ENVIRONMENT: ScannedEnvironment = {
  whole: (tokens, i) =>
    tokens[i]?.kind === 'word' &&
    tokens[i]?.text === 'ENV' &&
    !isPunct(tokens[i + 1], '[') &&
    !(isPunct(tokens[i + 1], '.') && RUBY_ONE_VARIABLE.has(tokens[i + 2]?.text ?? '')),
  output: new Set(['p', 'pp', 'puts', 'print', 'printf', 'warn', 'abort']),
};

export const PHP_ENVIRONMENT: ScannedEnvironment = {
  whole: (tokens, i) => {
    const token = tokens[i];
    if (token?.kind === 'variable' && (token.text === '$_ENV' || token.text === '$_SERVER'))
      return !isPunct(tokens[i + 1], '[');
    // getenv() with no argument returns every variable.
    return (
      token?.kind === 'word' &&
      token.text === 'getenv' &&
      isPunct(tokens[i + 1], '(') &&
      isPunct(tokens[i + 2], ')')
    );
  },
  output: new Set(['print_r', 'var_dump', 'var_export', 'echo', 'print', 'printf', 'json_encode']),
};

/** Where scanned code prints the whole environment: it names it whole and prints something. */
export function scannedShowsEnvironment(
  tokens: readonly Token[],
  environment: ScannedEnvironment,
): number | undefined {
  if (!tokens.some((token) => token.kind === 'word' && environment.output.has(token.text))) return undefined;
  return tokens.find((_, i) => environment.whole(tokens, i))?.at;
}
