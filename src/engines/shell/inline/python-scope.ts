// What a Python expression stands for, as far as the source says without running it: the module
// or function a name was imported as (`import shutil as s` makes `s.rmtree` shutil.rmtree), a
// pathlib.Path with its literal path, or a literal string. Flow-insensitive: a name bound by one
// import, or assigned exactly once, keeps that meaning everywhere in the code.
import { type NodesByKind, nodesOf, type SgNode } from './ast-grep';
import { decodeEscapes } from './literals';
import { joinPaths, parameterNames, positionalArgs, targetNames } from './python-syntax';

export type PyValue =
  /** A module, function or method by qualified name; `subject` is the path of a Path receiver. */
  | { kind: 'ref'; name: string; subject?: string | undefined }
  | { kind: 'path'; path?: string | undefined }
  | { kind: 'string'; value: string }
  | { kind: 'unknown' };

const UNKNOWN: PyValue = { kind: 'unknown' };
/** The namespace dictionaries: globals()['os'] is whatever `os` is. */
const NAMESPACE = '<namespace>';
/** Deeper expressions are not followed: hostile input could nest without end. */
const MAX_DEPTH = 40;

const BUILTINS = new Set([
  'open',
  'file',
  'eval',
  'exec',
  'execfile',
  'compile',
  '__import__',
  'getattr',
  'globals',
  'locals',
  'vars',
  'str',
]);
const PATH_CLASSES = new Set(['Path', 'PurePath', 'PosixPath', 'PurePosixPath', 'WindowsPath']);
/** Path methods that return a Path naming the same file (for what the code does to it). */
const SAME_PATH_METHODS = new Set(['expanduser', 'resolve', 'absolute', 'as_posix']);
/** os.path functions whose result names the file their literal argument names. */
const SAME_PATH_FUNCTIONS = new Set(['expanduser', 'abspath', 'realpath', 'normpath', 'expandvars']);

/** Nodes that bind names: assignments, loops, `with ... as`, walrus, defs, parameters. */
const BINDING_KINDS = [
  'assignment',
  'augmented_assignment',
  'for_statement',
  'for_in_clause',
  'named_expression',
  'as_pattern_target',
  'function_definition',
  'class_definition',
  'parameters',
  'lambda_parameters',
];

/** Every node kind the Python analysis looks at, found in one traversal. */
export const PYTHON_KINDS = [
  ...BINDING_KINDS,
  'import_statement',
  'import_from_statement',
  'call',
  'subscript',
  'ERROR',
];

/** Calls whose result this scope can name (a module, a path, a string); others are not followed. */
const VALUE_CALLEES = new Set([
  'builtins.__import__',
  'importlib.import_module',
  'importlib.__import__',
  'builtins.getattr',
  'builtins.globals',
  'builtins.locals',
  'builtins.vars',
  'builtins.str',
  'os.fspath',
]);
const producesValue = (name: string): boolean =>
  VALUE_CALLEES.has(name) || name.startsWith('pathlib.') || name.startsWith('os.path.');

export const ref = (name: string, subject?: string): PyValue => ({ kind: 'ref', name, subject });

export class PythonScope {
  private readonly bindings: Map<string, PyValue>;
  private readonly starModules: string[] = [];
  /** Names the code binds itself (assignments, defs, parameters): they hide builtins. */
  private readonly localNames = new Map<string, number>();

  constructor(
    nodes: NodesByKind,
    inherited: ReadonlyMap<string, PyValue> | undefined,
    private readonly isSink: (name: string) => boolean,
  ) {
    this.bindings = new Map(inherited);
    this.collectImports(nodes);
    this.collectAssignments(nodes);
  }

  /** The bindings code run by `exec` here would see (it shares this module's globals). */
  get visibleBindings(): ReadonlyMap<string, PyValue> {
    return this.bindings;
  }

  resolve(node: SgNode | null | undefined, depth = 0): PyValue {
    if (!node || depth > MAX_DEPTH) return UNKNOWN;
    switch (node.kind()) {
      case 'identifier':
        return this.resolveName(node.text());
      case 'attribute':
        return this.resolveAttribute(this.resolve(node.field('object'), depth + 1), node.field('attribute'));
      case 'call':
        return this.resolveCall(node, depth);
      case 'subscript':
        return this.resolveSubscript(node, depth);
      case 'parenthesized_expression':
      case 'await':
        return this.resolve(node.namedChildren()[0], depth + 1);
      case 'string':
      case 'concatenated_string':
        return stringValue(this.stringOf(node, depth));
      case 'binary_operator':
        return this.resolveOperator(node, depth);
      default:
        return UNKNOWN;
    }
  }

  /** The literal text an expression always has, if it has one. */
  stringOf(node: SgNode | null | undefined, depth = 0): string | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    if (node.kind() === 'string') return this.stringLiteral(node, depth);
    if (node.kind() === 'concatenated_string') {
      let text = '';
      for (const part of node.namedChildren()) {
        const value = this.stringLiteral(part, depth);
        if (value === undefined) return undefined;
        text += value;
      }
      return text;
    }
    const value = this.resolve(node, depth + 1);
    return value.kind === 'string' ? value.value : undefined;
  }

  /** The literal text an expression's value starts with (all of it for a literal). */
  startOf(node: SgNode | null | undefined, depth = 0): string {
    const whole = this.stringOf(node, depth);
    if (whole !== undefined || !node || depth > MAX_DEPTH) return whole ?? '';
    const kind = node.kind();
    if (kind === 'binary_operator' && node.field('operator')?.text() === '+') {
      const left = node.field('left');
      const leftText = this.stringOf(left, depth + 1);
      return leftText === undefined
        ? this.startOf(left, depth + 1)
        : leftText + this.startOf(node.field('right'), depth + 1);
    }
    if (kind === 'concatenated_string') return this.startOf(node.namedChildren()[0], depth + 1);
    if (kind !== 'string') return '';
    let text = '';
    for (const part of node.children()) {
      if (part.kind() === 'interpolation') break;
      if (part.kind() === 'string_content') text += part.text();
    }
    return text;
  }

  /** The literal path an expression names: a string or a pathlib.Path of one. */
  pathOf(node: SgNode | null | undefined, depth = 0): string | undefined {
    const value = this.resolve(node, depth);
    if (value.kind === 'string') return value.value;
    return value.kind === 'path' ? value.path : undefined;
  }

  /** A list or tuple of literal strings (an argv). */
  argvOf(node: SgNode | null | undefined): string[] | undefined {
    if (!node || (node.kind() !== 'list' && node.kind() !== 'tuple')) return undefined;
    const argv: string[] = [];
    for (const item of node.namedChildren()) {
      const word = this.pathOf(item);
      if (word === undefined) return undefined;
      argv.push(word);
    }
    return argv;
  }

  private resolveName(name: string): PyValue {
    const bound = this.bindings.get(name);
    if (bound) return bound;
    if (this.localNames.has(name)) return UNKNOWN;
    for (const module of this.starModules) {
      if (this.isSink(`${module}.${name}`)) return ref(`${module}.${name}`);
    }
    if (name === '__builtins__') return ref('builtins');
    return BUILTINS.has(name) ? ref(`builtins.${name}`) : UNKNOWN;
  }

  private resolveAttribute(object: PyValue, attribute: SgNode | null): PyValue {
    if (!attribute) return UNKNOWN;
    return this.member(object, attribute.text());
  }

  private member(object: PyValue, name: string): PyValue {
    if (object.kind === 'ref') return ref(`${object.name}.${name}`, object.subject);
    if (object.kind === 'path') return ref(`pathlib.Path.${name}`, object.path);
    return UNKNOWN;
  }

  private resolveCall(node: SgNode, depth: number): PyValue {
    const callee = this.resolve(node.field('function'), depth + 1);
    if (callee.kind !== 'ref' || !producesValue(callee.name)) return UNKNOWN;
    const args = positionalArgs(node);
    const first = args[0];
    const name = callee.name;
    if (name === 'builtins.__import__') {
      const module = this.stringOf(first, depth + 1);
      return module === undefined ? UNKNOWN : ref(module.split('.')[0] ?? module);
    }
    if (name === 'importlib.import_module' || name === 'importlib.__import__') {
      const module = this.stringOf(first, depth + 1);
      return module === undefined ? UNKNOWN : ref(module);
    }
    if (name === 'builtins.getattr') {
      const attribute = this.stringOf(args[1], depth + 1);
      return attribute === undefined ? UNKNOWN : this.member(this.resolve(first, depth + 1), attribute);
    }
    if (name === 'builtins.globals' || name === 'builtins.locals' || name === 'builtins.vars') {
      return args.length === 0 ? ref(NAMESPACE) : UNKNOWN;
    }
    if (name === 'builtins.str' || name === 'os.fspath') {
      const value = this.resolve(first, depth + 1);
      return value.kind === 'path' ? stringValue(value.path) : value.kind === 'string' ? value : UNKNOWN;
    }
    const pathClass = name.startsWith('pathlib.') ? name.slice('pathlib.'.length) : undefined;
    if (pathClass !== undefined && PATH_CLASSES.has(pathClass)) return this.pathFromParts(args, depth);
    if (pathClass?.endsWith('.home')) return { kind: 'path', path: '~' };
    if (name.startsWith('pathlib.Path.') && SAME_PATH_METHODS.has(name.slice('pathlib.Path.'.length))) {
      return { kind: 'path', path: callee.subject };
    }
    if (name === 'os.path.join')
      return stringValue(joinPaths(args.map((arg) => this.pathOf(arg, depth + 1))));
    if (name.startsWith('os.path.') && SAME_PATH_FUNCTIONS.has(name.slice('os.path.'.length))) {
      return stringValue(this.pathOf(first, depth + 1));
    }
    return UNKNOWN;
  }

  private pathFromParts(args: SgNode[], depth: number): PyValue {
    if (args.length === 0) return { kind: 'path', path: '.' };
    const parts = args.map((arg) => this.pathOf(arg, depth + 1));
    return { kind: 'path', path: joinPaths(parts) };
  }

  private resolveSubscript(node: SgNode, depth: number): PyValue {
    const container = this.resolve(node.field('value'), depth + 1);
    const key = this.stringOf(node.field('subscript'), depth + 1);
    if (container.kind !== 'ref' || key === undefined) return UNKNOWN;
    if (container.name === NAMESPACE) return this.resolveName(key);
    if (container.name === 'sys.modules') return ref(key);
    if (container.name.endsWith('.__dict__'))
      return ref(`${container.name.slice(0, -'.__dict__'.length)}.${key}`);
    return UNKNOWN;
  }

  private resolveOperator(node: SgNode, depth: number): PyValue {
    const operator = node.field('operator')?.text();
    const left = this.resolve(node.field('left'), depth + 1);
    const right = this.resolve(node.field('right'), depth + 1);
    if (operator === '+' && left.kind === 'string' && right.kind === 'string') {
      return stringValue(left.value + right.value);
    }
    if (operator === '/' && left.kind === 'path') {
      const tail = right.kind === 'string' ? right.value : right.kind === 'path' ? right.path : undefined;
      return { kind: 'path', path: joinPaths([left.path, tail]) };
    }
    return UNKNOWN;
  }

  private stringLiteral(node: SgNode, depth: number): string | undefined {
    if (node.kind() !== 'string') return undefined;
    let prefix = '';
    let text = '';
    for (const part of node.children()) {
      const kind = part.kind();
      if (kind === 'string_start') prefix = part.text().toLowerCase();
      else if (kind === 'string_content') {
        const raw = part.text();
        const formatted = prefix.includes('f') ? raw.replaceAll('{{', '{').replaceAll('}}', '}') : raw;
        const decoded = prefix.includes('r') ? formatted : decodeEscapes(formatted);
        if (decoded === undefined) return undefined;
        text += decoded;
      } else if (kind === 'interpolation') {
        const inner = part.namedChildren();
        // `{x!r}` and `{x:>8}` change the text; only a bare literal expression is known.
        if (inner.length !== 1) return undefined;
        const value = this.stringOf(inner[0], depth + 1);
        if (value === undefined) return undefined;
        text += value;
      }
    }
    return text;
  }

  private collectImports(nodes: NodesByKind): void {
    for (const statement of nodesOf(nodes, 'import_statement')) {
      for (const item of statement.namedChildren()) {
        if (item.kind() === 'dotted_name') {
          // `import os.path` binds `os`, the top package.
          const top = item.text().split('.')[0] ?? '';
          this.bindings.set(top, ref(top));
        } else if (item.kind() === 'aliased_import') {
          const module = item.field('name')?.text();
          const alias = item.field('alias')?.text();
          if (module && alias) this.bindings.set(alias, ref(module));
        }
      }
    }
    for (const statement of nodesOf(nodes, 'import_from_statement')) {
      const module = statement.field('module_name')?.text();
      if (!module || module.startsWith('.')) continue;
      for (const item of statement.namedChildren().slice(1)) {
        if (item.kind() === 'wildcard_import') this.starModules.push(module);
        else if (item.kind() === 'dotted_name')
          this.bindings.set(item.text(), ref(`${module}.${item.text()}`));
        else if (item.kind() === 'aliased_import') {
          const name = item.field('name')?.text();
          const alias = item.field('alias')?.text();
          if (name && alias) this.bindings.set(alias, ref(`${module}.${name}`));
        }
      }
    }
  }

  private collectAssignments(nodes: NodesByKind): void {
    this.countLocalNames(nodes);
    const assigned: Array<[string, SgNode]> = [];
    for (const assignment of nodesOf(nodes, 'assignment')) {
      const target = assignment.field('left');
      const value = assignment.field('right');
      if (target?.kind() === 'identifier' && value && !this.bindings.has(target.text())) {
        assigned.push([target.text(), value]);
      }
    }
    // Twice, so that `a = os; b = a.system` resolves whichever order they come in.
    for (let pass = 0; pass < 2; pass += 1) {
      for (const [name, value] of assigned) {
        const resolved = this.resolve(value);
        // A string assigned once keeps its value; one reassigned could hold any text. A module or
        // function keeps its meaning even so: judging by it errs on the side of caution.
        if (resolved.kind === 'unknown' || (resolved.kind === 'string' && this.localNames.get(name) !== 1))
          continue;
        this.bindings.set(name, resolved);
      }
    }
  }

  private countLocalNames(nodes: NodesByKind): void {
    const count = (name: string) => this.localNames.set(name, (this.localNames.get(name) ?? 0) + 1);
    for (const kind of BINDING_KINDS) {
      for (const node of nodesOf(nodes, kind)) {
        if (kind === 'named_expression') targetNames(node.field('name')).forEach(count);
        else if (kind === 'as_pattern_target') targetNames(node.namedChildren()[0]).forEach(count);
        else if (kind === 'function_definition' || kind === 'class_definition') {
          const name = node.field('name')?.text();
          if (name) count(name);
        } else if (kind === 'parameters' || kind === 'lambda_parameters') {
          for (const parameter of node.namedChildren()) parameterNames(parameter).forEach(count);
        } else targetNames(node.field('left')).forEach(count);
      }
    }
  }
}

function stringValue(value: string | undefined): PyValue {
  return value === undefined ? UNKNOWN : { kind: 'string', value };
}
