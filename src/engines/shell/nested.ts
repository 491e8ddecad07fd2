// Every way one command runs another: wrappers (`sudo`, `env`, `timeout`...), shell strings
// (`bash -c`, `eval`, `su -c`, `ssh host cmd`), fan-out (`xargs`, `find -exec`, `parallel`), code
// piped or fed into a shell or interpreter, scripts on disk, and inline interpreter code.
import { join, resolve } from 'node:path';
import { UNKNOWN } from './expand';
import { type InlineEffect, type InlineLanguage, inlineEffects } from './inline';
import type { CommandContext, ShellCommand, Via, Word } from './ir';
import { MAX_COMMAND_BYTES } from './limits';
import { INTERPRETERS, normaliseProgram, SHELLS } from './programs';
import { copyState, type ShellState } from './state';
import { staticOutput } from './static-output';
import type { Walker } from './walk';

/** Options of a wrapper that take a value: the command starts after them. */
interface WrapperSpec {
  valued: string[];
  /** Words between the options and the command (timeout's duration, chroot's directory). */
  operandsBefore?: number;
  /** `env`: leading NAME=value words belong to the wrapper. */
  assignments?: boolean;
}

const WRAPPERS: Readonly<Record<string, WrapperSpec>> = {
  sudo: {
    valued: [
      '-u',
      '-g',
      '-h',
      '-p',
      '-C',
      '-D',
      '-r',
      '-t',
      '-U',
      '-T',
      '--user',
      '--group',
      '--prompt',
      '--chdir',
    ],
    assignments: true,
  },
  doas: { valued: ['-u', '-C'] },
  pkexec: { valued: ['--user'] },
  runuser: { valued: ['-u', '-g', '-G', '--user', '--group'] },
  env: { valued: ['-u', '--unset', '-C', '--chdir', '-P'], assignments: true },
  nice: { valued: ['-n', '--adjustment'] },
  ionice: { valued: ['-c', '-n', '-p', '-P', '-u', '--class', '--classdata'] },
  nohup: { valued: [] },
  timeout: { valued: ['-s', '-k', '--signal', '--kill-after'], operandsBefore: 1 },
  time: { valued: ['-f', '-o', '--format', '--output'] },
  stdbuf: { valued: ['-i', '-o', '-e', '--input', '--output', '--error'] },
  setsid: { valued: [] },
  command: { valued: [] },
  builtin: { valued: [] },
  exec: { valued: ['-a'] },
  chroot: { valued: ['--userspec', '--groups'], operandsBefore: 1 },
  flock: { valued: ['-w', '-E', '--timeout', '--conflict-exit-code'], operandsBefore: 1 },
  busybox: { valued: [] },
  unbuffer: { valued: [] },
  caffeinate: { valued: ['-t', '-w'] },
  taskset: { valued: [], operandsBefore: 1 },
  chrt: { valued: [], operandsBefore: 1 },
  strace: { valued: ['-e', '-o', '-p', '-s', '-u', '-E'] },
  ltrace: { valued: ['-e', '-o', '-p', '-s', '-u'] },
  torsocks: { valued: [] },
  proxychains: { valued: ['-f'] },
  proxychains4: { valued: ['-f'] },
  firejail: { valued: [] },
  xvfb: { valued: [] },
  'xvfb-run': { valued: ['-n', '-s', '-f', '-e', '-p'] },
  doppler: { valued: [] },
  npx: { valued: ['-p', '--package', '-c'] },
};

export function follow(command: ShellCommand, state: ShellState, walker: Walker): void {
  const program = command.program;
  if (!program) return;
  const args = command.args;
  if (program === 'command' && args.some((a) => a.text === '-v' || a.text === '-V')) return;
  if (program === 'doppler' && args[0]?.text !== 'run') return;
  if (program === 'npx') return;
  if (program in WRAPPERS) {
    unwrap(command, state, walker, WRAPPERS[program] as WrapperSpec);
    return;
  }
  if (SHELLS.has(program)) {
    shell(command, state, walker);
    return;
  }
  if (program in INTERPRETERS) {
    interpreter(command, state, walker);
    return;
  }
  switch (program) {
    case 'eval':
      shellString(command, state, walker, joinWords(args), { kind: 'shell-string', program });
      return;
    case 'source':
    case '.':
      script(command, state, walker, args[0], program);
      return;
    case 'su':
    case 'sg':
      optionString(command, state, walker, ['-c', '--command'], program);
      return;
    case 'script':
      optionString(command, state, walker, ['-c', '--command'], program);
      return;
    case 'watch':
      shellString(command, state, walker, joinWords(skipOptions(args, ['-n', '-d', '--interval', '-q'])), {
        kind: 'shell-string',
        program,
      });
      return;
    case 'xargs':
      xargs(command, state, walker);
      return;
    case 'parallel':
      parallel(command, state, walker);
      return;
    case 'find':
      find(command, state, walker);
      return;
    case 'ssh':
      ssh(command, state, walker);
      return;
    case 'docker':
    case 'podman':
    case 'kubectl':
    case 'oc':
      container(command, state, walker);
      return;
    case 'git':
      gitAlias(command, state, walker);
      return;
  }
  if (program.endsWith('.sh') || program.endsWith('.bash')) {
    script(command, state, walker, command.programWord, program);
    return;
  }
}

function joinWords(words: readonly Word[]): Word {
  return { text: words.map((w) => w.text).join(' '), literal: words.every((w) => w.literal) };
}

function skipOptions(args: readonly Word[], valued: readonly string[]): Word[] {
  let i = 0;
  while (i < args.length && (args[i] as Word).text.startsWith('-') && (args[i] as Word).text !== '--') {
    if (valued.includes((args[i] as Word).text)) i++;
    i++;
  }
  if (args[i]?.text === '--') i++;
  return args.slice(i);
}

/** A new command from words a wrapper runs; it inherits the wrapper's redirections and stdin. */
function innerCommand(
  outer: ShellCommand,
  words: readonly Word[],
  via: Via,
  cwd = outer.cwd,
): ShellCommand | undefined {
  const [programWord, ...args] = words;
  if (!programWord) return undefined;
  return {
    program: programWord.literal ? normaliseProgram(programWord.text) : undefined,
    programWord,
    args,
    redirects: outer.redirects,
    assignments: [],
    cwd,
    context: { ...outer.context, via: [...outer.context.via, via] },
    stdin: outer.stdin,
  };
}

function unwrap(command: ShellCommand, state: ShellState, walker: Walker, spec: WrapperSpec): void {
  const program = command.program as string;
  const args = command.args;
  let i = 0;
  let cwd = command.cwd;
  while (i < args.length) {
    const text = (args[i] as Word).text;
    if (text === '--') {
      i++;
      break;
    }
    if (program === 'env' && (text === '-S' || text.startsWith('-S') || text.startsWith('--split-string'))) {
      // `env -S "rm -rf x"` splits its argument into words, much as a shell would.
      const inline = text.startsWith('--split-string=')
        ? text.slice(15)
        : text.length > 2 && !text.startsWith('--')
          ? text.slice(2)
          : undefined;
      const value = inline ?? args[i + 1]?.text ?? '';
      const rest = args.slice(inline === undefined ? i + 2 : i + 1);
      const joined = joinWords([
        { text: value, literal: (args[i + (inline === undefined ? 1 : 0)] as Word)?.literal ?? true },
        ...rest,
      ]);
      shellString(command, state, walker, joined, { kind: 'wrapper', program });
      return;
    }
    if (!text.startsWith('-') || text === '-') break;
    if (program === 'nice' && /^-\d+$/.test(text)) {
      i++;
      continue;
    }
    if (program === 'env' && (text === '-C' || text === '--chdir') && cwd !== undefined) {
      const target = args[i + 1];
      cwd = target?.literal ? join(cwd, target.text) : undefined;
    }
    if (spec.valued.includes(text)) i++;
    i++;
  }
  if (spec.assignments) while (i < args.length && /^[A-Za-z_]\w*=/.test((args[i] as Word).text)) i++;
  i += spec.operandsBefore ?? 0;
  if (program === 'flock' && args.some((a) => a.text === '-c' || a.text === '--command')) {
    optionString(command, state, walker, ['-c', '--command'], program);
    return;
  }
  if (program === 'sudo' && args.some((a) => a.text === '-s' || a.text === '-i') && i >= args.length) return;
  const inner = innerCommand(command, args.slice(i), { kind: 'wrapper', program }, cwd);
  if (inner) walker.emit(inner, state);
}

function shellString(command: ShellCommand, state: ShellState, walker: Walker, code: Word, via: Via): void {
  if (!code.literal) {
    walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
    return;
  }
  if (code.text.length > MAX_COMMAND_BYTES) {
    walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
    return;
  }
  walker.runScript(code.text, state, contextOf(command), via);
}

function contextOf(command: ShellCommand): CommandContext {
  return command.context;
}

function optionString(
  command: ShellCommand,
  state: ShellState,
  walker: Walker,
  flags: string[],
  program: string,
) {
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const text = (args[i] as Word).text;
    const bundled = /^-[a-z]*c$/.test(text) && flags.includes('-c');
    if (flags.includes(text) || bundled) {
      const code = args[i + 1];
      if (code) shellString(command, copyState(state), walker, code, { kind: 'shell-string', program });
      return;
    }
    const long = flags.find((flag) => flag.startsWith('--') && text.startsWith(`${flag}=`));
    if (long) {
      shellString(
        command,
        copyState(state),
        walker,
        { text: text.slice(long.length + 1), literal: (args[i] as Word).literal },
        { kind: 'shell-string', program },
      );
      return;
    }
  }
}

const SHELL_VALUED = ['-o', '-O', '+o', '+O', '--rcfile', '--init-file'];

function shell(command: ShellCommand, state: ShellState, walker: Walker): void {
  const program = command.program as string;
  const args = command.args;
  let i = 0;
  let readsStdin = false;
  for (; i < args.length; i++) {
    const text = (args[i] as Word).text;
    if (text === '--' || text === '-') {
      i++;
      readsStdin = text === '-';
      break;
    }
    if (!/^[-+]/.test(text)) break;
    if (SHELL_VALUED.includes(text)) {
      i++;
      continue;
    }
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(text)) {
      const code = args[i + 1];
      if (!code) return;
      const inner = copyState(state);
      inner.positional = args.slice(i + 2).map((w) => (w.literal ? w.text : UNKNOWN));
      if (!inner.positional.length) inner.positional = [program];
      shellString(command, inner, walker, code, { kind: 'shell-string', program });
      return;
    }
    if (/^-[a-zA-Z]*s/.test(text)) readsStdin = true;
  }
  const file = args[i];
  if (file && !readsStdin) {
    script(command, state, walker, file, program);
    return;
  }
  pipedCode(command, state, walker, program);
}

/** The code a shell or interpreter reads on stdin: decidable (a here-doc, `echo ... |`) or not. */
function pipedCode(command: ShellCommand, state: ShellState, walker: Walker, program: string): void {
  const fromFile = command.redirects.find((r) => r.fd === 0 && r.mode === 'read');
  if (fromFile && !INTERPRETERS[program]) {
    script(command, state, walker, fromFile.target, program);
    return;
  }
  if (fromFile) {
    walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
    return;
  }
  const code = stdinCode(command, walker);
  const producers = command.stdin?.kind === 'pipe' ? command.stdin.from : [];
  if (code === undefined) {
    if (command.stdin) walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers });
    return;
  }
  const language = INTERPRETERS[program]?.language;
  if (language) {
    inline(command, state, walker, language, code);
    return;
  }
  walker.runScript(code, copyState(state), command.context, { kind: 'piped-code', program });
}

function stdinCode(command: ShellCommand, walker: Walker): string | undefined {
  const stdin = command.stdin;
  if (!stdin) return undefined;
  if (stdin.kind === 'text') return stdin.literal ? stdin.text : undefined;
  return staticOutput(stdin.from, walker.env);
}

function script(
  command: ShellCommand,
  state: ShellState,
  walker: Walker,
  file: Word | undefined,
  program: string,
) {
  if (!file) {
    pipedCode(command, state, walker, program);
    return;
  }
  const producers = walker.line.processOutputs.get(file.text);
  if (producers) {
    const code = staticOutput(producers, walker.env);
    if (code === undefined) {
      walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers });
      return;
    }
    walker.runScript(code, copyState(state), command.context, { kind: 'piped-code', program });
    return;
  }
  if (!file.literal || command.cwd === undefined) {
    walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
    return;
  }
  const path = resolve(command.cwd, file.text);
  if (state.written.has(path)) {
    const code = state.written.get(path);
    if (code === undefined)
      walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
    else walker.runScript(code, copyState(state), command.context, { kind: 'script', path });
    return;
  }
  const text = walker.env.fs.readText(path, MAX_COMMAND_BYTES);
  if (text === undefined || text.includes('\0')) return;
  walker.runScript(text, copyState(state), command.context, { kind: 'script', path });
}

function interpreter(command: ShellCommand, state: ShellState, walker: Walker): void {
  const program = command.program as string;
  const { language, codeFlags } = INTERPRETERS[program] as (typeof INTERPRETERS)[string];
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const text = (args[i] as Word).text;
    // perl -ne, -pe, -lane: the code follows the bundle that ends in e.
    const bundledPerl = language === 'perl' && /^-[a-zA-Z]*[eE]$/.test(text);
    const flag = codeFlags.find((f) => text === f || (f.startsWith('--') && text.startsWith(`${f}=`)));
    if (flag || bundledPerl) {
      const code =
        flag?.startsWith('--') && text.includes('=')
          ? { text: text.slice(flag.length + 1), literal: (args[i] as Word).literal }
          : args[i + 1];
      if (!code) return;
      if (!code.literal) {
        walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
        return;
      }
      inline(command, state, walker, language, code.text);
      return;
    }
    if (text === '-') pipedCode(command, state, walker, program);
    if (text === '-m' || text === '-') return;
    if (!text.startsWith('-')) return;
  }
  pipedCode(command, state, walker, program);
}

function inline(
  command: ShellCommand,
  state: ShellState,
  walker: Walker,
  language: InlineLanguage,
  code: string,
) {
  const via: Via = { kind: 'inline-code', language };
  for (const effect of inlineEffects(language, code, walker.env.installDir)) {
    const words = effectWords(effect);
    if (effect.kind === 'spawn' && effect.command !== undefined) {
      walker.runScript(effect.command, copyState(state), command.context, via);
    } else if (words) {
      const inner = innerCommand({ ...command, redirects: [], stdin: undefined }, words, via);
      if (inner) walker.emit(inner, state);
    } else {
      walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
    }
  }
}

const literal = (text: string): Word => ({ text, literal: true });
const unknownWord = (): Word => ({ text: '…', literal: false });

/** An interpreter's effect as the shell command that does the same, so one set of rules judges both. */
function effectWords(effect: InlineEffect): Word[] | undefined {
  const target = (value: string | undefined) => (value === undefined ? unknownWord() : literal(value));
  switch (effect.kind) {
    case 'delete':
      return [literal('rm'), ...(effect.recursive ? [literal('-rf')] : []), target(effect.path)];
    case 'read':
      return [literal('cat'), target(effect.path)];
    case 'write':
      return [literal('tee'), target(effect.path)];
    case 'network':
      return [literal('curl'), target(effect.host === undefined ? undefined : `https://${effect.host}/`)];
    case 'spawn':
    case 'dynamic-code':
    case 'unparsed':
      return undefined;
  }
}

const XARGS_VALUED = [
  '-I',
  '-i',
  '-n',
  '-P',
  '-L',
  '-l',
  '-d',
  '-a',
  '-E',
  '-e',
  '-s',
  '--max-args',
  '--max-procs',
  '--delimiter',
  '--arg-file',
  '--replace',
  '--max-lines',
  '--eof',
];

/**
 * What xargs is fed when the pipe starts with `find DIR ...` or `ls DIR`: an entry below DIR (with
 * find's `-name` as the glob), not just anything.
 */
function listedEntry(command: ShellCommand): Word | undefined {
  const source = command.stdin?.kind === 'pipe' ? command.stdin.from[0] : undefined;
  if (source?.program !== 'find' && source?.program !== 'ls') return undefined;
  const root = source.args.find((w) => !w.text.startsWith('-')) ?? literal('.');
  if (!root.literal || (source.program === 'find' && source.args.indexOf(root) > 0)) return undefined;
  const name = source.program === 'find' ? findName(source.args) : undefined;
  const base = root.text.replace(/\/+$/, '');
  return { text: `${base}/…`, literal: true, glob: `${base}/**/${name ?? '*'}` };
}

function fill(word: Word, placeholder: string, item: Word | undefined): Word {
  if (!item) return { text: word.text.replaceAll(placeholder, '…'), literal: false };
  const text = word.text.replaceAll(placeholder, item.text);
  return word.text === placeholder ? item : { ...word, text };
}

function xargs(command: ShellCommand, state: ShellState, walker: Walker): void {
  const args = command.args;
  let i = 0;
  let replace: string | undefined;
  for (; i < args.length; i++) {
    const text = (args[i] as Word).text;
    if (text === '--') {
      i++;
      break;
    }
    if (!text.startsWith('-')) break;
    if (text === '-I') replace = args[i + 1]?.text;
    else if (text.startsWith('-I')) replace = text.slice(2);
    else if (text === '-i' || text.startsWith('--replace')) replace = '{}';
    if (XARGS_VALUED.includes(text)) i++;
  }
  const words = args.slice(i);
  if (!words.length) words.push(literal('echo'));
  const item = listedEntry(command);
  const fed = replace
    ? words.map((w) => (w.text.includes(replace as string) ? fill(w, replace as string, item) : w))
    : [...words, item ?? unknownWord()];
  const inner = innerCommand(
    { ...command, stdin: undefined },
    fed.length ? fed : [literal('echo'), unknownWord()],
    {
      kind: 'fan-out',
      program: 'xargs',
    },
  );
  if (inner) walker.emit(inner, state);
}

function parallel(command: ShellCommand, state: ShellState, walker: Walker): void {
  const words = skipOptions(command.args, ['-j', '--jobs', '-S', '--sshlogin']);
  const end = words.findIndex((w) => w.text === ':::' || w.text === '::::');
  const commandWords = (end < 0 ? words : words.slice(0, end)).map((w) =>
    w.text.includes('{}') ? unknownWord() : w,
  );
  const inputs = end < 0 ? [unknownWord()] : words.slice(end + 1);
  for (const input of inputs.slice(0, 8)) {
    const inner = innerCommand(command, [...commandWords, input], { kind: 'fan-out', program: 'parallel' });
    if (inner) walker.emit(inner, state);
  }
}

/** Tests that choose what find acts on; without one, the start directory itself is acted on too. */
const FIND_TESTS =
  /^-(?:i?name|i?path|i?regex|i?wholename|type|newer|[acm]time|[acm]min|size|empty|user|group|perm|links|inum|samefile|mindepth)$/;

/** The literal `-name` pattern of a find command, if it has exactly one. */
export function findName(args: readonly Word[]): string | undefined {
  const names = args.flatMap((a, i) =>
    a.text === '-name' && args[i + 1]?.literal ? [(args[i + 1] as Word).text] : [],
  );
  return names.length === 1 ? names[0] : undefined;
}

function find(command: ShellCommand, state: ShellState, walker: Walker): void {
  const args = command.args;
  const firstOption = args.findIndex((a) => a.text.startsWith('-') || a.text === '(' || a.text === '!');
  const root = (firstOption < 0 ? args : args.slice(0, firstOption))[0] ?? literal('.');
  const selects = args.some((a) => FIND_TESTS.test(a.text));
  // `{}` is an entry below the start directory (or the directory itself when nothing is chosen).
  const found = root.literal ? (selects ? `${root.text.replace(/\/+$/, '')}/…` : root.text) : undefined;
  const name = findName(args);
  const below = `${root.text.replace(/\/+$/, '')}/**/${name ?? '*'}`;
  const substitute = (word: Word): Word => {
    if (!word.text.includes('{}')) return word;
    if (found === undefined)
      return { text: word.text.replaceAll('{}', '…'), literal: false, glob: `${root.text}/*` };
    const selected = word.text === '{}' && selects ? { glob: below } : {};
    return { ...word, text: word.text.replaceAll('{}', found), ...selected };
  };
  for (let i = 0; i < args.length; i++) {
    const text = (args[i] as Word).text;
    if (!['-exec', '-execdir', '-ok', '-okdir'].includes(text)) continue;
    const end = args.findIndex((a, k) => k > i && (a.text === ';' || a.text === '+'));
    const words = args.slice(i + 1, end < 0 ? args.length : end).map(substitute);
    const inner = innerCommand(command, words, { kind: 'fan-out', program: 'find' });
    if (inner) walker.emit(inner, state);
    if (end < 0) break;
    i = end;
  }
}

/** ssh options that take a value; in a bundle (`-fNR 8080:host:80`) the last letter decides. */
const SSH_VALUED = new Set('pilOFJLRDEbcemQSWwB');

function ssh(command: ShellCommand, state: ShellState, walker: Walker): void {
  const args = command.args;
  let i = 0;
  while (i < args.length && (args[i] as Word).text.startsWith('-')) {
    const text = (args[i] as Word).text;
    i++;
    if (/^-[a-zA-Z]+$/.test(text) && SSH_VALUED.has(text.at(-1) as string)) i++;
  }
  const rest = args.slice(i);
  const [host, ...words] = rest;
  if (!host || !words.length) return;
  const remote = copyState(state);
  remote.cwd = undefined;
  shellString(command, remote, walker, joinWords(words), { kind: 'remote', program: 'ssh', host: host.text });
}

const CONTAINER_VALUED = [
  '-e',
  '--env',
  '-u',
  '--user',
  '-w',
  '--workdir',
  '-c',
  '--container',
  '-n',
  '--namespace',
  '--env-file',
  '--detach-keys',
];

function container(command: ShellCommand, state: ShellState, walker: Walker): void {
  const args = command.args;
  if (args[0]?.text !== 'exec') return;
  const dash = args.findIndex((a) => a.text === '--');
  const words =
    command.program === 'kubectl' || command.program === 'oc'
      ? dash < 0
        ? []
        : args.slice(dash + 1)
      : skipOptions(args.slice(1), CONTAINER_VALUED).slice(1);
  const target = command.program === 'kubectl' ? 'a pod' : 'a container';
  const remote = copyState(state);
  remote.cwd = undefined;
  const inner = innerCommand(
    command,
    words,
    { kind: 'remote', program: command.program as string, host: target },
    undefined,
  );
  if (inner) walker.emit(inner, remote);
}

/** `git -c alias.x='!rm -rf ~' x`: a shell alias defined on the command line runs its text. */
function gitAlias(command: ShellCommand, state: ShellState, walker: Walker): void {
  const args = command.args;
  for (let i = 0; i + 1 < args.length; i++) {
    if (args[i]?.text !== '-c') continue;
    const setting = (args[i + 1] as Word).text;
    const match = /^alias\.[^=]+=!(.*)$/s.exec(setting);
    if (match)
      shellString(
        command,
        copyState(state),
        walker,
        { text: match[1] as string, literal: (args[i + 1] as Word).literal },
        { kind: 'shell-string', program: 'git' },
      );
  }
}
