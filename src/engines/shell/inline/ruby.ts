// Ruby given to `ruby -e` or on stdin: system/exec/spawn/backticks/%x/Open3/IO.popen, FileUtils and
// File, Net::HTTP and sockets, eval and send, read from ruby-lexer.ts's tokens.

import type { Findings, InlineEffect } from './effects';
import { RUBY_ENVIRONMENT } from './environment';
import { isNetworkUrl } from './literals';
import { lexRuby } from './ruby-lexer';
import {
  type Arg,
  commandOf,
  copyArgs,
  detailOf,
  dynamicCode,
  evaluateAt,
  fetchesUrl,
  hostIn,
  literalOf,
  moveArgs,
  networkAt,
  networkUnnamed,
  positional,
  readArgs,
  readAt,
  removeEach,
  type ScanCall,
  type ScanSink,
  sinkTable,
  writeAt,
  writeFilesAfter,
} from './scan-calls';
import { type NestedCode, scannedEffects } from './scan-effects';
import type { Token } from './scan-tokens';

const RULES = {
  stopWords: new Set(['if', 'unless', 'while', 'until', 'rescue', 'and', 'or', 'do', 'then', 'end']),
  concat: '+',
};
const SEND_METHODS = new Set(['send', 'public_send', '__send__']);
const EVAL_METHODS = new Set([
  'eval',
  'instance_eval',
  'class_eval',
  'module_eval',
  'class_exec',
  'instance_exec',
]);
/** Calls whose meaning depends on a name in their arguments. */
const REFLECTIVE = new Set([...SEND_METHODS, 'method', 'require', 'require_relative', 'const_get']);
/** Methods that fetch a URL, whatever object they are called on. */
const URL_METHODS = new Set(['get', 'post', 'put', 'delete', 'head', 'patch', 'request', 'get_response']);

/** The command of system/spawn/popen: an optional leading environment hash is not part of it. */
function commandArgs(call: ScanCall): Arg[] {
  const args = positional(call);
  return args[0]?.tokens[0]?.text === '{' ? args.slice(1) : args;
}

const spawnAll: ScanSink = (call) =>
  call.out.spawn(call.at, detailOf(call), call.complete ? commandOf(commandArgs(call), '+') : undefined);

const spawnFirst: ScanSink = (call) =>
  call.out.spawn(
    call.at,
    detailOf(call),
    call.complete ? commandOf(commandArgs(call).slice(0, 1), '+') : undefined,
  );

/** open/File.open/URI.open: `|cmd` runs a command (Kernel#open only), a URL is a download. */
const open =
  (runsPipes: boolean): ScanSink =>
  (call) => {
    const [target, modeArg] = positional(call);
    const path = literalOf(target, '+');
    const start = target?.tokens.find((token) => token.kind === 'string')?.start ?? '';
    if (runsPipes && (path ?? start).startsWith('|')) {
      call.out.spawn(call.at, detailOf(call), path?.slice(1).trim());
      return;
    }
    if (isNetworkUrl(path ?? start)) {
      call.out.network(call.at, detailOf(call), hostIn(target, '+'));
      return;
    }
    const mode = modeArg ? literalOf(modeArg, '+') : 'r';
    if (mode === undefined || !/[wa]/.test(mode) || mode.includes('+'))
      call.out.read(call.at, detailOf(call), path);
    if (mode === undefined || /[wa+]/.test(mode)) call.out.write(call.at, detailOf(call), path);
  };

/** Pathname#rmtree and the like: the receiver's path is not followed. */
const removeReceiver: ScanSink = (call) => call.out.delete(call.at, detailOf(call), undefined, true);

const SINKS = sinkTable([
  [['system', 'exec', 'spawn', 'Process.spawn', 'Process.exec', 'PTY.spawn'], spawnAll],
  [
    ['Open3.capture2', 'Open3.capture2e', 'Open3.capture3', 'Open3.popen2', 'Open3.popen2e', 'Open3.popen3'],
    spawnAll,
  ],
  [['Open3.pipeline', 'Open3.pipeline_r', 'Open3.pipeline_w', 'Open3.pipeline_rw'], spawnAll],
  [['IO.popen'], spawnFirst],
  [['open'], open(true)],
  [['File.open', 'File.new', 'URI.open'], open(false)],
  [['FileUtils.rm_rf', 'FileUtils.rm_r', 'FileUtils.rmtree', 'FileUtils.remove_dir'], removeEach(true)],
  [['FileUtils.remove_entry', 'FileUtils.remove_entry_secure'], removeEach(true)],
  [
    ['FileUtils.rm', 'FileUtils.rm_f', 'FileUtils.remove', 'FileUtils.safe_unlink', 'FileUtils.rmdir'],
    removeEach(false),
  ],
  [['File.delete', 'File.unlink', 'Dir.delete', 'Dir.rmdir', 'Dir.unlink'], removeEach(false)],
  [['.rmtree', '.rm_rf'], removeReceiver],
  [['FileUtils.mv', 'FileUtils.move', 'File.rename'], moveArgs],
  [
    ['FileUtils.cp', 'FileUtils.copy', 'FileUtils.cp_r', 'FileUtils.copy_file', 'FileUtils.install'],
    copyArgs,
  ],
  [['File.read', 'File.readlines', 'File.foreach', 'File.binread', 'IO.read', 'IO.readlines'], readAt(0)],
  [['IO.binread', 'IO.foreach', 'YAML.load_file', 'JSON.load_file'], readAt(0)],
  [['File.write', 'File.binwrite', 'IO.write', 'IO.binwrite', 'File.truncate'], writeAt(0)],
  [['FileUtils.touch'], writeFilesAfter(0)],
  [['File.chmod', 'FileUtils.chmod', 'FileUtils.chmod_R'], writeFilesAfter(1)],
  [['File.chown', 'FileUtils.chown', 'FileUtils.chown_R'], writeFilesAfter(2)],
  [['File.symlink', 'File.link', 'FileUtils.ln_s', 'FileUtils.ln', 'FileUtils.ln_sf'], writeAt(1)],
  [['Net::HTTP.get', 'Net::HTTP.get_response', 'Net::HTTP.post', 'Net::HTTP.post_form'], networkAt(0)],
  [
    ['Net::HTTP.start', 'Net::HTTP.new', 'Net::HTTP.get_print', 'TCPSocket.new', 'TCPSocket.open'],
    networkAt(0),
  ],
  [
    ['Socket.tcp', 'HTTParty.get', 'HTTParty.post', 'Faraday.get', 'Faraday.post', 'Faraday.new'],
    networkAt(0),
  ],
  [
    ['RestClient.get', 'RestClient.post', 'Excon.get', 'HTTP.get', 'HTTP.post', 'Resolv.getaddress'],
    networkAt(0),
  ],
  [['Net::FTP.new', 'Net::FTP.open', 'Net::SMTP.start', 'Net::SMTP.new', 'Net::SSH.start'], networkAt(0)],
  [['UDPSocket.new', 'Socket.new'], networkUnnamed],
  [['eval', ...[...EVAL_METHODS].map((method) => `.${method}`)], evaluateAt(0)],
  [['Marshal.load', 'Marshal.restore'], dynamicCode('of data can run code')],
  [['syscall', 'Fiddle.dlopen', 'Fiddle::Function.new'], dynamicCode('calls native code')],
  [['load'], dynamicCode('runs code from another file')],
]);

export function rubyEffects(code: string): InlineEffect[] {
  return scannedEffects(LANGUAGE, code, LEXER, judgeTokens, RUBY_ENVIRONMENT);
}

const LANGUAGE = 'ruby';
const LEXER = lexRuby;

function judgeTokens(tokens: readonly Token[], out: Findings, nested: NestedCode) {
  return (i: number) => {
    if (tokens[i]?.kind === 'word') judgeWord(tokens, i, out, nested);
  };
}

/** What a word calls: `system`, `File.delete` (a constant receiver), `.get` (any other receiver). */
function calleeName(tokens: readonly Token[], i: number): string | undefined {
  const token = tokens[i] as Token;
  const previous = tokens[i - 1];
  if (previous?.text === 'def' || tokens[i + 1]?.text === '=') return undefined;
  // FileUtils::rm_rf is FileUtils.rm_rf.
  const separator = token.text.lastIndexOf('::');
  const text =
    separator >= 0 && /^[a-z_]/.test(token.text.slice(separator + 2))
      ? `${token.text.slice(0, separator)}.${token.text.slice(separator + 2)}`
      : token.text;
  if (previous?.kind !== 'punct' || (previous.text !== '.' && previous.text !== '&.')) return text;
  const receiver = tokens[i - 2];
  const chained = tokens[i - 3]?.text === '.' || tokens[i - 3]?.text === '&.';
  if (receiver?.kind === 'word' && /^[A-Z]/.test(receiver.text) && !chained) {
    return receiver.text === 'Kernel' || receiver.text === 'Object' ? text : `${receiver.text}.${text}`;
  }
  return `.${text}`;
}

function judgeWord(tokens: readonly Token[], i: number, out: Findings, nested: NestedCode): void {
  let name = calleeName(tokens, i);
  if (name === undefined) return;
  const at = (tokens[i] as Token).at;
  const method = name.slice(name.lastIndexOf('.') + 1);
  const next = tokens[i + 1];
  // instance_eval { ... } and eval with a block run the block, which is read as code already.
  if (EVAL_METHODS.has(method) && (next?.text === '{' || next?.text === 'do')) return;
  // Arguments are read only for calls that can matter: reading them for every word costs time.
  if (!SINKS.has(name) && !REFLECTIVE.has(method) && !(name.includes('.') && URL_METHODS.has(method))) return;
  let { args, complete, end } = readArgs(tokens, i + 1, RULES);
  if (SEND_METHODS.has(method) || method === 'method') {
    const chosen = literalOf(args[0], '+');
    if (chosen === undefined) {
      if (args.length > 0) out.dynamic(at, `${name} of a method named at run time`);
      return;
    }
    // send(:system, 'id') calls system('id'), even on an object: send reaches private methods.
    const receiver =
      name.includes('.') && !name.startsWith('.') ? name.slice(0, name.lastIndexOf('.') + 1) : '';
    name = `${receiver}${chosen}`;
    if (method === 'method') {
      // method(:system).call('id')
      const call = tokens[end]?.text === '.' && tokens[end + 1]?.text === 'call' ? end + 2 : -1;
      if (call < 0) return;
      ({ args, complete } = readArgs(tokens, call, RULES));
    } else args = args.slice(1);
  }
  if (name === 'require' || name === 'require_relative') {
    if (args.length > 0 && literalOf(args[0], '+') === undefined)
      out.dynamic(at, `${name} of a file named at run time`);
    return;
  }
  const call: ScanCall = { at, name, args, complete, concat: '+', out, nested: (inner) => nested(at, inner) };
  const sink = SINKS.get(name);
  if (sink) sink(call);
  else if (name.includes('.') && URL_METHODS.has(method)) fetchesUrl(call);
  else if (method === 'const_get' && args.length > 0 && literalOf(args[0], '+') === undefined) {
    out.dynamic(at, `${name} of a constant named at run time`);
  }
}
