// Calls in a token stream (Perl, Ruby, PHP): the arguments after a callee, read with or without
// parentheses, their literal values, and the sinks that turn a call into effects. Argument lists
// are read at most MAX_ARG_TOKENS tokens far, so nested calls cannot make scanning quadratic.
import type { Findings } from './effects';
import { commandLine, hostOf, hostOfUrlStart, isNetworkUrl } from './literals';
import type { Token } from './scan-tokens';

const MAX_ARG_TOKENS = 400;
const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
/** A line ending after these continues the statement (Ruby's `system 'a',\n 'b'`). */
const CONTINUATIONS = new Set([',', '(', '[', '{', '.', '+', '=>', '\\', '&&', '||']);

export interface Arg {
  tokens: Token[];
  /** The key of `key => value` (Perl, PHP, Ruby) or `key: value` (Ruby). */
  key?: string;
}

export interface ArgRules {
  /** Words that end an argument list written without parentheses (`system "x" if $y`). */
  stopWords: ReadonlySet<string>;
  /** The string concatenation operator: `.` in Perl and PHP, `+` in Ruby. */
  concat: string;
}

export interface ScanCall {
  at: number;
  name: string;
  args: Arg[];
  /** False when the argument list was too long or never closed: its arguments are unknown. */
  complete: boolean;
  concat: string;
  out: Findings;
  /** Analyses code given as a literal (`eval "..."`) as code of the same language. */
  nested(code: string): void;
}

export type ScanSink = (call: ScanCall) => void;

const isPunct = (token: Token | undefined, text: string): boolean =>
  token?.kind === 'punct' && token.text === text;

/** The arguments of the call whose callee ends just before `start`, and where they end. */
export function readArgs(
  tokens: readonly Token[],
  start: number,
  rules: ArgRules,
): { args: Arg[]; complete: boolean; end: number } {
  if (isPunct(tokens[start], '(')) {
    const close = matchingClose(tokens, start);
    if (close < 0) return { args: [], complete: false, end: start + 1 };
    return { args: splitArgs(tokens, start + 1, close), complete: true, end: close + 1 };
  }
  let depth = 0;
  let i = start;
  for (; i < tokens.length; i += 1) {
    if (i - start > MAX_ARG_TOKENS) return { args: [], complete: false, end: i };
    const token = tokens[i] as Token;
    if (token.kind === 'punct' && OPENERS.has(token.text)) depth += 1;
    else if (token.kind === 'punct' && CLOSERS.has(token.text)) {
      if (depth === 0) break;
      depth -= 1;
    } else if (depth > 0) continue;
    else if (isPunct(token, ';')) break;
    else if (token.kind === 'word' && rules.stopWords.has(token.text)) break;
    else if (token.kind === 'newline') {
      const previous = tokens[i - 1];
      if (!(previous?.kind === 'punct' && CONTINUATIONS.has(previous.text))) break;
    }
  }
  return { args: splitArgs(tokens, start, i), complete: true, end: i };
}

/** The index of the bracket closing the one at `open`, or -1 (also past MAX_ARG_TOKENS). */
export function matchingClose(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length && i - open <= MAX_ARG_TOKENS; i += 1) {
    const token = tokens[i] as Token;
    if (token.kind !== 'punct') continue;
    if (OPENERS.has(token.text)) depth += 1;
    else if (CLOSERS.has(token.text)) {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits tokens [from, to) at top-level commas; `key =>` and `key:` name the argument. */
export function splitArgs(tokens: readonly Token[], from: number, to: number): Arg[] {
  const args: Arg[] = [];
  let current: Arg = { tokens: [] };
  let depth = 0;
  for (let i = from; i < to; i += 1) {
    const token = tokens[i] as Token;
    if (token.kind === 'newline') continue;
    if (token.kind === 'punct' && depth === 0 && token.text === ',') {
      args.push(current);
      current = { tokens: [] };
      continue;
    }
    if (token.kind === 'punct' && depth === 0 && token.text === '=>' && current.tokens.length === 1) {
      const key = current.tokens[0] as Token;
      current = { tokens: [], key: key.kind === 'word' ? key.text : (key.value ?? '') };
      continue;
    }
    if (token.kind === 'label' && current.tokens.length === 0 && current.key === undefined) {
      current.key = token.text;
      continue;
    }
    if (token.kind === 'punct' && OPENERS.has(token.text)) depth += 1;
    else if (token.kind === 'punct' && CLOSERS.has(token.text)) depth -= 1;
    current.tokens.push(token);
  }
  if (current.tokens.length > 0 || current.key !== undefined) args.push(current);
  return args;
}

/** The tokens inside any number of wrapping parentheses: `(("a"))` → `"a"`. */
function unwrap(tokens: readonly Token[]): readonly Token[] {
  let inner = tokens;
  while (inner.length >= 2 && isPunct(inner[0], '(') && matchingClose(inner, 0) === inner.length - 1) {
    inner = inner.slice(1, -1);
  }
  return inner;
}

/** The value of a literal string, or of literals joined by the concatenation operator. */
export function literalOf(arg: Arg | undefined, concat: string): string | undefined {
  if (!arg) return undefined;
  const tokens = unwrap(arg.tokens);
  if (tokens.length % 2 === 0) return undefined;
  let text = '';
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    if (i % 2 === 1) {
      if (!isPunct(token, concat)) return undefined;
    } else if (token.kind === 'string' && token.value !== undefined) text += token.value;
    else if (token.kind === 'number') text += token.text;
    else return undefined;
  }
  return text;
}

/** A literal list: qw(a b), %w(a b), ['a', 'b'], array('a', 'b'). */
export function listOf(arg: Arg | undefined, concat: string): string[] | undefined {
  if (!arg) return undefined;
  const tokens = unwrap(arg.tokens);
  const [first] = tokens;
  if (tokens.length === 1 && first?.kind === 'words') return first.items;
  const bracketed = isPunct(first, '[') && matchingClose(tokens, 0) === tokens.length - 1;
  const arrayCall =
    first?.kind === 'word' &&
    first.text.toLowerCase() === 'array' &&
    matchingClose(tokens, 1) === tokens.length - 1;
  if (!bracketed && !arrayCall) return undefined;
  const items = splitArgs(tokens, bracketed ? 1 : 2, tokens.length - 1);
  const values = items.map((item) => literalOf(item, concat));
  return values.every((value) => value !== undefined) ? (values as string[]) : undefined;
}

/** The host a network argument names: a literal URL or host, or a URL whose start is literal. */
export function hostIn(arg: Arg | undefined, concat: string): string | undefined {
  if (!arg) return undefined;
  const whole = literalOf(arg, concat);
  if (whole !== undefined) return hostOf(whole);
  // The first string inside, as in URI('https://x.org/a') or "https://x.org/#{path}".
  const first = arg.tokens.find((token) => token.kind === 'string');
  if (!first) return undefined;
  return first.value === undefined ? hostOfUrlStart(first.start ?? '') : hostOf(first.value);
}

const startsWithUrl = (arg: Arg): boolean =>
  arg.tokens.some((token) => token.kind === 'string' && isNetworkUrl(token.start ?? ''));

/**
 * A method that fetches (`$ua->get("https://...")`, `client.post(url)`), whatever object it is
 * called on: reported when an argument is a URL. Returns whether it was.
 */
export function fetchesUrl(call: ScanCall): boolean {
  const url = call.args.find(startsWithUrl);
  if (url) call.out.network(call.at, detailOf(call), hostIn(url, call.concat));
  return url !== undefined;
}

export const positional = (call: ScanCall): Arg[] => call.args.filter((arg) => arg.key === undefined);
/** How an effect's detail names the call: `system()`, `FileUtils.rm_rf()`. */
export const detailOf = (call: ScanCall): string => `${call.name}()`;
const detail = detailOf;

/** A command as one string, or as a list of literal words (argv): `system('rm', '-rf', 'x')`. */
export function commandOf(args: readonly Arg[], concat: string): string | undefined {
  if (args.length === 1) {
    const only = args[0];
    const text = literalOf(only, concat);
    if (text !== undefined) return text;
    const argv = listOf(only, concat);
    return argv && commandLine(argv);
  }
  const words = args.map((arg) => literalOf(arg, concat));
  return words.length > 0 && words.every((word) => word !== undefined)
    ? commandLine(words as string[])
    : undefined;
}

/** Runs its arguments: one command string, or argv as a list or as several arguments. */
export const spawnArgs: ScanSink = (call) =>
  call.out.spawn(call.at, detail(call), call.complete ? commandOf(positional(call), call.concat) : undefined);

/** Runs its first argument only (PHP's exec($command, $output)). */
export const spawnFirst: ScanSink = (call) =>
  call.out.spawn(
    call.at,
    detail(call),
    call.complete ? commandOf(positional(call).slice(0, 1), call.concat) : undefined,
  );

/** Deletes each argument (a path or a list of paths); with no literal argument, an unknown path. */
export const removeEach =
  (recursive: boolean): ScanSink =>
  (call) => {
    let reported = false;
    for (const arg of positional(call)) {
      const paths = listOf(arg, call.concat) ?? [literalOf(arg, call.concat)];
      for (const path of paths) {
        call.out.delete(call.at, detail(call), path, recursive);
        reported = true;
      }
    }
    if (!reported) call.out.delete(call.at, detail(call), undefined, recursive);
  };

export const readAt =
  (index: number): ScanSink =>
  (call) =>
    call.out.read(call.at, detail(call), literalOf(positional(call)[index], call.concat));

export const writeAt =
  (index: number): ScanSink =>
  (call) =>
    call.out.write(call.at, detail(call), literalOf(positional(call)[index], call.concat));

/** chmod/chown/utime: the files after the leading mode, owner or times. */
export const writeFilesAfter =
  (skip: number): ScanSink =>
  (call) => {
    const files = positional(call).slice(skip);
    if (files.length === 0) call.out.write(call.at, detail(call), undefined);
    for (const file of files) {
      for (const path of listOf(file, call.concat) ?? [literalOf(file, call.concat)]) {
        call.out.write(call.at, detail(call), path);
      }
    }
  };

export const copyArgs: ScanSink = (call) => {
  readAt(0)(call);
  writeAt(1)(call);
};

/** A rename takes the source away (a whole tree for a directory) and writes the destination. */
export const moveArgs: ScanSink = (call) => {
  call.out.delete(call.at, detail(call), literalOf(positional(call)[0], call.concat), true);
  writeAt(1)(call);
};

/** Reaches the host its first argument names (or no known host). */
export const networkAt =
  (index: number): ScanSink =>
  (call) =>
    call.out.network(call.at, detail(call), hostIn(positional(call)[index], call.concat));

/** Reaches the network, at a host its arguments do not name (a socket, a user agent). */
export const networkUnnamed: ScanSink = (call) => call.out.network(call.at, detail(call), undefined);

/** Reaches the host a keyed argument names (`PeerAddr => 'h:1'`), or its first argument. */
export const networkKeyed =
  (keys: readonly string[]): ScanSink =>
  (call) => {
    const keyed = call.args.find((arg) => arg.key !== undefined && keys.includes(arg.key.toLowerCase()));
    call.out.network(call.at, detail(call), hostIn(keyed ?? positional(call)[0], call.concat));
  };

/** eval of a literal is analysed as code; eval of anything else is code that cannot be read. */
export const evaluateAt =
  (index: number): ScanSink =>
  (call) => {
    const code = literalOf(positional(call)[index], call.concat);
    if (code !== undefined && call.complete) call.nested(code);
    else call.out.dynamic(call.at, `${detail(call)} of code computed at run time`);
  };

export const dynamicCode =
  (why: string): ScanSink =>
  (call) =>
    call.out.dynamic(call.at, `${detail(call)} ${why}`);

/** A sink table from groups of names that share a sink. */
export function sinkTable(
  entries: ReadonlyArray<[readonly string[], ScanSink]>,
): ReadonlyMap<string, ScanSink> {
  return new Map(entries.flatMap(([names, sink]) => names.map((name) => [name, sink] as const)));
}
