// JavaScript given to `node -e`/`node -p` or on stdin: every call and `new` is resolved to what
// it calls (through require, import, destructuring and aliases) and looked up among the calls
// with effects.
import { type AstGrepModule, hasSyntaxError, nodesByKind, nodesOf, type SgNode } from './ast-grep';
import { Findings, type InlineEffect } from './effects';
import { ENVIRONMENT_FILE, javascriptShowsEnvironment } from './environment';
import { callArguments, JAVASCRIPT_KINDS, JavascriptScope, type JsValue } from './javascript-scope';
import { type JsCall, javascriptSink } from './javascript-sinks';

/** How deep literal code inside literal code (`eval("eval('...')")`) is followed. */
const MAX_NESTING = 4;

export function javascriptEffects(sg: AstGrepModule, code: string): InlineEffect[] {
  return analyse(sg, code, 0, undefined);
}

function analyse(
  sg: AstGrepModule,
  code: string,
  nesting: number,
  inherited: ReadonlyMap<string, JsValue> | undefined,
): InlineEffect[] {
  const root = sg.parse(sg.Lang.JavaScript, code).root();
  const nodes = nodesByKind(root, JAVASCRIPT_KINDS);
  const scope = new JavascriptScope(nodes, inherited);
  const out = new Findings();
  const nested = (at: number, inner: string) => {
    if (nesting >= MAX_NESTING) out.dynamic(at, 'code nested in code too deeply to follow');
    else out.nested(at, analyse(sg, inner, nesting + 1, scope.visibleBindings));
  };
  for (const kind of ['call_expression', 'new_expression']) {
    for (const node of nodesOf(nodes, kind)) judgeCall(node, scope, out, nested);
  }
  const environment = javascriptShowsEnvironment(root);
  if (environment !== undefined) out.read(environment, 'prints the whole environment', ENVIRONMENT_FILE);
  if (out.size === 0 && hasSyntaxError(root)) {
    return [{ kind: 'unparsed', detail: 'javascript: the code does not parse' }];
  }
  return out.sorted();
}

function judgeCall(
  node: SgNode,
  scope: JavascriptScope,
  out: Findings,
  nested: (at: number, code: string) => void,
): void {
  const at = node.range().start.index;
  const isNew = node.kind() === 'new_expression';
  const callee = isNew ? node.field('constructor') : node.field('function');
  if (callee?.kind() === 'import') {
    if (scope.stringOf(callArguments(node)[0]) === undefined)
      out.dynamic(at, 'import() of a module name computed at run time');
    return;
  }
  const value = scope.resolve(callee);
  if (value.kind !== 'ref') {
    judgeUnresolved(at, callee, scope, out);
    return;
  }
  const target = directTarget(value.name);
  const sink = target && javascriptSink(target.name);
  if (!target || !sink) return;
  const call: JsCall = {
    at,
    name: target.name,
    args: target.args(callArguments(node)),
    scope,
    out,
    nested: (code) => nested(at, code),
  };
  sink(call);
}

/** `f.call(self, a)` and `f.apply(self, [a])` call `f` with `a`. */
function directTarget(name: string): { name: string; args: (given: SgNode[]) => SgNode[] } | undefined {
  if (javascriptSink(name)) return { name, args: (given) => given };
  if (name.endsWith('.call'))
    return { name: name.slice(0, -'.call'.length), args: (given) => given.slice(1) };
  if (name.endsWith('.apply')) {
    // The argument array's elements, when it is a literal array; otherwise no argument is known.
    const items = (given: SgNode[]) => (given[1]?.kind() === 'array' ? given[1].namedChildren() : []);
    return { name: name.slice(0, -'.apply'.length), args: items };
  }
  return undefined;
}

/** cp[name](...) or globalThis[name](...): a function chosen at run time. */
function judgeUnresolved(at: number, callee: SgNode | null, scope: JavascriptScope, out: Findings): void {
  if (callee?.kind() !== 'subscript_expression') return;
  const object = scope.resolve(callee.field('object'));
  if (object.kind === 'ref' && scope.stringOf(callee.field('index')) === undefined) {
    out.dynamic(
      at,
      `a call through ${object.name.replace('<global>', 'globalThis')}[...] with a computed name`,
    );
  }
}
