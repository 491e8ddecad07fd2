// The command IR: what bash will run, one simple command at a time, after every expansion bulwark
// can decide statically. Rules match this, never the raw command line.

/** One argument after expansion and quote removal. */
export interface Word {
  /** The text bash would pass. Parts bulwark could not decide are shown as `…`. */
  text: string;
  /** False when part of the word comes from something only known at run time ($(cmd), $RANDOM...). */
  literal: boolean;
  /** The unquoted glob pattern this word came from, matched or not (`.en?`). */
  glob?: string;
  /** Variables in the word that name secrets (`$AWS_SECRET_ACCESS_KEY`): never substituted. */
  secretVars?: string[];
}

export type RedirectMode = 'read' | 'write' | 'append' | 'duplicate' | 'here-doc' | 'here-string';

export interface Redirect {
  /** The file descriptor redirected: 0 for input, 1 for output, 2 for errors. */
  fd: number;
  mode: RedirectMode;
  /** The file, the descriptor duplicated, or the here-doc / here-string text. */
  target: Word;
}

export interface Assignment {
  name: string;
  value: Word;
}

/** How a command came to run: each step from the line the agent wrote to this command. */
export type Via =
  | { kind: 'wrapper'; program: string }
  | { kind: 'shell-string'; program: string }
  | { kind: 'substitution' }
  | { kind: 'piped-code'; program: string }
  | { kind: 'fan-out'; program: string }
  | { kind: 'alias'; name: string }
  | { kind: 'script'; path: string }
  | { kind: 'remote'; program: string; host: string }
  | { kind: 'inline-code'; language: string };

export interface CommandContext {
  /** Position in a pipeline (`a | b`): stage index and the pipeline's length. */
  pipeline?: { stage: number; stages: number };
  subshell: boolean;
  background: boolean;
  /** After `&&`, `||`, or inside `if` / `case`: may not run. */
  conditional: boolean;
  loop: boolean;
  functionBody: boolean;
  /** Nesting through shells, wrappers and substitutions, outermost first. */
  via: Via[];
}

export interface ShellCommand {
  /**
   * The program, normalised: path stripped, quotes and `\` removed, `busybox X` → X, `python3.11`
   * → python. Undefined when the name is only known at run time.
   */
  program: string | undefined;
  /** The program word as written after expansion (`/usr/bin/rm`, `$X`). */
  programWord: Word;
  args: Word[];
  redirects: Redirect[];
  /** `VAR=value` prefixes: the command's own environment. */
  assignments: Assignment[];
  /** The working directory the command runs in; undefined when a `cd` target was not decidable. */
  cwd: string | undefined;
  context: CommandContext;
  /** Where stdin comes from when it is code or data bulwark knows: a here-doc, a pipe's source. */
  stdin?: Stdin;
}

export type Stdin = { kind: 'text'; text: string; literal: boolean } | { kind: 'pipe'; from: ShellCommand[] };

/** Something in the line bulwark cannot reason about; rules decide what it means. */
export type Uncertainty =
  | { kind: 'dynamic-program'; command: ShellCommand }
  /** Code run by `runner` that bulwark cannot see; `producers` print it (`curl ... | sh`). */
  | { kind: 'unknown-code'; runner: ShellCommand; producers: ShellCommand[] }
  | { kind: 'syntax'; detail: string };

export interface ParsedLine {
  commands: ShellCommand[];
  uncertain: Uncertainty[];
  /** `<(cmd)` stands for a path like /dev/fd/63: the commands whose output that path gives. */
  processOutputs: Map<string, ShellCommand[]>;
  /** Inline code was met without the analysers loaded: the line must be walked again with them. */
  needsInlineAnalysis?: boolean;
}
