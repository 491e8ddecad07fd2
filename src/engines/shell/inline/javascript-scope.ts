// What a JavaScript expression stands for without running it: the Node module or function a name
// was bound to (`const {execSync: e} = require('child_process')` makes `e` child_process.execSync),
// or a literal string. Flow-insensitive, like python-scope.ts. Inside `node -e` every built-in
// module is also a global (`fs.rmSync(...)` works without require), unless the code declares it.
import { type NodesByKind, nodesOf, type SgNode } from './ast-grep';
import { decodeEscapes } from './literals';

export type JsValue = { kind: 'ref'; name: string } | { kind: 'string'; value: string } | { kind: 'unknown' };

const UNKNOWN: JsValue = { kind: 'unknown' };
const GLOBAL = '<global>';
const MAX_DEPTH = 40;

/** Every node kind the JavaScript analysis looks at, found in one traversal. */
export const JAVASCRIPT_KINDS = [
  'variable_declarator',
  'import_statement',
  'function_declaration',
  'class_declaration',
  'formal_parameters',
  'assignment_expression',
  'augmented_assignment_expression',
  'call_expression',
  'new_expression',
];

export const ref = (name: string): JsValue => ({ kind: 'ref', name });

/** Built-in modules `node -e` exposes as globals, and the globals that reach effects. */
const NODE_GLOBALS = new Set([
  'fs',
  'child_process',
  'http',
  'https',
  'http2',
  'net',
  'tls',
  'dgram',
  'dns',
  'vm',
  'os',
  'path',
  'util',
  'worker_threads',
  'module',
  'require',
  'process',
  'eval',
  'Function',
  'fetch',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'WebSocket',
  'XMLHttpRequest',
  'EventSource',
  'Bun',
  'Deno',
]);
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);
/** npm packages that are `fs` with extras (their extras are in the sink table under `fs.`). */
const FS_LIKE = new Set(['fs-extra', 'graceful-fs', 'original-fs']);
/** Names that reach other names (`process.mainModule.require` is `require`). */
const ALIASES: Readonly<Record<string, string>> = {
  'process.mainModule': 'module',
  'require.main': 'module',
  'module.require': 'require',
  'module.constructor': 'Module',
  'module.Module': 'Module',
  'Module.createRequire': 'module.createRequire',
};

/** `node:fs/promises` → `fs.promises`; npm package names stay as they are. */
export function moduleName(specifier: string): string {
  const bare = specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
  if (FS_LIKE.has(bare)) return 'fs';
  return bare.startsWith('@') ? bare : bare.replaceAll('/', '.');
}

export class JavascriptScope {
  private readonly bindings: Map<string, JsValue>;
  private readonly declared = new Map<string, number>();

  constructor(nodes: NodesByKind, inherited: ReadonlyMap<string, JsValue> | undefined) {
    this.bindings = new Map(inherited);
    this.collectDeclarations(nodes);
  }

  get visibleBindings(): ReadonlyMap<string, JsValue> {
    return this.bindings;
  }

  resolve(node: SgNode | null | undefined, depth = 0): JsValue {
    if (!node || depth > MAX_DEPTH) return UNKNOWN;
    switch (node.kind()) {
      case 'identifier':
        return this.resolveName(node.text());
      case 'member_expression':
        return this.member(this.resolve(node.field('object'), depth + 1), node.field('property')?.text());
      case 'subscript_expression':
        return this.member(this.resolve(node.field('object'), depth + 1), this.stringOf(node.field('index')));
      case 'call_expression':
        return this.resolveCall(node, depth);
      case 'parenthesized_expression':
      case 'await_expression':
        return this.resolve(node.namedChildren()[0], depth + 1);
      case 'sequence_expression':
        return this.resolve(node.namedChildren().at(-1), depth + 1);
      case 'string':
      case 'template_string':
      case 'binary_expression':
        return stringValue(this.stringOf(node, depth));
      default:
        return UNKNOWN;
    }
  }

  stringOf(node: SgNode | null | undefined, depth = 0): string | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    const kind = node.kind();
    if (kind === 'string') return decodeEscapes(node.text().slice(1, -1));
    if (kind === 'template_string') return this.templateText(node, depth);
    if (kind === 'binary_expression') {
      if (node.field('operator')?.text() !== '+') return undefined;
      const left = this.stringOf(node.field('left'), depth + 1);
      const right = left === undefined ? undefined : this.stringOf(node.field('right'), depth + 1);
      return right === undefined ? undefined : `${left}${right}`;
    }
    if (kind === 'number') return node.text();
    const value = this.resolve(node, depth + 1);
    return value.kind === 'string' ? value.value : undefined;
  }

  /** The literal text an expression's value starts with (all of it for a literal). */
  startOf(node: SgNode | null | undefined, depth = 0): string {
    const whole = this.stringOf(node, depth);
    if (whole !== undefined || !node || depth > MAX_DEPTH) return whole ?? '';
    if (node.kind() === 'binary_expression' && node.field('operator')?.text() === '+') {
      const left = node.field('left');
      const leftText = this.stringOf(left, depth + 1);
      return leftText === undefined
        ? this.startOf(left, depth + 1)
        : leftText + this.startOf(node.field('right'), depth + 1);
    }
    if (node.kind() !== 'template_string') return '';
    let text = '';
    for (const part of node.children()) {
      if (part.kind() === 'template_substitution') break;
      if (part.kind() === 'string_fragment') text += part.text();
    }
    return text;
  }

  /** An array literal of literal strings (an argv). */
  argvOf(node: SgNode | null | undefined): string[] | undefined {
    if (node?.kind() !== 'array') return undefined;
    const argv: string[] = [];
    for (const item of node.namedChildren()) {
      const word = this.stringOf(item);
      if (word === undefined) return undefined;
      argv.push(word);
    }
    return argv;
  }

  private templateText(node: SgNode, depth: number): string | undefined {
    let text = '';
    for (const part of node.children()) {
      const kind = part.kind();
      if (kind === 'string_fragment') text += part.text();
      else if (kind === 'escape_sequence') {
        const decoded = decodeEscapes(part.text());
        if (decoded === undefined) return undefined;
        text += decoded;
      } else if (kind === 'template_substitution') {
        const value = this.stringOf(part.namedChildren()[0], depth + 1);
        if (value === undefined) return undefined;
        text += value;
      }
    }
    return text;
  }

  private resolveName(name: string): JsValue {
    const bound = this.bindings.get(name);
    if (bound) return bound;
    if (this.declared.has(name)) return UNKNOWN;
    if (GLOBAL_OBJECTS.has(name)) return ref(GLOBAL);
    return NODE_GLOBALS.has(name) ? ref(name) : UNKNOWN;
  }

  private member(object: JsValue, property: string | undefined): JsValue {
    if (object.kind !== 'ref' || property === undefined) return UNKNOWN;
    if (object.name === GLOBAL) return GLOBAL_OBJECTS.has(property) ? object : this.resolveName(property);
    const name = `${object.name}.${property}`;
    return ref(ALIASES[name] ?? name);
  }

  private resolveCall(node: SgNode, depth: number): JsValue {
    const callee = node.field('function');
    // Arguments are read only for the few callees whose result depends on them.
    const first = () => callArguments(node)[0];
    if (callee?.kind() === 'import') return this.moduleRef(first(), depth);
    const value = this.resolve(callee, depth + 1);
    if (value.kind !== 'ref') return UNKNOWN;
    if (value.name === 'require' || value.name === 'process.getBuiltinModule')
      return this.moduleRef(first(), depth);
    if (value.name === 'module.createRequire') return ref('require');
    if (value.name === 'util.promisify') return this.resolve(first(), depth + 1);
    return UNKNOWN;
  }

  private moduleRef(specifier: SgNode | undefined, depth: number): JsValue {
    const name = this.stringOf(specifier, depth + 1);
    return name === undefined ? UNKNOWN : ref(moduleName(name));
  }

  private collectDeclarations(nodes: NodesByKind): void {
    const values: Array<[SgNode, SgNode]> = [];
    for (const node of nodesOf(nodes, 'variable_declarator')) {
      const name = node.field('name');
      const value = node.field('value');
      this.countNames(name);
      if (name && value) values.push([name, value]);
    }
    for (const node of nodesOf(nodes, 'import_statement')) this.bindImport(node);
    for (const kind of ['function_declaration', 'class_declaration']) {
      for (const node of nodesOf(nodes, kind)) this.countNames(node.field('name'));
    }
    for (const node of nodesOf(nodes, 'formal_parameters')) this.countNames(node);
    for (const kind of ['assignment_expression', 'augmented_assignment_expression']) {
      for (const node of nodesOf(nodes, kind)) this.countNames(node.field('left'));
    }
    for (const node of nodesOf(nodes, 'call_expression')) this.bindThenParameter(node);
    // Twice, so that declarations resolve whichever order they depend on each other in.
    for (let pass = 0; pass < 2; pass += 1) {
      for (const [pattern, value] of values) this.bindPattern(pattern, this.resolve(value), true);
    }
  }

  private bindImport(node: SgNode): void {
    const module = this.stringOf(node.field('source'));
    const clause = node.namedChildren().find((child) => child.kind() === 'import_clause');
    if (module === undefined || !clause) return;
    const base = moduleName(module);
    for (const part of clause.namedChildren()) {
      if (part.kind() === 'identifier') this.bindings.set(part.text(), ref(base));
      else if (part.kind() === 'namespace_import') {
        const name = part.namedChildren()[0]?.text();
        if (name) this.bindings.set(name, ref(base));
      } else if (part.kind() === 'named_imports') {
        for (const specifier of part.namedChildren()) {
          const imported = specifier.field('name')?.text();
          const local = specifier.field('alias')?.text() ?? imported;
          if (!imported || !local) continue;
          this.bindings.set(local, ref(imported === 'default' ? base : `${base}.${imported}`));
        }
      }
    }
  }

  /** import('fs').then(({ rmSync }) => ...): the callback's parameter is the module. */
  private bindThenParameter(call: SgNode): void {
    const callee = call.field('function');
    if (callee?.field('property')?.text() !== 'then') return;
    const callback = callArguments(call)[0];
    if (callback?.kind() !== 'arrow_function' && callback?.kind() !== 'function_expression') return;
    const module = this.resolve(callee.field('object'));
    if (module.kind !== 'ref') return;
    const single = callback.field('parameter');
    const parameter = single ?? callback.field('parameters')?.namedChildren()[0];
    this.bindPattern(parameter, module, false);
  }

  /** Binds the names in a declaration's pattern to what the value holds under those keys. */
  private bindPattern(
    pattern: SgNode | null | undefined,
    value: JsValue,
    declaration: boolean,
    depth = 0,
  ): void {
    if (!pattern || value.kind === 'unknown' || depth > MAX_DEPTH) return;
    const kind = pattern.kind();
    if (kind === 'identifier') this.bindName(pattern.text(), value, declaration);
    else if (kind === 'assignment_pattern')
      this.bindPattern(pattern.field('left'), value, declaration, depth + 1);
    if (kind !== 'object_pattern' || value.kind !== 'ref') return;
    for (const property of pattern.namedChildren()) {
      const part = property.kind();
      if (part === 'shorthand_property_identifier_pattern') {
        this.bindName(property.text(), this.member(value, property.text()), declaration);
      } else if (part === 'object_assignment_pattern') {
        const name = property.field('left')?.text();
        if (name) this.bindName(name, this.member(value, name), declaration);
      } else if (part === 'pair_pattern') {
        const key = property.field('key');
        const keyText = key?.kind() === 'property_identifier' ? key.text() : this.stringOf(key);
        this.bindPattern(property.field('value'), this.member(value, keyText), declaration, depth + 1);
      }
    }
  }

  private bindName(name: string, value: JsValue, declaration: boolean): void {
    if (value.kind === 'unknown') return;
    // A string declared once keeps its value; one reassigned anywhere could hold any text. A
    // module or function keeps its meaning even so: judging by it errs on the side of caution.
    if (value.kind === 'string' && declaration && this.declared.get(name) !== 1) return;
    this.bindings.set(name, value);
  }

  private countNames(node: SgNode | null | undefined, depth = 0): void {
    if (!node || depth > MAX_DEPTH) return;
    const kind = node.kind();
    if (kind === 'identifier' || kind === 'shorthand_property_identifier_pattern') {
      this.declared.set(node.text(), (this.declared.get(node.text()) ?? 0) + 1);
    } else if (kind === 'assignment_pattern' || kind === 'object_assignment_pattern') {
      // In `x = default` only `x` is bound.
      this.countNames(node.field('left'), depth + 1);
    } else if (kind === 'pair_pattern') {
      // In `{ key: name }` only `name` is bound.
      this.countNames(node.field('value'), depth + 1);
    } else if (kind !== 'member_expression' && kind !== 'subscript_expression') {
      for (const child of node.namedChildren()) this.countNames(child, depth + 1);
    }
  }
}

/** The arguments of a call (a tagged template's one argument is its template). */
export function callArguments(call: SgNode): SgNode[] {
  const args = call.field('arguments');
  if (!args) return [];
  if (args.kind() === 'template_string') return [args];
  const list: SgNode[] = [];
  for (const arg of args.namedChildren()) {
    // After `...rest`, positions are unknown.
    if (arg.kind() === 'spread_element') break;
    if (arg.kind() !== 'comment') list.push(arg);
  }
  return list;
}

function stringValue(value: string | undefined): JsValue {
  return value === undefined ? UNKNOWN : { kind: 'string', value };
}
