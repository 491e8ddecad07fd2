// The tree-sitter-bash tree walked in execution order: each simple command comes out with its
// words expanded as far as bash's result is decidable, in the context it runs in. Variables, `cd`,
// aliases and functions are tracked along the way; nested commands are followed by `follow`.
import { resolve } from 'node:path';
import type Parser from 'tree-sitter';
import { fileAccesses } from './access';
import {
  type ExpandOptions,
  finishWord,
  PRESENT,
  patternValue,
  quoted,
  UNKNOWN,
  unquotedValue,
} from './expand';
import type {
  Assignment,
  CommandContext,
  ParsedLine,
  Redirect,
  RedirectMode,
  ShellCommand,
  Stdin,
  Via,
  Word,
} from './ir';
import { InputTooComplex } from './limits';
import { follow } from './nested';
import { normaliseProgram } from './programs';
import { copyState, lookup, type ShellEnvironment, type ShellState } from './state';
import { staticOutput } from './static-output';

export interface Walker {
  env: ShellEnvironment;
  line: ParsedLine;
  /** Parses and walks a string bash would run as code (`bash -c`, `eval`, piped code). */
  runScript(text: string, state: ShellState, context: CommandContext, via: Via): void;
  /** Records a command and everything it runs in turn. */
  emit(command: ShellCommand, state: ShellState): void;
  depth: number;
}

type SyntaxNode = Parser.SyntaxNode;
export type ParseScript = (text: string) => Parser.Tree;

export const MAX_NESTING = 32;
/** Commands in one line once loops, functions and nested code are expanded. */
export const MAX_COMMANDS = 4_000;
const MAX_DECIDABLE_STAGES = 16;

export function walkLine(
  tree: Parser.Tree,
  env: ShellEnvironment,
  state: ShellState,
  parse: ParseScript,
): ParsedLine {
  const line: ParsedLine = { commands: [], uncertain: [], processOutputs: new Map() };
  const walker = createWalker(env, line, parse, 0);
  if (tree.rootNode.hasError) line.uncertain.push({ kind: 'syntax', detail: 'the command does not parse' });
  walkNode(walker, tree.rootNode, state, rootContext());
  return line;
}

function rootContext(): CommandContext {
  return {
    subshell: false,
    background: false,
    conditional: false,
    loop: false,
    functionBody: false,
    via: [],
  };
}

function createWalker(env: ShellEnvironment, line: ParsedLine, parse: ParseScript, depth: number): Walker {
  const walker: Walker = {
    env,
    line,
    depth,
    runScript(text, state, context, via) {
      const nested = createWalker(env, line, parse, depth + 1);
      if (nested.depth > MAX_NESTING)
        throw new InputTooComplex(`commands nested more than ${MAX_NESTING} levels deep`);
      const tree = parse(text);
      if (tree.rootNode.hasError)
        line.uncertain.push({ kind: 'syntax', detail: `code run by ${describeVia(via)}` });
      walkNode(nested, tree.rootNode, state, { ...context, via: [...context.via, via] });
    },
    emit(command, state) {
      env.deadline.check('judging a shell command');
      if (line.commands.length >= MAX_COMMANDS) {
        throw new InputTooComplex(`more than ${MAX_COMMANDS} commands once expanded`);
      }
      line.commands.push(command);
      recordWrites(command, state, env);
      if (command.program === undefined) line.uncertain.push({ kind: 'dynamic-program', command });
      follow(command, state, walker);
    },
  };
  return walker;
}

/** Files a command writes, so that running them later on the line runs known (or unknown) code. */
function recordWrites(command: ShellCommand, state: ShellState, env: ShellEnvironment): void {
  if (!command.cwd) return;
  for (const access of fileAccesses(command)) {
    if (access.access !== 'write' || !access.word.literal) continue;
    const path = resolve(command.cwd, access.word.text);
    const redirect = command.redirects.find((r) => r.target === access.word && r.fd === 1);
    const text = redirect ? staticOutput([{ ...command, redirects: [] }], env) : undefined;
    const previous = redirect?.mode === 'append' ? state.written.get(path) : '';
    state.written.set(path, text === undefined || previous === undefined ? undefined : previous + text);
  }
}

function describeVia(via: Via): string {
  return 'program' in via ? via.program : via.kind;
}

function options(walker: Walker, state: ShellState): ExpandOptions {
  return { home: walker.env.home, cwd: state.cwd, fs: walker.env.fs };
}

// Statements

function walkNode(walker: Walker, node: SyntaxNode, state: ShellState, context: CommandContext): void {
  switch (node.type) {
    case 'program':
    case 'compound_statement':
    case 'do_group':
    case 'ERROR':
      if (node.type === 'ERROR')
        walker.line.uncertain.push({ kind: 'syntax', detail: 'the command does not parse' });
      walkSequence(walker, node, state, context);
      return;
    case 'subshell':
      walkSequence(walker, node, copyState(state), { ...context, subshell: true });
      return;
    case 'list':
      walkList(walker, node, state, context);
      return;
    case 'pipeline':
      walkPipeline(walker, node.namedChildren, state, context, []);
      return;
    case 'redirected_statement':
      walkRedirected(walker, node, state, context);
      return;
    case 'command':
      walkCommand(walker, node, state, context, [], undefined);
      return;
    case 'variable_assignment':
      assign(walker, node, state);
      return;
    case 'declaration_command':
    case 'unset_command':
      walkDeclaration(walker, node, state, context);
      return;
    case 'negated_command':
      walkSequence(walker, node, state, context);
      return;
    case 'function_definition':
      walkFunction(walker, node, state, context);
      return;
    case 'if_statement':
    case 'elif_clause':
    case 'else_clause':
    case 'case_statement':
    case 'case_item':
      walkBranches(walker, node, state, { ...context, conditional: true });
      return;
    case 'while_statement':
    case 'c_style_for_statement':
      walkBranches(walker, node, state, { ...context, loop: true });
      return;
    case 'for_statement':
      walkFor(walker, node, state, context);
      return;
    case 'test_command':
      expandNested(walker, node, state, context);
      return;
    case 'comment':
    case 'heredoc_body':
      return;
    default:
      // Expressions and words at statement level (`((x++))`, `[[ ]]`): only their substitutions run.
      expandNested(walker, node, state, context);
  }
}

function walkSequence(walker: Walker, node: SyntaxNode, state: ShellState, context: CommandContext): void {
  for (let child = node.firstNamedChild; child; child = child.nextNamedSibling) {
    const background = child.nextSibling?.type === '&';
    walkNode(walker, child, state, background ? { ...context, background: true } : context);
  }
}

function walkBranches(walker: Walker, node: SyntaxNode, state: ShellState, context: CommandContext): void {
  for (const child of node.namedChildren) {
    if (child.type === 'word' || child.type === 'concatenation' || child.type === 'string') {
      expandNested(walker, child, state, context);
    } else walkNode(walker, child, state, context);
  }
}

/** `a && b || c` nests to the left; walked iteratively so a long chain cannot exhaust the stack. */
function walkList(walker: Walker, node: SyntaxNode, state: ShellState, context: CommandContext): void {
  const rights: SyntaxNode[] = [];
  let current: SyntaxNode = node;
  while (current.type === 'list') {
    const [left, right] = current.namedChildren;
    if (right) rights.unshift(right);
    if (!left) break;
    current = left;
  }
  walkNode(walker, current, state, context);
  for (const right of rights) walkNode(walker, right, state, { ...context, conditional: true });
}

/** A loop's body is walked once per value when the values are few and known, and not in another loop. */
const MAX_LOOP_VALUES = 64;

function walkFor(walker: Walker, node: SyntaxNode, state: ShellState, context: CommandContext): void {
  const variable = node.childForFieldName('variable')?.text;
  const body = node.childForFieldName('body');
  const values = node
    .childrenForFieldName('value')
    .flatMap((value) => expandWord(walker, value, state, context));
  const loop = { ...context, loop: true };
  if (!variable || !body) return;
  const decidable =
    !context.loop &&
    values.length > 0 &&
    values.length <= MAX_LOOP_VALUES &&
    values.every((word) => word.literal);
  if (!decidable) {
    state.opaque.add(variable);
    walkNode(walker, body, state, loop);
    return;
  }
  for (const value of values) {
    state.opaque.delete(variable);
    state.vars.set(variable, value.text);
    walkNode(walker, body, state, loop);
  }
}

function walkFunction(walker: Walker, node: SyntaxNode, state: ShellState, context: CommandContext): void {
  const name = node.childForFieldName('name')?.text;
  if (name) state.functions.add(name);
  const body = node.childForFieldName('body');
  // The body is judged where it is defined: whether and how often it is called does not matter.
  if (body) walkNode(walker, body, copyState(state), { ...context, functionBody: true });
}

function walkPipeline(
  walker: Walker,
  stages: SyntaxNode[],
  state: ShellState,
  context: CommandContext,
  leading: ShellCommand[],
): void {
  const produced: ShellCommand[][] = leading.length ? [leading] : [];
  const total = stages.length + produced.length;
  for (const stage of stages) {
    const index = produced.length;
    const before = walker.line.commands.length;
    // Past a few stages the upstream text is not decidable anyway; not copying it keeps this linear.
    const upstream = index > 0 && index <= MAX_DECIDABLE_STAGES ? produced.flat() : [];
    const stdin: Stdin | undefined = index > 0 ? { kind: 'pipe', from: upstream } : undefined;
    const stageContext = { ...context, pipeline: { stage: index, stages: total } };
    if (stage.type === 'command') walkCommand(walker, stage, copyState(state), stageContext, [], stdin);
    else if (stage.type === 'redirected_statement')
      walkRedirected(walker, stage, copyState(state), stageContext, stdin);
    else walkNode(walker, stage, copyState(state), stageContext);
    produced.push(walker.line.commands.slice(before).filter((c) => c.context.pipeline?.stage === index));
  }
}

function walkRedirected(
  walker: Walker,
  node: SyntaxNode,
  state: ShellState,
  context: CommandContext,
  stdin?: Stdin,
): void {
  const body = node.childForFieldName('body');
  const redirects: Redirect[] = [];
  let heredocTail: SyntaxNode[] = [];
  for (const child of node.childrenForFieldName('redirect')) {
    if (child.type === 'heredoc_redirect') {
      const parsed = heredoc(walker, child, state, context);
      redirects.push(...parsed.redirects);
      heredocTail = parsed.tail;
    } else redirects.push(...redirect(walker, child, state, context));
  }
  if (!body) return;
  const before = walker.line.commands.length;
  if (body.type === 'command') walkCommand(walker, body, state, context, redirects, stdin);
  else {
    walkNode(walker, body, state, context);
    // `{ a; b; } > f`: every command inside writes through the redirection.
    for (const command of walker.line.commands.slice(before)) command.redirects.push(...redirects);
    // What a group writes to a file is not worked out: running that file later is unknown code.
    for (const target of redirects) {
      if (
        (target.mode === 'write' || target.mode === 'append') &&
        target.fd === 1 &&
        state.cwd &&
        target.target.literal
      ) {
        state.written.set(resolve(state.cwd, target.target.text), undefined);
      }
    }
  }
  walkHeredocTail(walker, heredocTail, state, context, walker.line.commands.slice(before));
}

/** What tree-sitter-bash puts after a here-doc's start marker: `| sh`, `&& next`. */
function walkHeredocTail(
  walker: Walker,
  tail: SyntaxNode[],
  state: ShellState,
  context: CommandContext,
  head: ShellCommand[],
): void {
  for (const node of tail) {
    if (node.type === 'pipeline') {
      for (const command of head) command.context.pipeline = { stage: 0, stages: node.namedChildCount + 1 };
      walkPipeline(walker, node.namedChildren, state, context, head);
    } else walkNode(walker, node, state, { ...context, conditional: true });
  }
}

// Commands

function walkCommand(
  walker: Walker,
  node: SyntaxNode,
  state: ShellState,
  context: CommandContext,
  outerRedirects: Redirect[],
  stdin: Stdin | undefined,
): void {
  const assignments: Assignment[] = [];
  const words: Word[] = [];
  const redirects: Redirect[] = [];
  let programNode: SyntaxNode | undefined;
  let heredocTail: SyntaxNode[] = [];
  for (const child of node.namedChildren) {
    if (child.type === 'variable_assignment' && !programNode) {
      const name = child.childForFieldName('name')?.text ?? '';
      assignments.push({ name, value: assignmentValue(walker, child, state, context) });
    } else if (child.type === 'command_name') {
      programNode = child;
      words.push(...expandWord(walker, child.firstNamedChild ?? child, state, context));
    } else if (child.type.endsWith('_redirect') && child.type !== 'heredoc_redirect') {
      redirects.push(...redirect(walker, child, state, context));
    } else if (child.type === 'heredoc_redirect') {
      const parsed = heredoc(walker, child, state, context);
      redirects.push(...parsed.redirects);
      heredocTail = parsed.tail;
    } else if (programNode) {
      words.push(...expandWord(walker, child, state, context));
    }
  }
  redirects.push(...outerRedirects);
  const [programWord, ...args] = words;
  if (!programWord) return;
  const alias = state.aliases.get(programWord.text);
  if (alias !== undefined && programNode?.text === programWord.text) {
    const rest = node.namedChildren.filter((c) => c !== programNode && c.type !== 'variable_assignment');
    const text = [alias, ...rest.map((c) => c.text)].join(' ');
    walker.runScript(text, state, context, { kind: 'alias', name: programWord.text });
    return;
  }
  const hereText = redirects.find((r) => r.mode === 'here-doc' || r.mode === 'here-string');
  const command: ShellCommand = {
    program: programWord.literal && !state.programsRemapped ? normaliseProgram(programWord.text) : undefined,
    programWord,
    args,
    redirects,
    assignments,
    cwd: state.cwd,
    context,
    stdin: hereText ? { kind: 'text', text: hereText.target.text, literal: hereText.target.literal } : stdin,
  };
  walker.emit(command, state);
  trackBuiltin(walker, command, state);
  walkHeredocTail(walker, heredocTail, state, context, [command]);
}

/** Builtins that change what later commands on the line mean. */
function trackBuiltin(walker: Walker, command: ShellCommand, state: ShellState): void {
  const args = command.args;
  switch (command.program) {
    case 'cd':
    case 'pushd': {
      const target = args.find((word) => !word.text.startsWith('-') || word.text === '-');
      // With CDPATH set, a relative `cd x` may land in any of its folders.
      const prefix = command.assignments.find((a) => a.name === 'CDPATH');
      const cdpath = prefix
        ? { kind: 'value' as const, text: prefix.value.text }
        : lookup('CDPATH', state, walker.env);
      const searched =
        cdpath.kind === 'value' &&
        cdpath.text !== '' &&
        !target?.text.startsWith('/') &&
        !target?.text.startsWith('.');
      if (!target) state.cwd = command.program === 'cd' ? walker.env.home : state.cwd;
      else if (!target.literal || target.text === '-' || state.cwd === undefined || searched)
        state.cwd = undefined;
      else state.cwd = resolvePath(state.cwd, target.text);
      return;
    }
    case 'popd':
      state.cwd = undefined;
      return;
    case 'set': {
      // `set -- a b c` replaces the positional parameters.
      const dashes = args.findIndex((word) => word.text === '--');
      if (dashes >= 0)
        state.positional = ['bash', ...args.slice(dashes + 1).map((w) => (w.literal ? w.text : UNKNOWN))];
      return;
    }
    case 'trap': {
      // The handler runs later, as shell code.
      const handler = args.find((word) => !word.text.startsWith('-'));
      if (handler?.literal)
        walker.runScript(handler.text, copyState(state), command.context, {
          kind: 'shell-string',
          program: 'trap',
        });
      else if (handler) walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
      return;
    }
    case 'declare':
    case 'typeset':
    case 'local':
      // A nameref (`declare -n r=HOME`) stands for another variable: its value is not tracked.
      if (args.some((word) => /^-[a-zA-Z]*n/.test(word.text))) {
        for (const word of args) {
          const name = /^([A-Za-z_]\w*)/.exec(word.text)?.[1];
          if (name && !word.text.startsWith('-')) {
            state.vars.delete(name);
            state.opaque.add(name);
          }
        }
      }
      return;
    case 'alias':
      for (const word of args) {
        const equals = word.text.indexOf('=');
        if (equals > 0 && word.literal)
          state.aliases.set(word.text.slice(0, equals), word.text.slice(equals + 1));
      }
      return;
    case 'mapfile':
    case 'readarray':
    case 'read':
    case 'getopts':
    case 'printf':
      for (const word of args) if (/^[A-Za-z_]\w*$/.test(word.text)) state.opaque.add(word.text);
      return;
  }
}

function resolvePath(cwd: string, target: string): string {
  const parts = target.startsWith('/') ? [] : cwd.split('/').filter(Boolean);
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function walkDeclaration(walker: Walker, node: SyntaxNode, state: ShellState, context: CommandContext): void {
  const keyword = node.firstChild?.text ?? '';
  const args: Word[] = [];
  const assignments: Assignment[] = [];
  for (const child of node.namedChildren) {
    if (child.type === 'variable_assignment') {
      const name = child.childForFieldName('name')?.text ?? '';
      const value = assignmentValue(walker, child, state, context);
      assignments.push({ name, value });
      args.push({ text: `${name}=${value.text}`, literal: value.literal });
      assign(walker, child, state, value);
    } else if (child.type === 'variable_name') {
      args.push({ text: child.text, literal: true });
      if (keyword === 'unset') {
        state.vars.delete(child.text);
        state.opaque.delete(child.text);
      }
    } else args.push(...expandWord(walker, child, state, context));
  }
  const programWord = { text: keyword, literal: true };
  const command = {
    program: keyword,
    programWord,
    args,
    redirects: [],
    assignments: [],
    cwd: state.cwd,
    context,
  };
  walker.emit(command, state);
  trackBuiltin(walker, command, state);
}

function assignmentValue(walker: Walker, node: SyntaxNode, state: ShellState, context: CommandContext): Word {
  const value = node.childForFieldName('value');
  if (!value) return { text: '', literal: true };
  if (value.type === 'array') {
    const words = value.namedChildren.flatMap((child) => expandWord(walker, child, state, context));
    return { text: words.map((w) => w.text).join(' '), literal: words.every((w) => w.literal) };
  }
  const pattern = wordPattern(walker, value, state, context, false);
  const tilde =
    pattern.startsWith('~/') || pattern === '~' ? quoted(walker.env.home) + pattern.slice(1) : pattern;
  const text = patternValue(tilde);
  return { text: text.replaceAll(UNKNOWN, '…'), literal: !text.includes(UNKNOWN) };
}

/** Longer values are only known at run time: doubling a variable in a loop cannot exhaust memory. */
const MAX_VALUE_LENGTH = 64 * 1024;

function assign(walker: Walker, node: SyntaxNode, state: ShellState, known?: Word): void {
  const nameNode = node.childForFieldName('name');
  const name = nameNode?.text;
  if (nameNode && nameNode.type !== 'variable_name') expandNested(walker, nameNode, state, rootContext());
  // BASH_CMDS[ls]=/bin/rm makes `ls` run /bin/rm, as `hash -p` does.
  if (name && /^BASH_(?:CMDS|ALIASES)\b/.test(name)) state.programsRemapped = true;
  if (!name || nameNode?.type !== 'variable_name') return;
  const value = known ?? assignmentValue(walker, node, state, rootContext());
  const append = node.children.some((child) => child.type === '+=');
  const previous = append ? (state.vars.get(name) ?? '') : '';
  const text = previous + (value.literal ? value.text : value.text.replaceAll('…', UNKNOWN));
  state.opaque.delete(name);
  state.vars.set(name, text.length > MAX_VALUE_LENGTH ? UNKNOWN : text);
}

// Redirections

const REDIRECT_MODES: Record<string, RedirectMode> = {
  '>': 'write',
  '>|': 'write',
  '&>': 'write',
  '>>': 'append',
  '&>>': 'append',
  '<': 'read',
  '<>': 'write',
  '>&': 'duplicate',
  '<&': 'duplicate',
};

function redirect(walker: Walker, node: SyntaxNode, state: ShellState, context: CommandContext): Redirect[] {
  if (node.type === 'herestring_redirect') {
    const body = node.namedChildren.at(-1);
    const text = body ? wordText(walker, body, state, context) : { text: '', literal: true };
    return [{ fd: 0, mode: 'here-string', target: { ...text, text: `${text.text}\n` } }];
  }
  const operator = node.children.find((child) => !child.isNamed && child.type in REDIRECT_MODES)?.type ?? '>';
  const mode = REDIRECT_MODES[operator] ?? 'write';
  const descriptor = node.childForFieldName('descriptor')?.text;
  const fd = descriptor ? Number(descriptor) : operator.startsWith('<') ? 0 : 1;
  const destination = node.childForFieldName('destination');
  if (!destination) return [];
  const targets = expandWord(walker, destination, state, context);
  const isDescriptor = /^(?:\d+|-)$/.test(destination.text) && (operator === '>&' || operator === '<&');
  return targets.map((target) => ({ fd, mode: isDescriptor ? 'duplicate' : mode, target }));
}

function heredoc(
  walker: Walker,
  node: SyntaxNode,
  state: ShellState,
  context: CommandContext,
): { redirects: Redirect[]; tail: SyntaxNode[] } {
  const start = node.children.find((child) => child.type === 'heredoc_start')?.text ?? '';
  const body = node.children.find((child) => child.type === 'heredoc_body');
  const quotedDelimiter = /['"\\]/.test(start);
  let text = body?.text ?? '';
  let literal = true;
  if (body && !quotedDelimiter) {
    // Expansions inside an unquoted here-doc run, and their values are part of the text.
    text = '';
    let rest = body.text;
    for (const child of body.namedChildren) {
      if (child.type === 'heredoc_content') continue;
      const at = rest.indexOf(child.text);
      if (at < 0) continue;
      const value = wordText(walker, child, state, context);
      literal &&= value.literal;
      text += rest.slice(0, at) + value.text;
      rest = rest.slice(at + child.text.length);
    }
    text += rest;
  }
  const redirects: Redirect[] = [{ fd: 0, mode: 'here-doc', target: { text, literal } }];
  const tail: SyntaxNode[] = [];
  for (const child of node.namedChildren) {
    if (child.type === 'file_redirect') redirects.push(...redirect(walker, child, state, context));
    else if (!['heredoc_start', 'heredoc_body', 'heredoc_end'].includes(child.type)) tail.push(child);
  }
  return { redirects, tail };
}

// Words

/** A word's fields after every expansion: zero, one or many. */
function expandWord(walker: Walker, node: SyntaxNode, state: ShellState, context: CommandContext): Word[] {
  const secrets: string[] = [];
  const pattern = wordPattern(walker, node, state, context, false, secrets);
  return finishWord(pattern, options(walker, state), secrets);
}

/** A word as one string, without splitting or globbing (here-strings, here-doc expansions). */
function wordText(walker: Walker, node: SyntaxNode, state: ShellState, context: CommandContext): Word {
  const secretVars: string[] = [];
  const text = patternValue(wordPattern(walker, node, state, context, true, secretVars));
  const word: Word = { text: text.replaceAll(UNKNOWN, '…'), literal: !text.includes(UNKNOWN) };
  return secretVars.length ? { ...word, secretVars } : word;
}

/** Runs the substitutions inside a node that is not a command word (`[[ -f $(x) ]]`). */
function expandNested(walker: Walker, node: SyntaxNode, state: ShellState, context: CommandContext): void {
  for (const child of node.descendantsOfType(['command_substitution', 'process_substitution'])) {
    if (child.parent && hasSubstitutionAncestor(child.parent, node)) continue;
    substitution(walker, child, state, context);
  }
}

function hasSubstitutionAncestor(node: SyntaxNode, stop: SyntaxNode): boolean {
  for (let current: SyntaxNode | null = node; current && current !== stop; current = current.parent) {
    if (current.type === 'command_substitution' || current.type === 'process_substitution') return true;
  }
  return false;
}

/** The output of `$(...)` when it is decidable (`$(echo rm)`, `$(pwd)`), else UNKNOWN. */
function substitution(walker: Walker, node: SyntaxNode, state: ShellState, context: CommandContext): string {
  const inner = copyState(state);
  const before = walker.line.commands.length;
  const via: Via = { kind: 'substitution' };
  const innerContext = { ...context, subshell: true, via: [...context.via, via] };
  // `$(< file)` is bash's way of reading a file: the same as `$(cat file)`.
  const onlyRedirect = node.namedChildren.length === 1 && node.firstNamedChild?.type === 'file_redirect';
  if (onlyRedirect && node.firstNamedChild) {
    for (const read of redirect(walker, node.firstNamedChild, inner, innerContext)) {
      const cat = { text: 'cat', literal: true };
      walker.emit(
        {
          program: 'cat',
          programWord: cat,
          args: [read.target],
          redirects: [],
          assignments: [],
          cwd: inner.cwd,
          context: innerContext,
        },
        inner,
      );
    }
    return UNKNOWN;
  }
  walkSequence(walker, node, inner, innerContext);
  const produced = walker.line.commands
    .slice(before)
    .filter((c) => c.context.via.length === context.via.length + 1);
  if (node.type === 'process_substitution') {
    const path = `/dev/fd/${63 + walker.line.processOutputs.size}`;
    walker.line.processOutputs.set(path, produced);
    return path;
  }
  const output = staticOutput(produced, walker.env);
  return output === undefined ? UNKNOWN : output.replace(/\n+$/, '');
}

function wordPattern(
  walker: Walker,
  node: SyntaxNode,
  state: ShellState,
  context: CommandContext,
  inQuotes: boolean,
  secrets: string[] = [],
): string {
  const value = (text: string) => (inQuotes ? quoted(text) : unquotedValue(text, ifs(walker, state)));
  switch (node.type) {
    case 'word':
    case 'number':
    case 'regex':
    case 'extglob_pattern':
      return inQuotes ? quoted(node.text) : unquotedWord(node.text);
    case 'raw_string':
      return quoted(node.text.slice(1, -1));
    case 'ansi_c_string':
      return quoted(decodeAnsiC(node.text.slice(2, -1)));
    case 'string':
    case 'translated_string':
      return stringPattern(walker, node, state, context, secrets);
    case 'string_content':
      return quoted(node.text);
    case 'concatenation':
      return node.children
        .map((child) => wordPattern(walker, child, state, context, inQuotes, secrets))
        .join('');
    case 'simple_expansion':
    case 'expansion':
      return parameter(walker, node, state, context, secrets, inQuotes);
    case 'command_substitution':
    case 'process_substitution': {
      const output = substitution(walker, node, state, context);
      return output === UNKNOWN ? UNKNOWN : value(output);
    }
    case 'arithmetic_expansion':
      expandNested(walker, node, state, context);
      return UNKNOWN;
    case 'brace_expression':
      return node.text;
    default:
      if (node.namedChildCount === 0) return inQuotes ? quoted(node.text) : unquotedWord(node.text);
      return node.children
        .map((child) => wordPattern(walker, child, state, context, inQuotes, secrets))
        .join('');
  }
}

/** An unquoted word as written: `\x` is a literal x; everything else keeps its meaning. */
function unquotedWord(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '\\') {
      const next = text[i + 1];
      i++;
      if (next === undefined || next === '\n') continue;
      out += `\\${next}`;
    } else out += char;
  }
  return out;
}

function stringPattern(
  walker: Walker,
  node: SyntaxNode,
  state: ShellState,
  context: CommandContext,
  secrets: string[],
): string {
  const open = node.text.startsWith('$"') ? 2 : 1;
  if (node.namedChildCount === 0) return quoted(unescapeDoubleQuoted(node.text.slice(open, -1)));
  // Literal text runs from part to part: a newline splits string_content in two, and the text
  // between the parts belongs to the string as much as the parts do.
  const literalRun = (from: number, to: number) =>
    to > from
      ? quoted(unescapeDoubleQuoted(node.text.slice(from - node.startIndex, to - node.startIndex)))
      : '';
  let out = '';
  let runStart = node.startIndex + open;
  for (const child of node.namedChildren) {
    if (child.type === 'string_content') continue;
    out += literalRun(runStart, child.startIndex);
    out += wordPattern(walker, child, state, context, true, secrets);
    runStart = child.endIndex;
  }
  out += literalRun(runStart, node.endIndex - 1);
  return out.length ? out : PRESENT;
}

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_, char: string) => (char === '\n' ? '' : char));
}

function parameter(
  walker: Walker,
  node: SyntaxNode,
  state: ShellState,
  context: CommandContext,
  secrets: string[],
  inQuotes: boolean,
): string {
  const value = (text: string) => (inQuotes ? quoted(text) : unquotedValue(text, ifs(walker, state)));
  // `${x/a/$(cmd)}`, `${x[$(cmd)]}`, `${x:?$(cmd)}`: bash may run these whatever the value.
  if (node.type === 'expansion') expandNested(walker, node, state, context);
  const nameNode = node.namedChildren.find((child) =>
    ['variable_name', 'special_variable_name', 'subscript'].includes(child.type),
  );
  if (!nameNode) return UNKNOWN;
  if (nameNode.type === 'subscript') return UNKNOWN;
  const name = nameNode.text;
  const operators = node.children
    .filter((child) => !child.isNamed && child !== node.firstChild)
    .map((c) => c.type);
  const prefix = node.children[1] && !node.children[1].isNamed ? node.children[1].type : undefined;
  if (node.type === 'expansion' && (prefix === '#' || prefix === '!')) return UNKNOWN;
  let current: string | undefined;
  if (nameNode.type === 'special_variable_name') {
    if (name === '@' || name === '*') current = state.positional ? state.positional.slice(1).join(' ') : '';
    else if (name === '#') current = String(Math.max(0, (state.positional?.length ?? 1) - 1));
    else current = UNKNOWN;
  } else {
    const found = lookup(name, state, walker.env);
    if (found.kind === 'secret') {
      secrets.push(name);
      return UNKNOWN;
    }
    current = found.kind === 'value' ? found.text : undefined;
  }
  if (node.type === 'simple_expansion' || operators.length <= 1) return value(current ?? '');
  const operator = operators.find((op) => op !== '}' && op !== '${') ?? '';
  const argumentNode = node.namedChildren.find((child) => child !== nameNode);
  const argument = () =>
    argumentNode ? patternValue(wordPattern(walker, argumentNode, state, context, true, secrets)) : '';
  switch (operator) {
    case ':-':
    case ':=':
      return value(current ? current : argument());
    case '-':
    case '=':
      return value(current !== undefined ? current : argument());
    case ':+':
      return value(current ? argument() : '');
    case '+':
      return value(current !== undefined ? argument() : '');
    case ':?':
    case '?':
      return value(current ?? '');
    case '#':
    case '##':
    case '%':
    case '%%': {
      const pattern = argument();
      if (current === undefined) return PRESENT;
      if (/[*?[]/.test(pattern) || current.includes(UNKNOWN)) return UNKNOWN;
      if (operator.startsWith('#'))
        return value(current.startsWith(pattern) ? current.slice(pattern.length) : current);
      return value(current.endsWith(pattern) ? current.slice(0, current.length - pattern.length) : current);
    }
    default:
      return UNKNOWN;
  }
}

/** The field separators: `$IFS` as set on the line, else bash's default. */
function ifs(walker: Walker, state: ShellState): string {
  const found = lookup('IFS', state, walker.env);
  return found.kind === 'value' ? found.text : ' \t\n';
}

/** `$'...'`: bash's ANSI-C escapes. */
function decodeAnsiC(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[++i] ?? '';
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      e: '\x1b',
      E: '\x1b',
      f: '\f',
      v: '\v',
      '\\': '\\',
      "'": "'",
      '"': '"',
      '?': '?',
    };
    if (next in simple) out += simple[next];
    else if (next === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 1))?.[0] ?? '';
      out += hex ? String.fromCharCode(Number.parseInt(hex, 16)) : '\\x';
      i += hex.length;
    } else if (next === 'u' || next === 'U') {
      const hex = new RegExp(`^[0-9a-fA-F]{1,${next === 'u' ? 4 : 8}}`).exec(body.slice(i + 1))?.[0] ?? '';
      const code = hex ? Number.parseInt(hex, 16) : Number.NaN;
      out += Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : `\\${next}`;
      i += hex.length;
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i))?.[0] ?? '';
      out += String.fromCharCode(Number.parseInt(octal, 8) & 0xff);
      i += octal.length - 1;
    } else if (next === 'c') {
      const control = body[++i] ?? '';
      out += String.fromCharCode(control.toUpperCase().charCodeAt(0) & 0x1f);
    } else out += `\\${next}`;
  }
  return out;
}
