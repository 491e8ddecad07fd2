// Every way one command runs another: wrappers (`sudo`, `env`, `timeout`...), shell strings
// (`bash -c`, `eval`, `su -c`, `ssh host cmd`), fan-out (`xargs`, `find -exec`, `parallel`), code
// piped or fed into a shell or interpreter, scripts on disk, and inline interpreter code.
import { resolve } from 'node:path';
import type { FileView } from '../files/fs-view';
import { tarRunsProgram } from './access';
import { UNKNOWN } from './expand';
import type { InlineEffect, InlineLanguage } from './inline/effects';
import type { ShellCommand, Via, Word } from './ir';
import { MAX_COMMAND_BYTES } from './limits';
import { makeRecipes } from './makefile';
import { packageScripts } from './package-scripts';
import { INTERPRETERS, normaliseProgram, SHELLS } from './programs';
import type { ProjectCode } from './project-code';
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
  npx: { valued: ['-p', '--package'] },
  toybox: { valued: [] },
  fakeroot: { valued: ['-l', '--lib', '--faked', '-s', '-i'] },
  'systemd-run': {
    valued: ['-u', '--unit', '-p', '--property', '-E', '--setenv', '-M', '--machine', '--slice'],
  },
  coproc: { valued: [] },
};

export function follow(command: ShellCommand, state: ShellState, walker: Walker): void {
  const program = command.program;
  if (!program) return;
  const args = command.args;
  if (program === 'command' && args.some((a) => a.text === '-v' || a.text === '-V')) return;
  if (program === 'doppler' && args[0]?.text !== 'run') return;
  // npx runs a package's binary: judged as that program (`npx -c 'cmd'` runs a shell string).
  if (program === 'npx' && args.some((a) => a.text === '-c' || a.text === '--call')) {
    optionString(command, state, walker, ['-c', '--call'], program);
    return;
  }
  if (program in WRAPPERS) {
    unwrap(command, state, walker, WRAPPERS[program] as WrapperSpec);
    return;
  }
  if (SHELLS.has(program)) {
    shell(command, state, walker);
    return;
  }
  if (PACKAGE_MANAGERS.has(program)) {
    // `npm exec -- CMD`, `pnpm exec CMD`, `yarn exec CMD`, `pnpm dlx CMD`, `bun x CMD`.
    const sub = args.findIndex((a) => !a.text.startsWith('-'));
    if (['exec', 'x', 'dlx'].includes(args[sub]?.text ?? '')) {
      if (args.some((a) => a.text === '-c' || a.text === '--call' || a.text === '--shell-mode')) {
        optionString(command, state, walker, ['-c', '--call'], program);
        return;
      }
      const rest = skipOptions(args.slice(sub + 1), ['-p', '--package']);
      const inner = innerCommand(command, rest, {
        kind: 'wrapper',
        program: `${program} ${args[sub]?.text}`,
      });
      if (inner) walker.emit(inner, state);
      return;
    }
    // `bun dev` runs a package script when one has that name; `bun x.ts` and `bun -e` run code.
    const scripts =
      command.cwd === undefined ? [] : packageScripts(program, texts(args), command.cwd, walker.env.fs);
    if (program !== 'bun' || scripts.length || args[0]?.text === 'run') {
      projectCode(command, state, walker, () => scripts);
      return;
    }
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
    case 'fd':
    case 'fdfind':
      findLike(command, state, walker, ['-x', '--exec', '-X', '--exec-batch']);
      return;
    case 'uv':
    case 'poetry':
    case 'pipenv':
    case 'pdm':
    case 'bundle':
    case 'cargo':
    case 'dotnet':
      // `uv run CMD`, `poetry run CMD`, `bundle exec CMD`: the package tool runs the command.
      runSubcommand(command, state, walker, ['run', 'exec']);
      return;
    case 'tmux':
    case 'screen':
    case 'nsenter':
    case 'unshare':
      runTrailingCommand(command, state, walker);
      return;
    case 'make':
    case 'gmake':
      if (runsHiddenCode(command, walker.env.fs)) {
        walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
        return;
      }
      projectCode(command, state, walker, (cwd) =>
        makeRecipes(
          args.map((w) => w.text),
          cwd,
          walker.env.fs,
        ),
      );
      return;
    case 'awk':
    case 'gawk':
    case 'mawk':
    case 'sed':
    case 'vim':
    case 'vi':
    case 'nvim':
    case 'ex':
    case 'tar':
    case 'lua':
    case 'tclsh':
    case 'expect':
      if (runsHiddenCode(command, walker.env.fs))
        walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
      return;
    case 'find':
      find(command, state, walker);
      return;
    case 'hash':
      // `hash -p /bin/rm ls`: from now on `ls` runs /bin/rm, however it is written (`\\ls`,
      // `command ls`). Which program a name runs is then not what it says: unknown.
      if (args.some((word) => /^-[a-zA-Z]*p/.test(word.text)))
        walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
      return;
    case 'mapfile':
    case 'readarray':
      mapfileCallback(command, state, walker);
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
      gitRunsCode(command, state, walker);
      return;
  }
  // `./x`, `scripts/deploy.sh`: a file run directly. Read when it is a script; binaries are skipped.
  if (program.endsWith('.sh') || program.endsWith('.bash') || command.programWord.text.includes('/')) {
    script(command, state, walker, command.programWord, program);
    return;
  }
}

/** Scripts of package.json and Makefile recipes, each run by its own shell in its folder. */
function projectCode(
  command: ShellCommand,
  state: ShellState,
  walker: Walker,
  read: (cwd: string) => ProjectCode[],
): void {
  if (command.cwd === undefined) {
    walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
    return;
  }
  for (const code of read(command.cwd)) {
    if ('unknown' in code)
      walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
    else
      walker.runScript(code.code, { ...copyState(state), cwd: code.cwd }, command.context, {
        kind: 'script',
        path: code.source,
      });
  }
}

const PACKAGE_MANAGERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);
const texts = (words: readonly Word[]) => words.map((w) => w.text);

/**
 * `mapfile -C callback` (also `-tC cb`, `-Ccb`) runs the callback with an index and a line it
 * adds: what the callback names is judged, and the added arguments make it unknown code besides.
 */
function mapfileCallback(command: ShellCommand, state: ShellState, walker: Walker): void {
  const args = command.args;
  const at = args.findIndex((word) => /^-[a-zA-Z]*C/.test(word.text));
  if (at < 0) return;
  const option = (args[at] as Word).text;
  const attached = option.slice(option.indexOf('C') + 1);
  const callback = attached ? { ...(args[at] as Word), text: attached } : args[at + 1];
  if (callback?.literal) {
    walker.runScript(callback.text, copyState(state), command.context, {
      kind: 'shell-string',
      program: 'mapfile',
    });
  }
  walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
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
    // `env -C DIR`, `-CDIR`, `--chdir=DIR`: the command runs there.
    if (program === 'env' && (text.startsWith('-C') || text.startsWith('--chdir'))) {
      const attached = text.startsWith('--chdir=')
        ? text.slice(8)
        : text.startsWith('-C') && text.length > 2
          ? text.slice(2)
          : undefined;
      const target = attached === undefined ? args[i + 1] : { ...(args[i] as Word), text: attached };
      cwd = target?.literal && cwd !== undefined ? resolve(cwd, target.text) : undefined;
      if (attached !== undefined) {
        i++;
        continue;
      }
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
  walker.runScript(code.text, state, command.context, via);
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
  let runsString = false;
  for (; i < args.length; i++) {
    const text = (args[i] as Word).text;
    if (text === '--' || text === '-') {
      i++;
      readsStdin ||= text === '-';
      break;
    }
    if (!/^[-+]/.test(text)) break;
    if (SHELL_VALUED.includes(text)) {
      i++;
      continue;
    }
    // `-c` takes the first word that is not an option as the code: `bash -c -e 'cmd'` too.
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(text)) runsString = true;
    if (/^-[a-zA-Z]*s/.test(text)) readsStdin = true;
  }
  if (runsString) {
    const code = args[i];
    if (!code) return;
    const inner = copyState(state);
    inner.positional = args.slice(i + 1).map((w) => (w.literal ? w.text : UNKNOWN));
    if (!inner.positional.length) inner.positional = [program];
    shellString(command, inner, walker, code, { kind: 'shell-string', program });
    return;
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
  // `bash /dev/stdin <<< 'code'`: the script is whatever stdin brings.
  if (!file || /^\/(?:dev\/stdin|dev\/fd\/0|proc\/self\/fd\/0)$/.test(file.text)) {
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
  // Run directly (`./x`), a file is shell code only if its first line says so.
  const direct = file === command.programWord;
  if (direct && !SHELL_SCRIPT.test(text) && !/\.(?:sh|bash)$/.test(path)) return;
  walker.runScript(text, copyState(state), command.context, { kind: 'script', path });
}

const SHELL_SCRIPT = /^#!\s*\S*\/(?:env\s+(?:-\S+\s+)*)?(?:ba|z|k|da|a)?sh(?:\s|$)/;

/** Interpreter options whose next word is a value, not the script. */
const INTERPRETER_VALUED = [
  '-W',
  '-X',
  '-I',
  '-M',
  '-r',
  '--require',
  '-d',
  '-C',
  '-x',
  '--import',
  '--loader',
  '-c',
];

function interpreter(command: ShellCommand, state: ShellState, walker: Walker): void {
  const program = command.program as string;
  const { language, codeFlags } = INTERPRETERS[program] as (typeof INTERPRETERS)[string];
  const letters = codeFlags.filter((f) => /^-[a-zA-Z]$/.test(f)).map((f) => f[1] as string);
  const args = command.args;
  const run = (code: Word | undefined) => {
    if (!code) return;
    if (!code.literal) walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
    else inline(command, state, walker, language, code.text);
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as Word;
    const text = word.text;
    const long = codeFlags.find((f) => f.startsWith('--') && (text === f || text.startsWith(`${f}=`)));
    if (long) {
      run(text === long ? args[i + 1] : { ...word, text: text.slice(long.length + 1) });
      return;
    }
    // A bundle of single-letter options ending in the code option (`-pe`, `-Ic`, `-lane`), or the
    // code attached to it (`-c'print(1)'`, `-e'system(...)'`).
    const bundle = /^-([a-zA-Z]+)(.*)$/s.exec(text);
    if (bundle && letters.length) {
      const flags = bundle[1] as string;
      const endsInCode = letters.includes(flags.at(-1) as string) && bundle[2] === '';
      const at = endsInCode ? flags.length - 1 : [...flags].findIndex((letter) => letters.includes(letter));
      if (at >= 0) {
        const attached = flags.slice(at + 1) + (bundle[2] as string);
        run(attached ? { ...word, text: attached } : args[i + 1]);
        return;
      }
    }
    if (text === '-') {
      pipedCode(command, state, walker, program);
      return;
    }
    if (text === '-m' || text === '--') return;
    if (INTERPRETER_VALUED.includes(text)) {
      i++;
      continue;
    }
    if (!text.startsWith('-')) {
      // A script: known only if this line produced it (`python <(curl ...)`, a file it wrote).
      const producers = walker.line.processOutputs.get(text);
      const written = command.cwd !== undefined && state.written.has(resolve(command.cwd, text));
      if (producers || written) {
        walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: producers ?? [] });
      }
      return;
    }
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
  const analyse = walker.env.inlineEffects;
  if (!analyse) {
    walker.line.needsInlineAnalysis = true;
    return;
  }
  for (const effect of analyse(language, code, walker.env.installDir)) {
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

// `-i`, `-l`, `-e` and their long forms take their value attached (`-i{}`, `--replace=R`) or none.
const XARGS_VALUED = [
  '-I',
  '-n',
  '-P',
  '-L',
  '-d',
  '-a',
  '-E',
  '-s',
  '--max-args',
  '--max-procs',
  '--delimiter',
  '--arg-file',
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
    else if (text.startsWith('-i')) replace = text.slice(2) || '{}';
    else if (text.startsWith('--replace')) replace = text.slice('--replace='.length) || '{}';
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
  // `parallel ::: 'cmd1' 'cmd2'`: with no command, each input is a command line.
  if (!commandWords.length) {
    for (const input of inputs.slice(0, 64))
      shellString(command, copyState(state), walker, input, { kind: 'fan-out', program: 'parallel' });
    return;
  }
  for (const input of inputs.slice(0, 8)) {
    const inner = innerCommand(command, [...commandWords, input], { kind: 'fan-out', program: 'parallel' });
    if (inner) walker.emit(inner, state);
  }
}

/** `fd PATTERN DIR -x cmd`: like find -exec, on entries below DIR (unknown to bulwark). */
function findLike(command: ShellCommand, state: ShellState, walker: Walker, flags: string[]): void {
  const args = command.args;
  const at = args.findIndex((a) => flags.includes(a.text));
  if (at < 0) return;
  const words = args
    .slice(at + 1)
    .map((w) => (w.text.includes('{}') ? { text: w.text.replaceAll('{}', '…'), literal: false } : w));
  const placeholder = words.some((w) => !w.literal) ? words : [...words, unknownWord()];
  const inner = innerCommand(command, placeholder, { kind: 'fan-out', program: command.program as string });
  if (inner) walker.emit(inner, state);
}

function runSubcommand(
  command: ShellCommand,
  state: ShellState,
  walker: Walker,
  subcommands: string[],
): void {
  const at = command.args.findIndex((a) => subcommands.includes(a.text));
  if (at < 0 || command.args.slice(0, at).some((a) => !a.text.startsWith('-'))) return;
  const words = skipOptions(command.args.slice(at + 1), [
    '--with',
    '-p',
    '--python',
    '--project',
    '--env-file',
  ]);
  const inner = innerCommand(command, words, {
    kind: 'wrapper',
    program: `${command.program} ${command.args[at]?.text}`,
  });
  if (inner) walker.emit(inner, state);
}

/** `tmux new-session -d 'cmd'`, `screen -dm cmd`, `unshare -r cmd`: the last words are a command. */
function runTrailingCommand(command: ShellCommand, state: ShellState, walker: Walker): void {
  const args = command.args;
  if (command.program === 'tmux') {
    const sub = args.find((a) => !a.text.startsWith('-'))?.text ?? '';
    if (
      !/^(?:new-session|new|new-window|neww|split-window|splitw|send-keys|send|run-shell|run|respawn-pane)$/.test(
        sub,
      )
    )
      return;
    const last = args.at(-1);
    if (last && last.text !== sub)
      shellString(command, copyState(state), walker, last, { kind: 'wrapper', program: 'tmux' });
    return;
  }
  const valued =
    command.program === 'screen'
      ? ['-S', '-c', '-e', '-h', '-L', '-p', '-T', '-t', '-X']
      : ['-t', '--target', '-n', '--net', '-m', '--mount'];
  const inner = innerCommand(command, skipOptions(args, valued), {
    kind: 'wrapper',
    program: command.program as string,
  });
  if (inner) walker.emit(inner, state);
}

/** awk options whose value is a file of awk code (gawk's -f, -E, -i) or not code at all. */
/** Options that take awk code from a file: -f (gawk also looks it up in AWKPATH, adding .awk). */
const AWK_FILE_OPTIONS = new Set(['-f', '--file']);
/** Options that load code bulwark does not read: gawk's includes and extensions, mawk's -W exec. */
const AWK_LOADS_CODE = new Set(['-i', '--include', '-l', '--load', '-E', '--exec', '-W']);
const AWK_BEFORE_OPERAND = new Set(['print', 'printf', 'return', 'in', 'do', 'else', 'case', 'getline']);
const AWK_VALUED = new Set(['-v', '--assign', '-F', '--field-separator']);
const AWK_SOURCE = new Set(['-e', '--source']);

/**
 * The awk program of a command line: the program text, `-e` sources, and `-f` files read through
 * `readFile`. Undefined when part of the program cannot be read: a computed or missing file
 * (gawk would search AWKPATH), standard input, an include or an extension.
 */
function awkProgram(
  words: readonly Word[],
  readFile: (word: Word) => string | undefined,
): string | undefined {
  const sources: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    // `--file=x`, `-fx`, `-e'code'`: an option and its value in one word.
    const long = /^(--[a-z-]+)=(.*)$/s.exec(word.text);
    const short = /^(-[a-zA-Z])(.+)$/s.exec(word.text);
    const [option, attached] = long
      ? [long[1], long[2]]
      : short && !AWK_VALUED.has(short[1] as string)
        ? [short[1], short[2]]
        : [word.text, undefined];
    const value = () => (attached !== undefined ? { ...word, text: attached } : words[++i]);
    if (AWK_LOADS_CODE.has(option as string)) return undefined;
    if (AWK_FILE_OPTIONS.has(option as string)) {
      const file = value();
      const code = file && file.text !== '-' ? readFile(file) : undefined;
      if (code === undefined) return undefined;
      sources.push(code);
    } else if (AWK_SOURCE.has(option as string)) sources.push(value()?.text ?? '');
    else if (AWK_VALUED.has(option as string)) {
      if (attached === undefined) i++;
    } else if (word.text === '--' || !word.text.startsWith('-')) {
      // Without -f or -e, the first operand is the program; with them, operands are data files.
      if (sources.length) break;
      return word.text === '--' ? (words[i + 1]?.text ?? '') : word.text;
    }
  }
  return sources.join('\n');
}

/**
 * awk's system(), `cmd | getline` (and gawk's `|&`), `print | cmd`, `print > file`. Strings and
 * regex literals are emptied and comments dropped first, so that `printf "%s|"` or `/a|b/` is
 * not taken for a pipe and `/"/` does not hide what follows.
 */
function awkRunsOrWrites(program: string): boolean {
  // Whether a `/` divides or starts a regex is not always clear from the text before it: the
  // program counts as running code if either reading says so.
  return [true, false].some((regexes) => {
    const code = awkSyntaxOnly(program, regexes);
    // `@include`, `@load` and indirect calls (`@f()`) bring in code chosen elsewhere.
    if (/\bsystem\s*\(|\|&?\s*getline|@\w/.test(code)) return true;
    // Statement by statement: `print ... | cmd` or `> file`, and `getline < file` (a file read
    // bulwark does not judge), without a pattern that scans the program more than once.
    return code.split(/[;\n{}]/).some((statement) => {
      const print = statement.search(/\bprint/);
      if (print >= 0 && /[|>]/.test(statement.slice(print).replaceAll('||', ''))) return true;
      const getline = statement.search(/\bgetline\b/);
      return getline >= 0 && statement.includes('<', getline);
    });
  });
}

function awkSyntaxOnly(program: string, regexes: boolean): string {
  let out = '';
  // A `/` starts a regex where an operand may start: not after a name, a number or a `)`.
  let operandMayStart = regexes;
  let word = '';
  for (let i = 0; i < program.length; i++) {
    const char = program[i] as string;
    if (char === '"' || (char === '/' && operandMayStart)) {
      let end = i + 1;
      while (end < program.length && program[end] !== char && program[end] !== '\n') {
        end += program[end] === '\\' ? 2 : 1;
      }
      out += char + char;
      i = end;
      operandMayStart = false;
    } else if (char === '#') {
      while (i + 1 < program.length && program[i + 1] !== '\n') i++;
    } else {
      out += char;
      if (/\s/.test(char)) {
        // After a keyword such as print or return, an operand (a regex) may start.
        if (AWK_BEFORE_OPERAND.has(word)) operandMayStart = regexes;
        word = '';
      } else {
        word = /\w/.test(char) ? word + char : '';
        operandMayStart = regexes && !/[\w)\]$]/.test(char);
      }
    }
  }
  return out;
}

/** Programs with their own ways to run commands: awk system(), sed `e`, vim `:!`, tar actions, make. */
function runsHiddenCode(command: ShellCommand, fs: FileView): boolean {
  const texts = command.args.map((w) => w.text);
  switch (command.program) {
    case 'awk':
    case 'gawk':
    case 'mawk': {
      const program = awkProgram(command.args, (file) =>
        file.literal && command.cwd !== undefined
          ? fs.readText(resolve(command.cwd, file.text), MAX_COMMAND_BYTES)
          : undefined,
      );
      return program === undefined || awkRunsOrWrites(program);
    }
    case 'sed':
      return texts.some(
        (t) =>
          !t.startsWith('-') &&
          (/(^|[;\n]\s*)(\d+|\$)?\s*e(\s|$)/.test(t) || /s(.).*\1.*\1[gpiI0-9]*e/.test(t)),
      );
    case 'vim':
    case 'vi':
    case 'nvim':
    case 'ex':
      return texts.some(
        (t, i) =>
          (t === '-c' || t.startsWith('+')) &&
          /!|system\s*\(|:\s*(?:py|lua|perl|ruby)/.test(t.startsWith('+') ? t : (texts[i + 1] ?? '')),
      );
    case 'tar':
      return tarRunsProgram(command);
    case 'make':
      return texts.some((t) => t.startsWith('--eval') || t === '-E');
    default:
      return texts.some((t) => t === '-e' || t === '-c');
  }
}

/** Tests that choose what find acts on; without one, the start directory itself is acted on too. */
const FIND_TESTS =
  /^-(?:i?name|i?path|i?regex|i?wholename|type|newer|[acm]time|[acm]min|size|empty|user|group|perm|links|inum|samefile|mindepth)$/;

/** The literal `-name` pattern of a find command, if it has exactly one. */
function findName(args: readonly Word[]): string | undefined {
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
const SSH_VALUED = new Set('pilOoFJLRDEbcemQSWwB');

function ssh(command: ShellCommand, state: ShellState, walker: Walker): void {
  // OpenSSH reads options before and after the host: `ssh host -t 'cmd'`, `ssh -o X=y host -- cmd`.
  const args = command.args;
  const operands: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as Word;
    if (operands.length >= 1 && word.text === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (word.text.startsWith('-') && operands.length <= 1) {
      if (/^-[a-zA-Z]+$/.test(word.text) && SSH_VALUED.has(word.text.at(-1) as string)) i++;
      continue;
    }
    operands.push(word);
    if (operands.length > 1) {
      operands.push(...args.slice(i + 1));
      break;
    }
  }
  const [host, ...words] = operands;
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

/** git settings whose value is a command git runs: `core.fsmonitor`, `alias.x=!cmd`, `core.pager`... */
const GIT_COMMAND_SETTING =
  /^(?:alias\.[^=]+|core\.(?:fsmonitor|sshcommand|pager|editor|askpass)|sequence\.editor|diff\.external|diff\.[^=]+\.(?:textconv|command)|merge\.[^=]+\.driver|filter\.[^=]+\.(?:clean|smudge|process)|credential(?:\.[^=]+)?\.helper|gpg(?:\.[^=]+)?\.program|pager\.[^=]+|uploadpack\.packobjectshook)$/i;
const GIT_COMMAND_VARIABLES =
  /^GIT_(?:SSH_COMMAND|SSH|EDITOR|PAGER|ASKPASS|EXTERNAL_DIFF|SEQUENCE_EDITOR|PROXY_COMMAND)$/;

/** Everything in a git invocation that makes git run a shell command. */
function gitRunsCode(command: ShellCommand, state: ShellState, walker: Walker): void {
  const args = command.args;
  const run = (code: Word) =>
    shellString(command, copyState(state), walker, code, { kind: 'shell-string', program: 'git' });
  const setting = (key: string, value: Word) => {
    if (!GIT_COMMAND_SETTING.test(key)) return;
    // An alias or credential helper runs a shell command only when it starts with `!`.
    const bang = /^(?:alias|credential)/i.test(key);
    if (bang && !value.text.startsWith('!')) return;
    run({ ...value, text: bang ? value.text.slice(1) : value.text });
  };
  for (let i = 0; i < args.length; i++) {
    const text = (args[i] as Word).text;
    if (text === '-c' && args[i + 1]) {
      const pair = (args[i + 1] as Word).text;
      const equals = pair.indexOf('=');
      if (equals > 0)
        setting(pair.slice(0, equals), { ...(args[i + 1] as Word), text: pair.slice(equals + 1) });
    }
  }
  for (const assignment of command.assignments) {
    if (GIT_COMMAND_VARIABLES.test(assignment.name)) run(assignment.value);
    if (/^GIT_CONFIG_(?:PARAMETERS|COUNT|KEY_\d+|VALUE_\d+)$/.test(assignment.name)) {
      walker.line.uncertain.push({ kind: 'unknown-code', runner: command, producers: [] });
    }
  }
  const operands = args.filter((a) => !a.text.startsWith('-'));
  const sub = operands[0]?.text;
  const position = operands[0] ? args.indexOf(operands[0]) : -1;
  const after = position < 0 ? [] : args.slice(position + 1);
  if (sub === 'config') {
    const values = after.filter((a) => !a.text.startsWith('-'));
    if (values.length >= 2) setting((values[0] as Word).text, values[1] as Word);
  }
  if (sub === 'rebase') {
    for (let i = 0; i < after.length; i++) {
      const text = (after[i] as Word).text;
      if ((text === '--exec' || text === '-x') && after[i + 1]) run(after[i + 1] as Word);
      if (text.startsWith('--exec=')) run({ ...(after[i] as Word), text: text.slice(7) });
    }
  }
  if (sub === 'submodule' && after.some((a) => a.text === 'foreach')) {
    const words = after
      .slice(after.findIndex((a) => a.text === 'foreach') + 1)
      .filter((a) => a.text !== '--recursive');
    if (words.length) run(joinWords(words));
  }
  if (sub === 'bisect' && after[0]?.text === 'run') {
    const inner = innerCommand(command, after.slice(1), { kind: 'wrapper', program: 'git bisect run' });
    if (inner) walker.emit(inner, state);
  }
}
