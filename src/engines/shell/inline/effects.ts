// What inline interpreter code does, in the terms the shell engine judges commands by. The
// language analysers report each effect with the source offset it came from, so that the list
// can be put in source order whatever order the analysers found them in (deterministic output).

export type InlineLanguage = 'python' | 'javascript' | 'perl' | 'ruby' | 'php';

export type InlineEffect =
  /** Runs a program; `command` is the shell command line when every part of it is a literal. */
  | { kind: 'spawn'; command?: string; detail: string }
  | { kind: 'delete'; path?: string; recursive: boolean; detail: string }
  | { kind: 'read'; path?: string; detail: string }
  | { kind: 'write'; path?: string; detail: string }
  | { kind: 'network'; host?: string; detail: string }
  /** Runs code that cannot be read from the source: eval of a computed string, a computed name. */
  | { kind: 'dynamic-code'; detail: string }
  /** The code could not be read at all (too large, or nothing useful in what parsed). */
  | { kind: 'unparsed'; detail: string };

export type EffectKind = InlineEffect['kind'];

export interface Located {
  at: number;
  effect: InlineEffect;
}

/** Analyses code of one language (eval'd strings of the same language go through it again). */
export type Analyse = (code: string) => InlineEffect[];

/** Collects effects with their source offsets; `sorted()` gives them in source order. */
export class Findings {
  private readonly found: Located[] = [];

  get size(): number {
    return this.found.length;
  }

  spawn(at: number, detail: string, command: string | undefined): void {
    this.add(at, command === undefined ? { kind: 'spawn', detail } : { kind: 'spawn', command, detail });
  }

  delete(at: number, detail: string, path: string | undefined, recursive: boolean): void {
    this.add(
      at,
      path === undefined
        ? { kind: 'delete', recursive, detail }
        : { kind: 'delete', path, recursive, detail },
    );
  }

  read(at: number, detail: string, path: string | undefined): void {
    this.add(at, path === undefined ? { kind: 'read', detail } : { kind: 'read', path, detail });
  }

  write(at: number, detail: string, path: string | undefined): void {
    this.add(at, path === undefined ? { kind: 'write', detail } : { kind: 'write', path, detail });
  }

  network(at: number, detail: string, host: string | undefined): void {
    this.add(at, host === undefined ? { kind: 'network', detail } : { kind: 'network', host, detail });
  }

  dynamic(at: number, detail: string): void {
    this.add(at, { kind: 'dynamic-code', detail });
  }

  /** Effects of code nested in a literal (`exec("...")`), placed where that code is run. */
  nested(at: number, effects: readonly InlineEffect[]): void {
    for (const effect of effects) this.add(at, effect);
  }

  add(at: number, effect: InlineEffect): void {
    this.found.push({ at, effect });
  }

  sorted(): InlineEffect[] {
    // Array.prototype.sort is stable: effects found at one offset keep the order they were added.
    return [...this.found].sort((a, b) => a.at - b.at).map((located) => located.effect);
  }
}
