// Inline interpreter code (`python -c`, `node -e`, `perl -e`, `ruby -e`, `php -r`, or a here-doc
// fed to one of them) read for what it does, so the shell engine can judge it like a command.
// Python and JavaScript are parsed with ast-grep (loaded on the first call for them); Perl, Ruby
// and PHP, which have no grammar here, are read by linear-time scanners of their tokens.
import { loadAstGrep, loadAstGrepWithPython } from './ast-grep';
import type { InlineEffect, InlineLanguage } from './effects';
import { javascriptEffects } from './javascript';
import { perlEffects } from './perl';
import { phpEffects } from './php';
import { pythonEffects } from './python';
import { rubyEffects } from './ruby';

export type { InlineEffect, InlineLanguage } from './effects';

/** Longer code is not judged: bulwark reads no more than it can reason about (as for commands). */
export const MAX_INLINE_CODE_BYTES = 64 * 1024;

/**
 * What `code` in `language` does: programs it runs, files it deletes, reads or writes, hosts it
 * reaches, code it builds at run time, in source order. Never throws: code it cannot read gives a
 * single `unparsed` effect, which the caller must not take as harmless.
 */
export function inlineEffects(language: InlineLanguage, code: string, installDir: string): InlineEffect[] {
  if (Buffer.byteLength(code, 'utf8') > MAX_INLINE_CODE_BYTES) {
    return [{ kind: 'unparsed', detail: `${language} code over ${MAX_INLINE_CODE_BYTES} bytes is not read` }];
  }
  try {
    return analyse(language, code, installDir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [{ kind: 'unparsed', detail: `${language} code could not be analysed: ${reason}` }];
  }
}

function analyse(language: InlineLanguage, code: string, installDir: string): InlineEffect[] {
  switch (language) {
    case 'python':
      return pythonEffects(loadAstGrepWithPython(installDir), code);
    case 'javascript':
      return javascriptEffects(loadAstGrep(installDir), code);
    case 'perl':
      return perlEffects(code);
    case 'ruby':
      return rubyEffects(code);
    case 'php':
      return phpEffects(code);
  }
}
