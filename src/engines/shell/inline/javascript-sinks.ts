// The Node.js functions whose calls have an effect the shell engine judges, by qualified name
// (what javascript-scope.ts resolves a callee to), each with how to read its arguments.
import type { SgNode } from './ast-grep';
import type { Findings } from './effects';
import type { JavascriptScope } from './javascript-scope';
import { commandLine, hostOf, hostOfUrlStart } from './literals';

export interface JsCall {
  at: number;
  /** Qualified name of the callee (`child_process.execSync`, `fs.rmSync`, `fetch`). */
  name: string;
  args: SgNode[];
  scope: JavascriptScope;
  out: Findings;
  /** Analyses code given as a literal (`eval("...")`) in this code's scope. */
  nested(code: string): void;
}

type JsSink = (call: JsCall) => void;

const detailOf = (call: JsCall): string => `${call.name}()`;

const shellCommand: JsSink = (call) =>
  call.out.spawn(call.at, detailOf(call), call.scope.stringOf(call.args[0]));

/** spawn(program, [args], options): the argv is known when both parts are literal. */
const programAndArgv =
  (prefix: string[] = []): JsSink =>
  (call) => {
    const program = call.scope.stringOf(call.args[0]);
    const rest = argumentsOf(call, call.args[1]);
    const command = program !== undefined && rest ? commandLine([...prefix, program, ...rest]) : undefined;
    call.out.spawn(call.at, detailOf(call), command);
  };

/** A spawn's argument list: absent or an options object means none; a variable, unknown ones. */
function argumentsOf(call: JsCall, node: SgNode | undefined): string[] | undefined {
  if (!node || node.kind() === 'object') return [];
  return call.scope.argvOf(node);
}

const argvArray: JsSink = (call) => {
  const argv = call.scope.argvOf(call.args[0]);
  call.out.spawn(call.at, detailOf(call), argv && commandLine(argv));
};

/** Whether an options object asks for recursion; options that are not a literal object might. */
function recursiveOption(options: SgNode | undefined): boolean {
  if (!options) return false;
  if (options.kind() !== 'object') return true;
  for (const pair of options.namedChildren()) {
    if (pair.kind() !== 'pair' || pair.field('key')?.text().replace(/['"]/g, '') !== 'recursive') continue;
    return pair.field('value')?.text() !== 'false';
  }
  return false;
}

const remove =
  (recursive: 'never' | 'option' | 'always'): JsSink =>
  (call) => {
    const deep = recursive === 'always' || (recursive === 'option' && recursiveOption(call.args[1]));
    call.out.delete(call.at, detailOf(call), call.scope.stringOf(call.args[0]), deep);
  };

const read =
  (index: number): JsSink =>
  (call) =>
    call.out.read(call.at, detailOf(call), call.scope.stringOf(call.args[index]));

const write =
  (index: number): JsSink =>
  (call) =>
    call.out.write(call.at, detailOf(call), call.scope.stringOf(call.args[index]));

const copy: JsSink = (call) => {
  read(0)(call);
  write(1)(call);
};

const move: JsSink = (call) => {
  call.out.delete(call.at, detailOf(call), call.scope.stringOf(call.args[0]), true);
  write(1)(call);
};

/** fs.open(path, flags): reading for 'r', writing for anything with w, a or +, either if unknown. */
const open: JsSink = (call) => {
  const flags = call.args[1] ? call.scope.stringOf(call.args[1]) : 'r';
  const path = call.scope.stringOf(call.args[0]);
  if (flags === undefined || !/[wa]/.test(flags)) call.out.read(call.at, detailOf(call), path);
  if (flags === undefined || /[wa+]/.test(flags)) call.out.write(call.at, detailOf(call), path);
};

/** The host of a URL string, or of an options object's `host`/`hostname`/`url`. */
function targetHost(call: JsCall, node: SgNode | undefined): string | undefined {
  if (node?.kind() === 'object') {
    for (const pair of node.namedChildren()) {
      const key = pair.field('key')?.text().replace(/['"]/g, '');
      if (key !== 'host' && key !== 'hostname' && key !== 'url' && key !== 'baseURL') continue;
      const value = call.scope.stringOf(pair.field('value'));
      return value === undefined ? undefined : hostOf(value);
    }
    return undefined;
  }
  const text = call.scope.stringOf(node);
  return text === undefined ? hostOfUrlStart(call.scope.startOf(node)) : hostOf(text);
}

const networkTo =
  (index: number): JsSink =>
  (call) =>
    call.out.network(call.at, detailOf(call), targetHost(call, call.args[index]));

/** net.connect(port, host) or net.connect({ host, port }). */
const connect: JsSink = (call) => {
  const [first, second] = call.args;
  const host = first?.kind() === 'object' ? targetHost(call, first) : targetHost(call, second);
  call.out.network(call.at, detailOf(call), host);
};

const network: JsSink = (call) => call.out.network(call.at, detailOf(call), undefined);

/** eval and friends: literal code is analysed as code; anything else cannot be read. */
const evaluate =
  (index: (call: JsCall) => number): JsSink =>
  (call) => {
    const source = call.args[index(call)];
    const code = call.scope.stringOf(source);
    if (code !== undefined) call.nested(code);
    else if (source) call.out.dynamic(call.at, `${detailOf(call)} of code computed at run time`);
  };

/** setTimeout("code", ms) evaluates a string; setTimeout(fn, ms) does not. */
const timer: JsSink = (call) => {
  const kind = call.args[0]?.kind();
  if (kind === 'string' || kind === 'template_string' || kind === 'binary_expression')
    evaluate(() => 0)(call);
};

const dynamic =
  (why: string): JsSink =>
  (call) =>
    call.out.dynamic(call.at, `${detailOf(call)} ${why}`);

/** require(name) with a name computed at run time could load any module. */
const load: JsSink = (call) => {
  if (call.scope.stringOf(call.args[0]) === undefined) {
    call.out.dynamic(call.at, `${detailOf(call)} of a module name computed at run time`);
  }
};

const entries: Array<[string[], JsSink]> = [
  [['child_process.exec', 'child_process.execSync', 'shelljs.exec'], shellCommand],
  [['execa.execaCommand', 'execa.execaCommandSync'], shellCommand],
  [['child_process.execFile', 'child_process.execFileSync', 'child_process.spawn'], programAndArgv()],
  [['child_process.spawnSync', 'execa.execa', 'execa.execaSync', 'execa'], programAndArgv()],
  [['child_process.fork', 'execa.execaNode'], programAndArgv(['node'])],
  [['Bun.spawn', 'Bun.spawnSync'], argvArray],

  [['fs.rmSync', 'fs.rm', 'fs.rmdirSync', 'fs.rmdir'], remove('option')],
  [['fs.unlinkSync', 'fs.unlink'], remove('never')],
  [
    ['fs.remove', 'fs.removeSync', 'fs.emptyDir', 'fs.emptyDirSync', 'rimraf', 'rimraf.sync'],
    remove('always'),
  ],
  [['rimraf.rimraf', 'rimraf.rimrafSync', 'del.deleteAsync', 'del.deleteSync'], remove('always')],
  [['fs.renameSync', 'fs.rename', 'fs.move', 'fs.moveSync'], move],

  [['fs.readFileSync', 'fs.readFile', 'fs.createReadStream', 'fs.readJson', 'fs.readJsonSync'], read(0)],
  [['fs.openSync', 'fs.open'], open],
  [['fs.copyFileSync', 'fs.copyFile', 'fs.cpSync', 'fs.cp', 'fs.copy', 'fs.copySync'], copy],
  [
    ['fs.writeFileSync', 'fs.writeFile', 'fs.appendFileSync', 'fs.appendFile', 'fs.createWriteStream'],
    write(0),
  ],
  [['fs.truncateSync', 'fs.truncate', 'fs.chmodSync', 'fs.chmod', 'fs.chownSync', 'fs.chown'], write(0)],
  [['fs.outputFile', 'fs.outputFileSync', 'fs.writeJson', 'fs.writeJsonSync'], write(0)],
  [['fs.symlinkSync', 'fs.symlink', 'fs.linkSync', 'fs.link'], write(1)],

  [['fetch', 'node-fetch', 'undici.fetch', 'undici.request', 'http2.connect', 'WebSocket'], networkTo(0)],
  [
    ['EventSource', 'axios', 'axios.get', 'axios.post', 'axios.put', 'axios.delete', 'axios.patch'],
    networkTo(0),
  ],
  [['axios.head', 'axios.request', 'got', 'got.get', 'got.post', 'ws'], networkTo(0)],
  [['http.get', 'http.request', 'https.get', 'https.request'], networkTo(0)],
  [['dns.lookup', 'dns.resolve', 'dns.resolve4', 'dns.resolve6', 'dns.resolveTxt'], networkTo(0)],
  [['net.connect', 'net.createConnection', 'tls.connect'], connect],
  [['net.Socket', 'dgram.createSocket', 'XMLHttpRequest'], network],

  [['eval', 'vm.runInThisContext', 'vm.runInNewContext', 'vm.runInContext', 'vm.Script'], evaluate(() => 0)],
  [['vm.compileFunction', 'vm.SourceTextModule'], evaluate(() => 0)],
  [['Function'], evaluate((call) => call.args.length - 1)],
  [['setTimeout', 'setInterval', 'setImmediate'], timer],
  [['require', 'process.getBuiltinModule'], load],
  [['process.binding', 'process._linkedBinding', 'process.dlopen'], dynamic('reaches native code')],
  [['module._load', 'module._compile', 'Module._load', 'Module._compile'], dynamic('loads code')],
  [['worker_threads.Worker'], dynamic('runs code in a worker thread')],
];

const SINKS = new Map<string, JsSink>(entries.flatMap(([names, sink]) => names.map((name) => [name, sink])));

/** The sink for a qualified name; `fs.promises.rm` is `fs.rm` for judging. */
export function javascriptSink(name: string): JsSink | undefined {
  return SINKS.get(name.startsWith('fs.promises.') ? `fs.${name.slice('fs.promises.'.length)}` : name);
}
