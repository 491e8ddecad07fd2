// Program names as rules see them, and the programs that run other programs.

/** `/usr/bin/rm` → rm, `python3.11` → python, `pip3` → pip. */
export function normaliseProgram(word: string): string | undefined {
  const base = word.slice(word.lastIndexOf('/') + 1);
  if (base === '') return undefined;
  const versioned = /^(python|pip|perl|ruby|php|node|nodejs|lua|pypy|bash|zsh|ksh|gem|bundle)[\d.]*$/.exec(
    base,
  );
  if (versioned) return versioned[1] === 'nodejs' ? 'node' : versioned[1];
  if (base.endsWith('.exe')) return base.slice(0, -4).toLowerCase();
  return base;
}

export const SHELLS = new Set([
  'csh',
  'tcsh',
  'sh',
  'bash',
  'zsh',
  'dash',
  'ksh',
  'mksh',
  'ash',
  'fish',
  'busybox-sh',
  'rbash',
]);

export type Interpreter = 'python' | 'javascript' | 'perl' | 'ruby' | 'php';

export const INTERPRETERS: Readonly<Record<string, { language: Interpreter; codeFlags: string[] }>> = {
  python: { language: 'python', codeFlags: ['-c'] },
  pypy: { language: 'python', codeFlags: ['-c'] },
  node: { language: 'javascript', codeFlags: ['-e', '--eval', '-p', '--print'] },
  bun: { language: 'javascript', codeFlags: ['-e', '--eval', '-p', '--print'] },
  deno: { language: 'javascript', codeFlags: [] },
  perl: { language: 'perl', codeFlags: ['-e', '-E'] },
  ruby: { language: 'ruby', codeFlags: ['-e'] },
  php: { language: 'php', codeFlags: ['-r'] },
};

/** Programs whose arguments are data: text they print or store, never code they run. */
export const DATA_PROGRAMS = new Set([
  'echo',
  'printf',
  ':',
  'true',
  'false',
  'logger',
  'notify-send',
  'say',
]);

/** A short option bundle (`-rf`) as single letters; other words as they are. */
function flagLetters(word: string): string[] {
  if (/^-[A-Za-z0-9]+$/.test(word)) return [...word.slice(1)].map((letter) => `-${letter}`);
  return [];
}

/** True when `args` holds the option, spelled long (`--force`, `--force=x`) or short (`-f`, in `-rf`). */
export function hasOption(args: readonly string[], ...names: string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    for (const name of names) {
      if (name.startsWith('--')) {
        if (arg === name || arg.startsWith(`${name}=`)) return true;
      } else if (arg === name || flagLetters(arg).includes(name)) return true;
    }
  }
  return false;
}

/** Arguments that are not options (after `--`, everything). */
export function operands(args: readonly string[], takesValue: readonly string[] = []): number[] {
  const indexes: number[] = [];
  let endOfOptions = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (endOfOptions || arg === '-' || !arg.startsWith('-')) indexes.push(i);
    else if (arg === '--') endOfOptions = true;
    else if (takesValue.includes(arg)) i++;
  }
  return indexes;
}

/** Programs whose operands are another command to run (judged on its own), not files they read. */
export const COMMAND_RUNNERS = new Set([
  'toybox',
  'fakeroot',
  'systemd-run',
  'coproc',
  'tmux',
  'screen',
  'nsenter',
  'unshare',
  'uv',
  'poetry',
  'pipenv',
  'pdm',
  'bundle',
  'sudo',
  'doas',
  'pkexec',
  'runuser',
  'env',
  'nice',
  'ionice',
  'nohup',
  'timeout',
  'time',
  'stdbuf',
  'setsid',
  'command',
  'builtin',
  'exec',
  'chroot',
  'flock',
  'busybox',
  'unbuffer',
  'caffeinate',
  'taskset',
  'chrt',
  'strace',
  'ltrace',
  'torsocks',
  'proxychains',
  'proxychains4',
  'firejail',
  'xvfb-run',
  'doppler',
  'npx',
  'eval',
  'xargs',
  'parallel',
  'watch',
  'su',
  'sg',
  'script',
  'ssh',
  'docker',
  'podman',
  'kubectl',
  'oc',
  ...SHELLS,
]);
