// The Python functions whose calls have an effect the shell engine judges, by qualified name
// (what python-scope.ts resolves a callee to), each with how to read its arguments.
import type { SgNode } from './ast-grep';
import type { Findings } from './effects';
import { commandLine, hostOf, hostOfUrlStart } from './literals';
import type { PythonScope } from './python-scope';
import { isPlainString, positionalArgs } from './python-syntax';

export interface PyCall {
  node: SgNode;
  at: number;
  /** Qualified name of the callee (`shutil.rmtree`, `pathlib.Path.unlink`, `builtins.open`). */
  name: string;
  /** The literal path of the pathlib.Path the method is called on. */
  subject: string | undefined;
  scope: PythonScope;
  out: Findings;
  /** Positional argument `index`, or else the keyword argument of that name. */
  arg(index: number, keyword?: string): SgNode | undefined;
  positional: SgNode[];
  /** Analyses code given as a literal (`exec("...")`), in this module's namespace. */
  nested(code: string): void;
}

type PySink = (call: PyCall) => void;

export const display = (name: string): string =>
  name.startsWith('builtins.') ? name.slice('builtins.'.length) : name;

/** A command given as one string (run by a shell or as a program name) or as an argv list. */
function commandOf(call: PyCall, node: SgNode | undefined): string | undefined {
  const text = call.scope.stringOf(node);
  if (text !== undefined) return text;
  const argv = call.scope.argvOf(node);
  return argv && commandLine(argv);
}

const spawnCommand =
  (index: number, keyword: string): PySink =>
  (call) =>
    call.out.spawn(call.at, `${display(call.name)}()`, commandOf(call, call.arg(index, keyword)));

/** os.exec*, os.spawn*, posix_spawn: the program path, then argv (whose argv[0] is only a label). */
const spawnProgram =
  (pathIndex: number, argv: (call: PyCall) => string[] | undefined): PySink =>
  (call) => {
    const program = call.scope.pathOf(call.positional[pathIndex]);
    const words = argv(call);
    const command = program !== undefined && words ? commandLine([program, ...words.slice(1)]) : undefined;
    call.out.spawn(call.at, `${display(call.name)}()`, command);
  };

const argvList = (index: number) => (call: PyCall) => call.scope.argvOf(call.positional[index]);
const argvRest =
  (from: number, dropLast = false) =>
  (call: PyCall): string[] | undefined => {
    const nodes = call.positional.slice(from, dropLast ? -1 : undefined);
    const words = nodes.map((node) => call.scope.pathOf(node));
    return words.every((word) => word !== undefined) ? (words as string[]) : undefined;
  };

const remove =
  (index: number, keyword: string, recursive: boolean): PySink =>
  (call) =>
    call.out.delete(
      call.at,
      `${display(call.name)}()`,
      call.scope.pathOf(call.arg(index, keyword)),
      recursive,
    );

const removeSubject =
  (recursive: boolean): PySink =>
  (call) =>
    call.out.delete(call.at, `${display(call.name)}()`, call.subject, recursive);

const read =
  (index: number, keyword: string): PySink =>
  (call) =>
    call.out.read(call.at, `${display(call.name)}()`, call.scope.pathOf(call.arg(index, keyword)));

const write =
  (index: number, keyword: string): PySink =>
  (call) =>
    call.out.write(call.at, `${display(call.name)}()`, call.scope.pathOf(call.arg(index, keyword)));

const readSubject: PySink = (call) => call.out.read(call.at, `${display(call.name)}()`, call.subject);
const writeSubject: PySink = (call) => call.out.write(call.at, `${display(call.name)}()`, call.subject);

/** A move takes the source away (a whole tree for a directory) and writes the destination. */
const move =
  (from: (call: PyCall) => string | undefined, toIndex: number, toKeyword: string): PySink =>
  (call) => {
    const detail = `${display(call.name)}()`;
    call.out.delete(call.at, detail, from(call), true);
    call.out.write(call.at, detail, call.scope.pathOf(call.arg(toIndex, toKeyword)));
  };

const copy: PySink = (call) => {
  const detail = `${display(call.name)}()`;
  call.out.read(call.at, detail, call.scope.pathOf(call.arg(0, 'src')));
  call.out.write(call.at, detail, call.scope.pathOf(call.arg(1, 'dst')));
};

/** open(): reading unless the mode says it writes; a mode that is not literal may do either. */
const open =
  (path: (call: PyCall) => string | undefined, modeIndex: number): PySink =>
  (call) => {
    const detail = `${display(call.name)}()`;
    const modeNode = call.arg(modeIndex, 'mode');
    const mode = modeNode ? call.scope.stringOf(modeNode) : 'r';
    const writes = mode === undefined || /[wax+]/.test(mode);
    const reads = mode === undefined || !/[wax]/.test(mode) || mode.includes('+');
    if (reads) call.out.read(call.at, detail, path(call));
    if (writes) call.out.write(call.at, detail, path(call));
  };

const WRITE_FLAGS = new Set(['O_WRONLY', 'O_RDWR', 'O_CREAT', 'O_TRUNC', 'O_APPEND']);

/** os.open(path, flags): writes when a write flag is named or the flags are not plain names. */
const osOpen: PySink = (call) => {
  const detail = `${display(call.name)}()`;
  const path = call.scope.pathOf(call.arg(0, 'path'));
  const flags = call.arg(1, 'flags');
  const names = flags ? [flags, ...flags.findAll({ rule: { kind: 'identifier' } })].map((n) => n.text()) : [];
  if (names.some((name) => WRITE_FLAGS.has(name))) call.out.write(call.at, detail, path);
  else call.out.read(call.at, detail, path);
};

const networkUrl =
  (index: number, keyword: string): PySink =>
  (call) => {
    const node = call.arg(index, keyword);
    const target = call.scope.stringOf(node);
    const host = target === undefined ? hostOfUrlStart(call.scope.startOf(node)) : hostOf(target);
    call.out.network(call.at, `${display(call.name)}()`, host);
  };

const networkAddress: PySink = (call) => {
  const address = call.arg(0, 'address');
  const host = address?.kind() === 'tuple' ? call.scope.stringOf(address.namedChildren()[0]) : undefined;
  call.out.network(call.at, `${display(call.name)}()`, host === undefined ? undefined : hostOf(host));
};

const network: PySink = (call) => call.out.network(call.at, `${display(call.name)}()`, undefined);

const download: PySink = (call) => {
  networkUrl(0, 'url')(call);
  write(1, 'filename')(call);
};

const DECODERS = new Set([
  'b64decode',
  'b32decode',
  'b16decode',
  'a85decode',
  'b85decode',
  'decodebytes',
  'decodestring',
  'unhexlify',
  'fromhex',
  'decompress',
  'loads',
]);

/**
 * The decoder that produced code, as in exec(base64.b64decode(s).decode()): followed a few calls
 * deep only, so that exec(exec(exec(...))) is not searched again at every level.
 */
function decoderIn(node: SgNode | undefined, depth = 0): string | undefined {
  if (!node || depth > 4 || node.kind() !== 'call') return undefined;
  const callee = node.field('function');
  const name = callee?.kind() === 'attribute' ? callee.field('attribute')?.text() : callee?.text();
  if (name !== undefined && DECODERS.has(name)) return name;
  const receiver = callee?.kind() === 'attribute' ? callee.field('object') : null;
  return decoderIn(receiver ?? undefined, depth + 1) ?? decoderIn(positionalArgs(node)[0], depth + 1);
}

/** eval/exec/compile: literal code is analysed as code; anything else is code we cannot read. */
const evaluate =
  (index: number, keyword: string): PySink =>
  (call) => {
    const source = call.arg(index, keyword);
    const code = call.scope.stringOf(source);
    if (code !== undefined) return call.nested(code);
    const decoder = decoderIn(source);
    const what = decoder ? `decoded code (${decoder})` : 'code computed at run time';
    call.out.dynamic(call.at, `${display(call.name)}() of ${what}`);
  };

const dynamic =
  (why: string): PySink =>
  (call) =>
    call.out.dynamic(call.at, `${display(call.name)}() ${why}`);

/** __import__(name) and friends: a module chosen at run time could be any of them. */
const importByName =
  (index: number, keyword: string): PySink =>
  (call) => {
    if (call.scope.stringOf(call.arg(index, keyword)) === undefined) {
      call.out.dynamic(call.at, `${display(call.name)}() of a module name computed at run time`);
    }
  };

/** getattr(obj, name) with anything but a plain string literal hides which function it reaches. */
const getattr: PySink = (call) => {
  const name = call.positional[1];
  if (name && !isPlainString(name))
    call.out.dynamic(call.at, 'getattr() with an attribute name computed at run time');
};

const entries: Array<[string[], PySink]> = [
  [['os.system', 'os.popen', 'commands.getoutput', 'commands.getstatusoutput'], spawnCommand(0, 'command')],
  [['subprocess.getoutput', 'subprocess.getstatusoutput', 'platform.popen'], spawnCommand(0, 'cmd')],
  [['asyncio.create_subprocess_shell'], spawnCommand(0, 'cmd')],
  [
    ['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output'],
    spawnCommand(0, 'args'),
  ],
  [['subprocess.Popen', 'pty.spawn'], spawnCommand(0, 'args')],
  [['asyncio.create_subprocess_exec'], spawnProgram(0, argvRest(0))],
  [['os.execl', 'os.execlp'], spawnProgram(0, argvRest(1))],
  [['os.execle', 'os.execlpe'], spawnProgram(0, argvRest(1, true))],
  [['os.execv', 'os.execvp', 'os.execve', 'os.execvpe'], spawnProgram(0, argvList(1))],
  [['os.spawnl', 'os.spawnlp'], spawnProgram(1, argvRest(2))],
  [['os.spawnle', 'os.spawnlpe'], spawnProgram(1, argvRest(2, true))],
  [['os.spawnv', 'os.spawnvp', 'os.spawnve', 'os.spawnvpe'], spawnProgram(1, argvList(2))],
  [['os.posix_spawn', 'os.posix_spawnp'], spawnProgram(0, argvList(1))],

  [['shutil.rmtree'], remove(0, 'path', true)],
  [['os.remove', 'os.unlink', 'os.rmdir'], remove(0, 'path', false)],
  [['os.removedirs'], remove(0, 'name', false)],
  [['pathlib.Path.unlink', 'pathlib.Path.rmdir'], removeSubject(false)],
  [
    ['shutil.move', 'os.rename', 'os.replace', 'os.renames'],
    move((c) => c.scope.pathOf(c.arg(0, 'src')), 1, 'dst'),
  ],
  [['pathlib.Path.rename', 'pathlib.Path.replace'], move((c) => c.subject, 0, 'target')],

  [
    ['builtins.open', 'builtins.file', 'io.open', 'codecs.open'],
    open((c) => c.scope.pathOf(c.arg(0, 'file')), 1),
  ],
  [['pathlib.Path.open'], open((c) => c.subject, 0)],
  [['os.open'], osOpen],
  [['pathlib.Path.read_text', 'pathlib.Path.read_bytes'], readSubject],
  [['linecache.getline', 'linecache.getlines'], read(0, 'filename')],
  [['shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copytree'], copy],
  [['pathlib.Path.write_text', 'pathlib.Path.write_bytes', 'pathlib.Path.touch'], writeSubject],
  [['pathlib.Path.chmod', 'pathlib.Path.symlink_to', 'pathlib.Path.hardlink_to'], writeSubject],
  [['os.truncate', 'os.chmod', 'os.chown', 'os.utime'], write(0, 'path')],
  [['os.symlink', 'os.link'], write(1, 'dst')],

  [
    ['requests.get', 'requests.post', 'requests.put', 'requests.patch', 'requests.delete'],
    networkUrl(0, 'url'),
  ],
  [
    ['requests.head', 'requests.options', 'httpx.get', 'httpx.post', 'httpx.put', 'httpx.patch'],
    networkUrl(0, 'url'),
  ],
  [['httpx.delete', 'httpx.head', 'httpx.options'], networkUrl(0, 'url')],
  [
    ['requests.request', 'httpx.request', 'httpx.stream', 'aiohttp.request', 'urllib3.request'],
    networkUrl(1, 'url'),
  ],
  [
    ['urllib.request.urlopen', 'urllib.request.Request', 'urllib.urlopen', 'urllib2.urlopen'],
    networkUrl(0, 'url'),
  ],
  [['urllib2.Request', 'xmlrpc.client.ServerProxy', 'xmlrpclib.ServerProxy'], networkUrl(0, 'url')],
  [['webbrowser.open', 'webbrowser.open_new', 'webbrowser.open_new_tab'], networkUrl(0, 'url')],
  [['urllib.request.urlretrieve', 'urllib.urlretrieve'], download],
  [
    ['http.client.HTTPConnection', 'http.client.HTTPSConnection', 'httplib.HTTPConnection'],
    networkUrl(0, 'host'),
  ],
  [
    ['httplib.HTTPSConnection', 'ftplib.FTP', 'ftplib.FTP_TLS', 'smtplib.SMTP', 'smtplib.SMTP_SSL'],
    networkUrl(0, 'host'),
  ],
  [
    ['poplib.POP3', 'poplib.POP3_SSL', 'imaplib.IMAP4', 'imaplib.IMAP4_SSL', 'telnetlib.Telnet'],
    networkUrl(0, 'host'),
  ],
  [['socket.gethostbyname', 'socket.gethostbyname_ex', 'socket.getaddrinfo'], networkUrl(0, 'host')],
  [['socket.create_connection'], networkAddress],
  [['socket.socket', 'requests.Session', 'requests.session', 'httpx.Client', 'httpx.AsyncClient'], network],
  [
    ['aiohttp.ClientSession', 'urllib3.PoolManager', 'urllib.request.build_opener', 'paramiko.SSHClient'],
    network,
  ],

  [['builtins.eval', 'builtins.exec', 'builtins.compile'], evaluate(0, 'source')],
  [['builtins.execfile', 'runpy.run_path', 'runpy.run_module'], dynamic('runs code from another file')],
  [['importlib.util.spec_from_file_location', 'importlib.machinery.SourceFileLoader'], dynamic('loads code')],
  [['builtins.__import__', 'importlib.import_module', 'importlib.__import__'], importByName(0, 'name')],
  [['builtins.getattr'], getattr],
  [
    ['pickle.loads', 'pickle.load', 'cPickle.loads', 'cPickle.load', 'dill.loads', 'dill.load'],
    dynamic('of data'),
  ],
  [['marshal.loads', 'marshal.load', 'types.FunctionType', 'types.CodeType'], dynamic('builds code')],
];

const SINKS = new Map<string, PySink>(entries.flatMap(([names, sink]) => names.map((name) => [name, sink])));

/** Modules whose every use runs native code that no analysis of the Python can follow. */
const NATIVE_MODULES = ['ctypes.', 'cffi.'];

export function pythonSink(name: string): PySink | undefined {
  const sink = SINKS.get(name);
  if (sink) return sink;
  if (NATIVE_MODULES.some((prefix) => name.startsWith(prefix))) return dynamic('calls native code');
  return undefined;
}

export const isPythonSink = (name: string): boolean => pythonSink(name) !== undefined;
