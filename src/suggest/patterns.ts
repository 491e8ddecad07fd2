// Allow-rule command patterns for commands as the shell engine sees them (argv after expansion).
// A pattern is words split on whitespace, each a glob over one argv word, `/` by `/`
// (src/engines/shell/patterns.ts): so a literal word has its glob characters escaped, and a word
// with whitespace in it cannot be written as a pattern at all.
import { err, ok, type Result } from '../core/errors';

export type WordProblem = 'whitespace' | 'empty';

export interface Unwritable {
  word: string;
  problem: WordProblem;
}

export const WORD_PROBLEMS: Readonly<Record<WordProblem, string>> = {
  whitespace: 'holds whitespace, which a command pattern cannot express (its words are split on it)',
  empty: 'is empty, which a command pattern cannot express',
};

/** `*`, `?`, `[...]`, `{a,b}` and `\` taken literally. */
export function escapeWord(word: string): string {
  return word.replace(/[\\*?[\]{}]/g, '\\$&');
}

export function wordProblem(word: string): WordProblem | undefined {
  if (word === '') return 'empty';
  if (/\s/.test(word)) return 'whitespace';
  return undefined;
}

/** The pattern that matches exactly this command, or why there is none. */
export function exactPattern(argv: readonly string[]): Result<string, Unwritable> {
  for (const word of argv) {
    const problem = wordProblem(word);
    if (problem) return err({ word, problem });
  }
  return ok(argv.map(escapeWord).join(' '));
}
