// Placing bulwark's block in a package manager's file. Every edit is one marked block labelled
// LABEL, so a second init replaces it in place and `uninstall` (removeBlocks) takes it out.
import { findBlocks, markedBlock, type Placement, upsertBlock } from '../marked-block';

export const LABEL = 'package-manager';

/** `text` without bulwark's block (and the blank line `append` put before a block at the end). */
export function withoutBlock(text: string): string {
  const span = findBlocks(text, LABEL)[0];
  if (!span) return text;
  let start = span.start;
  if (span.end >= text.length && text.slice(0, start).endsWith('\n\n')) start -= 1;
  return text.slice(0, start) + text.slice(span.end);
}

export function hasOwnBlock(text: string): boolean {
  return findBlocks(text, LABEL).length > 0;
}

/** Where the block goes when the file does not have it yet: a Placement, or a character offset. */
export type Where = Placement | { at: 'offset'; offset: number };

/** `text` with bulwark's block holding `body` (replaced in place if present), or without it if `body` is empty. */
export function setBlock(text: string, body: readonly string[], where: Where): string {
  if (body.length === 0) return withoutBlock(text);
  const block = markedBlock('hash', LABEL, body.join('\n'));
  if (where.at !== 'offset' || hasOwnBlock(text)) {
    return upsertBlock(text, LABEL, block, where.at === 'offset' ? { at: 'end' } : where);
  }
  const { offset } = where;
  // A header on the last line without a newline: the block starts on the next line.
  if (offset === text.length && text !== '' && !text.endsWith('\n')) return `${text}\n${block}`;
  return text.slice(0, offset) + block + text.slice(offset);
}

/** The body lines for `settings`: each one's comment, then its line. */
export function bodyLines(settings: readonly { comment: string; line: string }[]): string[] {
  return settings.flatMap((setting) => [`# bulwark: ${setting.comment}`, setting.line]);
}
