// The walk every scanned language (Perl, Ruby, PHP) shares: lex, report backticks as process
// spawns, let the language judge each token, follow code held in literal strings (`eval "..."`) a
// few levels deep, and call code that lexed into nothing but an unterminated string unparsed.
import { Findings, type InlineEffect } from './effects';
import { ENVIRONMENT_FILE, type ScannedEnvironment, scannedShowsEnvironment } from './environment';
import type { Lexed, Token } from './scan-tokens';

const MAX_NESTING = 4;

/** Judges code found in a literal string, at the position of the call that runs it. */
export type NestedCode = (at: number, code: string) => void;

/** A language's judgement of the token at `i`, given the whole stream (for once-per-code facts). */
export type TokenJudge = (tokens: readonly Token[], out: Findings, nested: NestedCode) => (i: number) => void;

export function scannedEffects(
  language: string,
  code: string,
  lex: (code: string) => Lexed,
  judge: TokenJudge,
  environment: ScannedEnvironment,
  nesting = 0,
): InlineEffect[] {
  const { tokens, unterminated } = lex(code);
  const out = new Findings();
  const nested: NestedCode = (at, inner) => {
    if (nesting >= MAX_NESTING) out.dynamic(at, 'code nested in code too deeply to follow');
    else out.nested(at, scannedEffects(language, inner, lex, judge, environment, nesting + 1));
  };
  const shown = scannedShowsEnvironment(tokens, environment);
  if (shown !== undefined) out.read(shown, 'prints the whole environment', ENVIRONMENT_FILE);
  const judgeAt = judge(tokens, out, nested);
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    if (token.kind === 'command') out.spawn(token.at, 'backticks', token.value);
    else judgeAt(i);
  }
  if (out.size === 0 && unterminated)
    return [{ kind: 'unparsed', detail: `${language}: the code does not parse` }];
  return out.sorted();
}
