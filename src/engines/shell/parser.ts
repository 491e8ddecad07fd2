// tree-sitter-bash, loaded on first use from bulwark's own installation (not from the project's
// node_modules): the native parser costs ~14 ms to load, which calls other than Bash must not pay.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type Parser from 'tree-sitter';

/** Longer commands are not judged but denied: bulwark reads no more than it can reason about. */
export const MAX_COMMAND_BYTES = 64 * 1024;

let parser: Parser | undefined;

export function bashParser(installDir: string): Parser {
  if (!parser) {
    const load = createRequire(join(installDir, 'package.json'));
    const TreeSitter = load('tree-sitter') as typeof Parser;
    const created = new TreeSitter();
    created.setLanguage(load('tree-sitter-bash'));
    parser = created;
  }
  return parser;
}
