// What a line has established so far, as bash would track it: variables, the working directory,
// aliases and functions. Subshells, pipeline stages and substitutions work on a copy.
import type { Deadline } from '../../core/deadline';
import type { FileView } from '../files/fs-view';
import { UNKNOWN } from './expand';
import type { InlineEffect, InlineLanguage } from './inline/effects';

export interface ShellEnvironment {
  home: string;
  /** The project root: `git rev-parse --show-toplevel` and `$CLAUDE_PROJECT_DIR`. */
  projectRoot: string;
  /** The hook's own environment: what the agent's shell inherits. */
  vars: Readonly<Record<string, string | undefined>>;
  fs: FileView;
  /** bulwark's installation: the parsers for inline interpreter code load from there. */
  installDir: string;
  deadline: Deadline;
  /**
   * The inline-code analysers (a third of the engine's code), loaded only once a line has inline
   * code; while absent, the walk notes that it needs them (ParsedLine.needsInlineAnalysis).
   */
  inlineEffects?: InlineAnalyser;
}

export type InlineAnalyser = (language: InlineLanguage, code: string, installDir: string) => InlineEffect[];

export interface ShellState {
  /** Values may contain UNKNOWN where a part is only known at run time. */
  vars: Map<string, string>;
  /** Names with no value bulwark can know (read, computed arrays...). */
  opaque: Set<string>;
  cwd: string | undefined;
  aliases: Map<string, string>;
  functions: Set<string>;
  /** `$1`... inside `bash -c '...' arg0 arg1`; undefined at the top level (empty, as in a new shell). */
  positional: string[] | undefined;
  /** Files this line writes before it runs them (`echo ... > x.sh; bash x.sh`): text if decidable. */
  written: Map<string, string | undefined>;
  /** After `BASH_CMDS[ls]=/bin/rm`, no name says which program it runs. */
  programsRemapped: boolean;
}

export function initialState(cwd: string): ShellState {
  return {
    vars: new Map(),
    opaque: new Set(),
    cwd,
    aliases: new Map(),
    functions: new Set(),
    positional: undefined,
    written: new Map(),
    programsRemapped: false,
  };
}

export function copyState(state: ShellState): ShellState {
  return {
    vars: new Map(state.vars),
    opaque: new Set(state.opaque),
    cwd: state.cwd,
    aliases: new Map(state.aliases),
    functions: new Set(state.functions),
    positional: state.positional,
    written: state.written,
    programsRemapped: state.programsRemapped,
  };
}

// Names that hold credentials by convention: never substituted, so no secret reaches a message.
const SECRET_NAME =
  /(?:^|_)(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|CREDENTIALS?|PRIVATE|AUTH|API_?KEY|SESSION|COOKIE|DSN)(?:$|_)/i;

function namesSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

export type Lookup = { kind: 'value'; text: string } | { kind: 'unset' } | { kind: 'secret' };

/** A variable's value: set on this line, else the hook's environment, else unset (empty). */
export function lookup(name: string, state: ShellState, env: ShellEnvironment): Lookup {
  if (/^\d+$/.test(name)) {
    const index = Number(name);
    if (!state.positional) return { kind: 'unset' };
    const text = state.positional[index];
    return text === undefined ? { kind: 'unset' } : { kind: 'value', text };
  }
  if (state.opaque.has(name)) return { kind: 'value', text: UNKNOWN };
  const local = state.vars.get(name);
  if (local !== undefined) return { kind: 'value', text: local };
  switch (name) {
    case 'HOME':
      return { kind: 'value', text: env.home };
    case 'PWD':
      return { kind: 'value', text: state.cwd ?? UNKNOWN };
    case 'IFS':
      return { kind: 'value', text: ' \t\n' };
    case 'CLAUDE_PROJECT_DIR':
      return { kind: 'value', text: env.projectRoot };
    case 'RANDOM':
    case 'SECONDS':
    case 'LINENO':
    case 'OLDPWD':
    case 'BASHPID':
    case 'EPOCHSECONDS':
    case 'REPLY':
      return { kind: 'value', text: UNKNOWN };
  }
  if (namesSecret(name)) return { kind: 'secret' };
  const inherited = env.vars[name];
  return inherited === undefined ? { kind: 'unset' } : { kind: 'value', text: inherited };
}
