// tree-sitter-bash, loaded on first use from bulwark's own installation (not from the project's
// node_modules): the native parser costs ~14 ms to load, which calls other than Bash must not pay.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Parser from 'tree-sitter';

let parser: Parser | undefined;

export function bashParser(installDir: string): Parser {
  if (!parser) {
    const load = createRequire(join(installDir, 'package.json'));
    const TreeSitter = load('tree-sitter') as typeof Parser;
    const created = new TreeSitter();
    created.setLanguage(bashLanguage(load));
    parser = created;
  }
  return parser;
}

/**
 * The grammar's prebuilt addon, loaded directly: the package's own entry finds it through
 * node-gyp-build and attaches node-types.json, ~5 ms of every Bash call. Without that type
 * information setLanguage also skips defining a JavaScript class per node type; nodes then read
 * their type from the native tree. Where no prebuilt addon fits, the package's entry is used.
 */
function bashLanguage(load: NodeJS.Require): Parser.Language {
  const entry = load.resolve('tree-sitter-bash');
  const addon = join(
    dirname(entry),
    '..',
    '..',
    'prebuilds',
    `${process.platform}-${process.arch}`,
    'tree-sitter-bash.node',
  );
  try {
    return load(addon) as Parser.Language;
  } catch {
    return load('tree-sitter-bash') as Parser.Language;
  }
}

// tree-sitter-bash reads `{rm,-rf,~}` at the start of a command as a broken `{ ...; }` group;
// bash reads it as a word and brace-expands it. `command {rm,-rf,~}` means the same to bash and
// parses as a word.
const BRACE_WORD_AT_COMMAND_START = /(^|[;&|\n(])([ \t]*)\{(?=[^\s}])/g;

export function parseBash(parser: Parser, text: string): Parser.Tree {
  const tree = parser.parse(text);
  if (!tree.rootNode.hasError || !BRACE_WORD_AT_COMMAND_START.test(text)) return tree;
  BRACE_WORD_AT_COMMAND_START.lastIndex = 0;
  const retried = parser.parse(text.replace(BRACE_WORD_AT_COMMAND_START, '$1$2command {'));
  return retried.rootNode.hasError ? tree : retried;
}
