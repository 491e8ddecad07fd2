// What a short pipeline prints, when that is decidable without running it: `echo rm`, `pwd`,
// `echo cm0gLXJmIH4= | base64 -d`, `printf '%s' x | rev`. Anything else is unknown (undefined).
import type { ShellCommand } from './ir';
import type { ShellEnvironment } from './state';

const MAX_OUTPUT = 64 * 1024;

export function staticOutput(commands: readonly ShellCommand[], env: ShellEnvironment): string | undefined {
  const first = commands[0];
  if (!first) return '';
  let output = '';
  let piped: string | undefined;
  for (const command of commands) {
    if (command.context.via.length !== first.context.via.length) return undefined;
    const stage = command.context.pipeline;
    const input = stage && stage.stage > 0 ? piped : stdinText(command);
    const out = run(command, input, env);
    if (out === undefined || out.length > MAX_OUTPUT) return undefined;
    piped = undefined;
    // The stages before a pipe's reader: their output is what the reader gets.
    if (stage && stage.stage < stage.stages - 1) piped = out;
    else output += out;
  }
  return output + (piped ?? '');
}

function stdinText(command: ShellCommand): string | undefined {
  return command.stdin?.kind === 'text' && command.stdin.literal ? command.stdin.text : undefined;
}

function run(command: ShellCommand, input: string | undefined, env: ShellEnvironment): string | undefined {
  if (
    !command.args.every((word) => word.literal) ||
    command.redirects.some((r) => r.mode !== 'here-doc' && r.mode !== 'here-string' && r.mode !== 'duplicate')
  ) {
    return undefined;
  }
  const args = command.args.map((word) => word.text);
  switch (command.program) {
    case 'echo':
      return echo(args);
    case 'printf':
      return printf(args);
    case 'pwd':
      return command.cwd === undefined ? undefined : `${command.cwd}\n`;
    case 'whoami':
      return env.vars.USER === undefined ? undefined : `${env.vars.USER}\n`;
    case 'cat':
      return args.length === 0 ? input : undefined;
    case 'base64':
      return input !== undefined && args.some((a) => a === '-d' || a === '--decode' || a === '-D')
        ? decodeBase64(input)
        : undefined;
    case 'rev':
      return input
        ?.split('\n')
        .map((line) => [...line].reverse().join(''))
        .join('\n');
    case 'xxd':
      return input !== undefined && args.includes('-r') && args.some((a) => a === '-p' || a === '-ps')
        ? Buffer.from(input.replace(/[^0-9a-fA-F]/g, ''), 'hex').toString('utf8')
        : undefined;
    case 'tr':
      return input === undefined ? undefined : translate(args, input);
    case 'git':
      return args.join(' ') === 'rev-parse --show-toplevel' ? `${env.projectRoot}\n` : undefined;
    default:
      return undefined;
  }
}

function echo(args: string[]): string {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i] as string); i++) {
    if ((args[i] as string).includes('n')) newline = false;
    if ((args[i] as string).includes('e')) escapes = true;
  }
  const text = args.slice(i).join(' ');
  return (escapes ? backslashEscapes(text) : text) + (newline ? '\n' : '');
}

function printf(args: string[]): string | undefined {
  const [format, ...values] = args;
  if (format === undefined || format.startsWith('-')) return undefined;
  let out = '';
  let next = 0;
  do {
    let failed = false;
    out += backslashEscapes(format).replace(/%(%|s|b|d)/g, (_, spec: string) => {
      if (spec === '%') return '%';
      const value = values[next++] ?? '';
      if (spec === 'd' && !/^-?\d*$/.test(value)) failed = true;
      return spec === 'b' ? backslashEscapes(value) : value;
    });
    if (failed || /%[^%sbd]/.test(format)) return undefined;
  } while (next > 0 && next < values.length);
  return out;
}

function backslashEscapes(text: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', e: '\x1b' };
  // `\NNN` (printf) and `\0NNN` (echo -e) are octal.
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|0[0-7]{0,3}|[1-7][0-7]{0,2}|[ntr\\ae])/g, (_, code: string) => {
    if (code.startsWith('x')) return String.fromCharCode(Number.parseInt(code.slice(1), 16));
    if (/^[0-7]/.test(code)) return String.fromCharCode(Number.parseInt(code, 8) & 0xff);
    return map[code] ?? code;
  });
}

function decodeBase64(input: string): string | undefined {
  const text = input.replace(/\s+/g, '');
  return /^[A-Za-z0-9+/=_-]*$/.test(text) ? Buffer.from(text, 'base64').toString('utf8') : undefined;
}

function expandSet(set: string): string | undefined {
  let out = '';
  for (let i = 0; i < set.length; i++) {
    const char = set[i] as string;
    const end = set[i + 2];
    if (set[i + 1] === '-' && end !== undefined) {
      const from = char.charCodeAt(0);
      const to = end.charCodeAt(0);
      if (to < from || to - from > 255) return undefined;
      for (let c = from; c <= to; c++) out += String.fromCharCode(c);
      i += 2;
    } else out += char;
  }
  return out;
}

function translate(args: string[], input: string): string | undefined {
  if (args.length !== 2 || args.some((a) => a.startsWith('-') || a.includes('[') || a.includes('\\')))
    return undefined;
  const from = expandSet(args[0] as string);
  const to = expandSet(args[1] as string);
  if (!from || !to) return undefined;
  let out = '';
  for (const char of input) {
    const index = from.indexOf(char);
    out += index < 0 ? char : (to[Math.min(index, to.length - 1)] as string);
  }
  return out;
}
