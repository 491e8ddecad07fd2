// Perl given to `perl -e` or on stdin: system/exec/backticks/qx, open with a pipe or a mode,
// unlink/rmtree, sockets and LWP, eval of strings and s///e, read from perl-lexer.ts's tokens.

import type { Findings, InlineEffect } from './effects';
import { PERL_ENVIRONMENT } from './environment';
import { commandLine } from './literals';
import { lexPerl } from './perl-lexer';
import {
  type Arg,
  commandOf,
  copyArgs,
  dynamicCode,
  evaluateAt,
  fetchesUrl,
  literalOf,
  matchingClose,
  moveArgs,
  networkAt,
  networkKeyed,
  networkUnnamed,
  positional,
  readArgs,
  readAt,
  removeEach,
  type ScanCall,
  type ScanSink,
  sinkTable,
  spawnArgs,
  writeAt,
  writeFilesAfter,
} from './scan-calls';
import { type NestedCode, scannedEffects } from './scan-effects';
import type { Token } from './scan-tokens';

const RULES = {
  stopWords: new Set(['if', 'unless', 'while', 'until', 'for', 'foreach', 'and', 'or', 'xor', 'not']),
  concat: '.',
};

/** open(FH, MODE, EXPR...) or open(FH, EXPR): a mode or an expression with `|` runs a command. */
const open: ScanSink = (call) => {
  const args = positional(call);
  const detail = 'open()';
  if (args.length >= 3) {
    const mode = literalOf(args[1], '.')?.trim();
    const target = args.slice(2);
    const path = literalOf(target[0], '.');
    if (mode === undefined) {
      call.out.read(call.at, detail, path);
      call.out.write(call.at, detail, path);
    } else if (mode.startsWith('-|') || mode.startsWith('|-'))
      call.out.spawn(call.at, detail, commandOf(target, '.'));
    else {
      if (!mode.startsWith('>')) call.out.read(call.at, detail, path);
      if (mode.startsWith('>') || mode.startsWith('+')) call.out.write(call.at, detail, path);
    }
    return;
  }
  openExpression(call, args[1]);
};

/** Two-argument open: the mode is part of the text (`"<file"`, `">file"`, `"cmd |"`). */
function openExpression(call: ScanCall, arg: Arg | undefined): void {
  const text = literalOf(arg, '.')?.trim();
  if (text === undefined) {
    // Not literal: what it starts with still tells; a trailing `|` in the source is a pipe.
    const first = arg?.tokens.find((token) => token.kind === 'string');
    const start = first?.start?.trim() ?? '';
    if (start.startsWith('|') || first?.text.trimEnd().endsWith('|'))
      call.out.spawn(call.at, 'open()', undefined);
    else if (start.startsWith('>') || start.startsWith('+')) call.out.write(call.at, 'open()', undefined);
    else call.out.read(call.at, 'open()', undefined);
    return;
  }
  if (text.endsWith('|')) call.out.spawn(call.at, 'open()', text.slice(0, -1).trim());
  else if (text.startsWith('|')) call.out.spawn(call.at, 'open()', text.slice(1).trim());
  else if (text.startsWith('+<')) {
    call.out.read(call.at, 'open()', text.slice(2).trim());
    call.out.write(call.at, 'open()', text.slice(2).trim());
  } else if (text.startsWith('>') || text.startsWith('+>')) {
    call.out.write(call.at, 'open()', text.replace(/^\+?>>?/, '').trim());
  } else if (text !== '-') call.out.read(call.at, 'open()', text.replace(/^</, '').trim());
}

/** sysopen(FH, PATH, FLAGS): writing when a write flag is named. */
const sysopen: ScanSink = (call) => {
  const [, path, flags] = positional(call);
  const literal = literalOf(path, '.');
  const writes =
    flags?.tokens.some((token) => /^O_(WRONLY|RDWR|CREAT|TRUNC|APPEND)$/.test(token.text)) ?? true;
  if (writes) call.out.write(call.at, 'sysopen()', literal);
  else call.out.read(call.at, 'sysopen()', literal);
};

const SINKS = sinkTable([
  [['system', 'exec', 'readpipe'], spawnArgs],
  [['open'], open],
  [['sysopen'], sysopen],
  [['unlink', 'rmdir'], removeEach(false)],
  [['rmtree', 'remove_tree', 'File::Path::rmtree', 'File::Path::remove_tree'], removeEach(true)],
  [['rename', 'File::Copy::move', 'File::Copy::mv'], moveArgs],
  [['File::Copy::copy', 'File::Copy::cp'], copyArgs],
  [['read_file', 'File::Slurp::read_file'], readAt(0)],
  [['write_file', 'File::Slurp::write_file', 'truncate'], writeAt(0)],
  [['symlink', 'link'], writeAt(1)],
  [['chmod', 'utime'], writeFilesAfter(1)],
  [['chown'], writeFilesAfter(2)],
  [['getstore', 'getprint', 'mirror', 'head', 'LWP::Simple::get', 'LWP::Simple::getstore'], networkAt(0)],
  [['gethostbyname', 'inet_aton', 'Socket::inet_aton'], networkAt(0)],
  [
    ['socket', 'LWP::UserAgent->new', 'HTTP::Tiny->new', 'Mojo::UserAgent->new', 'WWW::Mechanize->new'],
    networkUnnamed,
  ],
  [
    ['IO::Socket::INET->new', 'IO::Socket::IP->new', 'IO::Socket::SSL->new'],
    networkKeyed(['peeraddr', 'peerhost']),
  ],
  [
    ['Net::FTP->new', 'Net::SMTP->new', 'Net::HTTP->new', 'Net::SSH2->new', 'Net::Ping->new'],
    networkKeyed(['host']),
  ],
  [['eval'], evaluateAt(0)],
  [['syscall'], dynamicCode('calls the kernel directly')],
]);

/** With `use File::Copy`, bare copy/move are its functions. */
const FILE_COPY_SINKS = sinkTable([
  [['move', 'mv'], moveArgs],
  [['copy', 'cp'], copyArgs],
]);

/** Methods that fetch a URL, whatever object they are called on ($ua->get('https://...')). */
const URL_METHODS = new Set([
  'get',
  'post',
  'put',
  'delete',
  'head',
  'request',
  'mirror',
  'getstore',
  'patch',
]);

export function perlEffects(code: string): InlineEffect[] {
  return scannedEffects(LANGUAGE, code, LEXER, judgeTokens, PERL_ENVIRONMENT);
}

const LANGUAGE = 'perl';
const LEXER = lexPerl;

function judgeTokens(tokens: readonly Token[], out: Findings, nested: NestedCode) {
  const usesFileCopy = tokens.some((token) => token.kind === 'word' && token.text.startsWith('File::Copy'));
  return (i: number) => {
    const token = tokens[i] as Token;
    if (token.kind === 'regex') judgeRegex(token, out, nested);
    else if (token.kind === 'punct') judgeIndirection(tokens, i, out);
    else if (token.kind === 'word') judgeWord(tokens, i, out, usesFileCopy, nested);
  };
}

/** s/.../CODE/e runs CODE for each match; /ee runs the text CODE evaluates to. */
function judgeRegex(token: Token, out: Findings, nested: NestedCode): void {
  const evaluations = (token.flags ?? '').split('e').length - 1;
  if (token.replacement === undefined || evaluations === 0) return;
  if (evaluations > 1) out.dynamic(token.at, 's///ee evaluates text as code');
  else nested(token.at, token.replacement);
}

/** &$name(...), &{"name"}(...), $obj->$method(...): a sub or method chosen at run time. */
function judgeIndirection(tokens: readonly Token[], i: number, out: Findings): void {
  const token = tokens[i] as Token;
  const next = tokens[i + 1];
  if (token.text === '&call' && (next?.kind === 'variable' || next?.text === '{')) {
    out.dynamic(token.at, 'a call of a sub named at run time');
  } else if (token.text === '->' && next?.kind === 'variable') {
    out.dynamic(token.at, 'a method call by a name chosen at run time');
  }
}

function judgeWord(
  tokens: readonly Token[],
  i: number,
  out: Findings,
  usesFileCopy: boolean,
  nested: NestedCode,
): void {
  const token = tokens[i] as Token;
  const previous = tokens[i - 1];
  const next = tokens[i + 1];
  // A hash key (`system => 1`, `$h{system}`) or a sub being defined is not a call.
  if (next?.text === '=>' || (previous?.text === '{' && next?.text === '}') || previous?.text === 'sub')
    return;
  const afterArrow = previous?.kind === 'punct' && previous.text === '->';
  let name = token.text.replace(/^CORE::(GLOBAL::)?/, '');
  let argStart = i + 1;
  if (afterArrow) {
    // Class->method was named at the class; $object->method is judged by its arguments.
    if (tokens[i - 2]?.kind === 'word') return;
    if (!URL_METHODS.has(name)) return;
    name = `->${name}`;
  } else if (next?.text === '->' && tokens[i + 2]?.kind === 'word') {
    name = `${name}->${tokens[i + 2]?.text}`;
    argStart = i + 3;
  }
  const at = token.at;
  if (name === 'eval' && next?.text === '{') return;
  if (name === 'do' || name === 'require') {
    judgeLoad(name, next, at, out);
    return;
  }
  if ((name === 'system' || name === 'exec') && next?.text === '{') {
    // system { 'prog' } @args: the block names the program, the list is its argv.
    const close = matchingClose(tokens, i + 1);
    if (close < 0) return;
    argStart = close + 1;
  }
  const sink = SINKS.get(name) ?? (usesFileCopy ? FILE_COPY_SINKS.get(name) : undefined);
  // Arguments are read only for calls that can matter: reading them for every word costs time.
  if (!sink && !afterArrow && name !== 'get') return;
  const { args, complete } = readArgs(tokens, argStart, RULES);
  const call: ScanCall = { at, name, args, complete, concat: '.', out, nested: (inner) => nested(at, inner) };
  if (sink) sink(call);
  else fetchesUrl(call);
}

/** `do FILE` and `require $file` run code from a file chosen by the code; `do {}` is a block. */
function judgeLoad(name: string, next: Token | undefined, at: number, out: Findings): void {
  if (!next || next.text === '{' || (name === 'require' && (next.kind === 'word' || next.kind === 'number')))
    return;
  const file = next.kind === 'string' ? next.value : undefined;
  out.dynamic(
    at,
    `${name} runs code from ${file === undefined ? 'a file named at run time' : commandLine([file])}`,
  );
}
