// Several approved commands that differ only in their last word, all beginning the same way
// (`cargo test parser_ok`, `cargo test parser_err`), may become one pattern for that beginning
// (`cargo test parser_*`). This file only finds such groups; prove.ts decides whether a group may
// be generalised, and otherwise its commands stay exact.
import { escapeWord } from './patterns';

/** One approved command line that runs a single command (nothing nested, nothing unread). */
export interface SingleCommand {
  command: string;
  argv: string[];
  approvals: number;
}

export interface Generalisation<T extends SingleCommand = SingleCommand> {
  /** The words every member shares, the program first. */
  prefix: string[];
  /** What every member's last word begins with. */
  stem: string;
  /** The allow-rule pattern: the prefix, then the stem followed by anything within that one word. */
  pattern: string;
  members: T[];
}

/**
 * Last words that name something (a test, a target, a package) rather than a path, an option, an
 * address or an assignment: letters, digits, `_`, `+`, `-`, `:` only, not starting with `-`.
 */
const NAME_LIKE = /^[A-Za-z0-9_][A-Za-z0-9_:+-]*$/;
/** A shorter shared beginning says too little about what the word is. */
export const MIN_STEM = 3;

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const word of words) {
    while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

/**
 * The word glob for a stem. A pattern word ending in `:*` means "followed by any arguments"
 * (Claude Code's syntax), so a stem ending in `:` is followed by `?*`: one character or more.
 */
export function stemGlob(stem: string): string {
  return stem.endsWith(':') ? `${escapeWord(stem)}?*` : `${escapeWord(stem)}*`;
}

/** Groups of two or more distinct commands, sharing all words but the last, whose last words share a stem. */
export function findGeneralisations<T extends SingleCommand>(commands: readonly T[]): Generalisation<T>[] {
  const byPrefix = new Map<string, T[]>();
  for (const command of commands) {
    const last = command.argv.at(-1);
    if (command.argv.length < 2 || last === undefined || !NAME_LIKE.test(last)) continue;
    // Grouped by the shared words and the first letters of the last one: one group per stem.
    const key = JSON.stringify([...command.argv.slice(0, -1), last.slice(0, MIN_STEM)]);
    byPrefix.set(key, [...(byPrefix.get(key) ?? []), command]);
  }
  const found: Generalisation<T>[] = [];
  for (const members of byPrefix.values()) {
    const lasts = [...new Set(members.map((member) => member.argv.at(-1) as string))];
    if (lasts.length < 2) continue;
    const stem = commonPrefix(lasts);
    if (stem.length < MIN_STEM) continue;
    const prefix = (members[0] as T).argv.slice(0, -1);
    found.push({
      prefix,
      stem,
      pattern: [...prefix.map(escapeWord), stemGlob(stem)].join(' '),
      members,
    });
  }
  return found;
}
