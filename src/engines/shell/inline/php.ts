// PHP given to `php -r` or on stdin: system/exec/shell_exec/passthru/popen/proc_open/backticks,
// unlink/rmdir, file reads and writes (a URL is a download), curl and sockets, eval and every way
// of calling a function by a name held in a value, read from php-lexer.ts's tokens.

import type { Findings, InlineEffect } from './effects';
import { PHP_ENVIRONMENT } from './environment';
import { commandLine, isNetworkUrl } from './literals';
import { lexPhp } from './php-lexer';
import {
  type Arg,
  copyArgs,
  detailOf,
  dynamicCode,
  evaluateAt,
  fetchesUrl,
  hostIn,
  listOf,
  literalOf,
  matchingClose,
  moveArgs,
  networkAt,
  networkUnnamed,
  positional,
  readArgs,
  type ScanCall,
  type ScanSink,
  sinkTable,
  spawnFirst,
  splitArgs,
  writeAt,
  writeFilesAfter,
} from './scan-calls';
import { type NestedCode, scannedEffects } from './scan-effects';
import type { Token } from './scan-tokens';

const RULES = { stopWords: new Set<string>(), concat: '.' };

/** Reads a file, or downloads when the name is a URL (PHP's wrappers make them the same call). */
const readOrDownload =
  (index: number): ScanSink =>
  (call) => {
    const arg = positional(call)[index];
    const start = arg?.tokens.find((token) => token.kind === 'string')?.start ?? '';
    if (isNetworkUrl(literalOf(arg, '.') ?? start))
      call.out.network(call.at, detailOf(call), hostIn(arg, '.'));
    else call.out.read(call.at, detailOf(call), literalOf(arg, '.'));
  };

/** fopen(path, mode): reading for 'r', writing for w, a, x, c or '+'; a URL is a download. */
const fopen: ScanSink = (call) => {
  const [path, modeArg] = positional(call);
  const literal = literalOf(path, '.');
  if (isNetworkUrl(literal ?? path?.tokens[0]?.start ?? '')) {
    call.out.network(call.at, detailOf(call), hostIn(path, '.'));
    return;
  }
  const mode = literalOf(modeArg, '.');
  if (mode === undefined || mode.startsWith('r')) call.out.read(call.at, detailOf(call), literal);
  if (mode === undefined || /[waxc+]/.test(mode)) call.out.write(call.at, detailOf(call), literal);
};

const removeFirst: ScanSink = (call) =>
  call.out.delete(call.at, detailOf(call), literalOf(positional(call)[0], '.'), false);

/** pcntl_exec(path, [args]) runs path with args. */
const pcntlExec: ScanSink = (call) => {
  const [path, args] = positional(call);
  const program = literalOf(path, '.');
  const argv = args ? listOf(args, '.') : [];
  call.out.spawn(
    call.at,
    detailOf(call),
    program !== undefined && argv ? commandLine([program, ...argv]) : undefined,
  );
};

/** curl_setopt($ch, CURLOPT_URL, $url) names the host a later curl_exec reaches. */
const curlSetopt: ScanSink = (call) => {
  const [, option, value] = positional(call);
  if (option?.tokens[0]?.text === 'CURLOPT_URL')
    call.out.network(call.at, detailOf(call), hostIn(value, '.'));
};

/** preg_replace('/.../e', $code, ...) evaluates the replacement as PHP (before PHP 7). */
const pregReplace: ScanSink = (call) => {
  const pattern = literalOf(positional(call)[0], '.');
  if (pattern === undefined) return;
  const close = { '(': ')', '[': ']', '{': '}', '<': '>' }[pattern[0] ?? ''] ?? pattern[0] ?? '';
  const flags = pattern.slice(pattern.lastIndexOf(close) + 1);
  if (flags.includes('e'))
    call.out.dynamic(call.at, 'preg_replace() with /e evaluates the replacement as code');
};

/** assert('code') evaluated a string as PHP before PHP 8; assert($x > 0) evaluates nothing. */
const assertString: ScanSink = (call) => {
  const first = positional(call)[0];
  if (first?.tokens.length === 1 && first.tokens[0]?.kind === 'string') evaluateAt(0)(call);
};

const SINKS = sinkTable([
  [['system', 'exec', 'shell_exec', 'passthru', 'popen', 'proc_open', 'expect_popen'], spawnFirst],
  [['pcntl_exec'], pcntlExec],
  [['unlink', 'rmdir'], removeFirst],
  [['rename', 'move_uploaded_file'], moveArgs],
  [['copy'], copyArgs],
  [
    ['file_get_contents', 'file', 'readfile', 'parse_ini_file', 'highlight_file', 'show_source'],
    readOrDownload(0),
  ],
  [['simplexml_load_file', 'get_headers', 'getimagesize'], readOrDownload(0)],
  [['fopen'], fopen],
  [['file_put_contents', 'touch', 'truncate'], writeAt(0)],
  [['chmod', 'chown', 'chgrp'], writeAt(0)],
  [['lchown', 'lchgrp'], writeFilesAfter(0)],
  [['symlink', 'link'], writeAt(1)],
  [
    ['curl_init', 'fsockopen', 'pfsockopen', 'stream_socket_client', 'gethostbyname', 'dns_get_record'],
    networkAt(0),
  ],
  [['ftp_connect', 'ftp_ssl_connect', 'ssh2_connect', 'ldap_connect', 'new soapclient'], networkAt(0)],
  [['socket_connect'], networkAt(1)],
  [['curl_setopt'], curlSetopt],
  [['curl_exec', 'curl_multi_exec', 'socket_create', 'mail'], networkUnnamed],
  [['eval'], evaluateAt(0)],
  [['assert'], assertString],
  [['preg_replace'], pregReplace],
  [['create_function'], dynamicCode('builds a function from a string')],
  [['dl', 'ffi::cdef', 'ffi::load'], dynamicCode('loads native code')],
]);

/** Functions that call a function given by name: naming a sink there is calling it. */
const CALLBACK_TAKERS = new Set([
  'array_map',
  'array_filter',
  'array_walk',
  'array_walk_recursive',
  'array_reduce',
  'usort',
  'uasort',
  'uksort',
  'register_shutdown_function',
  'register_tick_function',
  'iterator_apply',
  'preg_replace_callback',
  'ob_start',
  'set_error_handler',
  'spl_autoload_register',
]);
const CALL_BY_NAME = new Set(['call_user_func', 'call_user_func_array', 'forward_static_call']);
const INCLUDES = new Set(['include', 'include_once', 'require', 'require_once']);
const URL_METHODS = new Set(['->get', '->post', '->put', '->delete', '->head', '->patch', '->request']);

export function phpEffects(code: string): InlineEffect[] {
  return scannedEffects(LANGUAGE, code, LEXER, judgeTokens, PHP_ENVIRONMENT);
}

const LANGUAGE = 'php';
// eval'd PHP is code without tags, like `php -r`: the lexer reads it as code throughout.
const LEXER = lexPhp;

function judgeTokens(tokens: readonly Token[], out: Findings, nested: NestedCode) {
  return (i: number) => {
    const token = tokens[i] as Token;
    const next = tokens[i + 1];
    if (token.kind === 'word') judgeWord(tokens, i, out, nested);
    else if (token.kind === 'variable' && next?.text === '(') {
      out.dynamic(token.at, `a call of the function named by ${token.text}`);
    } else if (token.kind === 'string' && next?.text === '(' && tokens[i - 1]?.text !== '->') {
      // 'system'('id') calls system.
      callByName(token.value, token.at, readArgs(tokens, i + 1, RULES), out, nested);
    }
  };
}

/** What a word calls: `system`, `Class::method`, `->method`, `new Class`; lower case throughout. */
function calleeName(tokens: readonly Token[], i: number): string | undefined {
  const token = tokens[i] as Token;
  const previous = tokens[i - 1];
  const word = token.text.replace(/^\\/, '').toLowerCase();
  if (previous?.text === 'function' || previous?.text === 'const') return undefined;
  if (previous?.text === '->') return `->${word}`;
  if (previous?.text === 'new') return `new ${word}`;
  if (previous?.text === '::') {
    const owner = tokens[i - 2];
    return owner?.kind === 'word' ? `${owner.text.replace(/^\\/, '').toLowerCase()}::${word}` : undefined;
  }
  // A namespaced name (`Foo\system`) is not the global function.
  return word.includes('\\') ? undefined : word;
}

function judgeWord(tokens: readonly Token[], i: number, out: Findings, nested: NestedCode): void {
  const name = calleeName(tokens, i);
  if (name === undefined) return;
  const at = (tokens[i] as Token).at;
  if (INCLUDES.has(name)) {
    const { args } = readArgs(tokens, i + 1, RULES);
    const file = literalOf(args[0], '.');
    if (file === undefined) out.dynamic(at, `${name} of a file named at run time`);
    else if (isNetworkUrl(file)) out.dynamic(at, `${name} of code from ${file}`);
    return;
  }
  if (tokens[i + 1]?.text !== '(') return;
  // Arguments are read only for calls that can matter: reading them for every call costs time.
  if (!SINKS.has(name) && !CALL_BY_NAME.has(name) && !CALLBACK_TAKERS.has(name) && !URL_METHODS.has(name))
    return;
  const read = readArgs(tokens, i + 1, RULES);
  const call: ScanCall = { at, name, ...read, concat: '.', out, nested: (inner) => nested(at, inner) };
  const sink = SINKS.get(name);
  if (sink) sink(call);
  else if (CALL_BY_NAME.has(name)) judgeCallByName(call, nested);
  else if (CALLBACK_TAKERS.has(name)) judgeCallbacks(call);
  else if (URL_METHODS.has(name)) fetchesUrl(call);
}

/** call_user_func('system', 'id'), call_user_func_array('system', ['id']). */
function judgeCallByName(call: ScanCall, nested: NestedCode): void {
  const [callee, ...rest] = positional(call);
  const name = literalOf(callee, '.');
  if (name === undefined) {
    call.out.dynamic(call.at, `${call.name}() of a function named at run time`);
    return;
  }
  const args = call.name === 'call_user_func_array' ? arrayItems(rest[0]) : rest;
  callByName(name, call.at, { args, complete: call.complete && args !== undefined }, call.out, nested);
}

/** The items of a literal array argument (`['id']`, `array('id')`). */
function arrayItems(arg: Arg | undefined): Arg[] {
  const tokens = arg?.tokens ?? [];
  const open = tokens[0]?.text === '[' ? 0 : tokens[1]?.text === '(' ? 1 : -1;
  if (open < 0 || matchingClose(tokens, open) !== tokens.length - 1) return [];
  return splitArgs(tokens, open + 1, tokens.length - 1);
}

function callByName(
  name: string | undefined,
  at: number,
  read: { args: Arg[]; complete: boolean },
  out: Findings,
  nested: NestedCode,
): void {
  if (name === undefined) {
    out.dynamic(at, 'a call of a function named at run time');
    return;
  }
  const lower = name.replace(/^\\/, '').toLowerCase();
  SINKS.get(lower)?.({ at, name: lower, ...read, concat: '.', out, nested: (inner) => nested(at, inner) });
}

/** array_map('unlink', $files): the named function runs on arguments we cannot see. */
function judgeCallbacks(call: ScanCall): void {
  for (const arg of positional(call)) {
    const name = literalOf(arg, '.')?.toLowerCase();
    const sink = name === undefined ? undefined : SINKS.get(name);
    if (name !== undefined && sink) sink({ ...call, name, args: [], complete: false });
  }
}
