// Python given to `python -c` or on stdin: every call is resolved to what it calls (through
// imports, aliases and getattr with literal names) and looked up among the calls with effects.
import { type AstGrepModule, hasSyntaxError, nodesByKind, nodesOf, PYTHON, type SgNode } from './ast-grep';
import { Findings, type InlineEffect } from './effects';
import { ENVIRONMENT_FILE, pythonShowsEnvironment } from './environment';
import { PYTHON_KINDS, PythonScope, type PyValue } from './python-scope';
import { type PyCall, pythonSink } from './python-sinks';
import { isPlainString, keywordArg, positionalArgs } from './python-syntax';

/** How deep literal code inside literal code (`exec("exec('...')")`) is followed. */
const MAX_NESTING = 4;

/** Callees reached through these containers with a computed key are code chosen at run time. */
const holdsNames = (name: string): boolean =>
  name === '<namespace>' || name === 'sys.modules' || name.endsWith('.__dict__');

export function pythonEffects(sg: AstGrepModule, code: string): InlineEffect[] {
  return analyse(sg, code, 0, undefined);
}

function analyse(
  sg: AstGrepModule,
  code: string,
  nesting: number,
  inherited: ReadonlyMap<string, PyValue> | undefined,
): InlineEffect[] {
  const root = sg.parse(PYTHON, code).root();
  const nodes = nodesByKind(root, PYTHON_KINDS);
  const scope = new PythonScope(nodes, inherited, (name) => pythonSink(name) !== undefined);
  const out = new Findings();
  for (const node of nodesOf(nodes, 'call')) {
    judgeCall(node, scope, out, (at, nested) => {
      if (nesting >= MAX_NESTING) out.dynamic(at, 'code nested in code too deeply to follow');
      else out.nested(at, analyse(sg, nested, nesting + 1, scope.visibleBindings));
    });
  }
  for (const node of nodesOf(nodes, 'subscript')) judgeLookup(node, scope, out);
  const environment = pythonShowsEnvironment(root, (node) => {
    const value = scope.resolve(node);
    return value.kind === 'ref' && value.name === 'os.environ';
  });
  if (environment !== undefined) out.read(environment, 'prints the whole environment', ENVIRONMENT_FILE);
  if (out.size === 0 && hasSyntaxError(root)) {
    return [{ kind: 'unparsed', detail: 'python: the code does not parse' }];
  }
  return out.sorted();
}

function judgeCall(
  node: SgNode,
  scope: PythonScope,
  out: Findings,
  nested: (at: number, code: string) => void,
): void {
  const at = node.range().start.index;
  const callee = node.field('function');
  const value = scope.resolve(callee);
  if (value.kind !== 'ref') {
    judgeUnresolved(node, callee, scope, out);
    return;
  }
  const sink = pythonSink(value.name);
  if (!sink) return;
  const positional = positionalArgs(node);
  const call: PyCall = {
    node,
    at,
    name: value.name,
    subject: value.subject,
    scope,
    out,
    positional,
    arg: (index, keyword) => positional[index] ?? (keyword ? keywordArg(node, keyword) : undefined),
    nested: (code) => nested(at, code),
  };
  sink(call);
}

/** globals()[name], sys.modules[name], os.__dict__[name]: which name is chosen at run time. */
function judgeLookup(node: SgNode, scope: PythonScope, out: Findings): void {
  const container = scope.resolve(node.field('value'));
  if (container.kind !== 'ref' || !holdsNames(container.name) || isPlainString(node.field('subscript')))
    return;
  const what = container.name === '<namespace>' ? 'globals()' : container.name;
  out.dynamic(node.range().start.index, `a lookup in ${what} of a name computed at run time`);
}

/** Calls whose target is not known: some still say enough to judge. */
function judgeUnresolved(node: SgNode, callee: SgNode | null, scope: PythonScope, out: Findings): void {
  if (!callee) return;
  const at = node.range().start.index;
  // sock.connect(('host', 443)): a socket's connect, whatever the socket was called.
  const method = callee.kind() === 'attribute' ? callee.field('attribute')?.text() : undefined;
  if (method === 'connect' || method === 'connect_ex') {
    const address = positionalArgs(node)[0];
    const parts = address?.kind() === 'tuple' ? address.namedChildren() : [];
    const host = parts.length === 2 ? scope.stringOf(parts[0]) : undefined;
    if (host !== undefined && parts[1]?.kind() === 'integer') out.network(at, `${method}()`, host);
  }
}
