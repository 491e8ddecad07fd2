// ast-grep, loaded on first use from bulwark's own installation (not from the project's
// node_modules), like tree-sitter-bash in ../parser.ts: the native module costs ~10 ms to load,
// which commands without inline code must not pay. Python is not built into ast-grep: its grammar
// comes from tree-sitter-python's prebuilt library, registered as a dynamic language.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as AstGrep from '@ast-grep/napi';
import type { SgNode } from '@ast-grep/napi';

export type AstGrepModule = typeof AstGrep;
export type { SgNode } from '@ast-grep/napi';

/** The name Python is registered under (ast-grep's own languages are `Lang` members). */
export const PYTHON = 'python';

let astGrep: AstGrepModule | undefined;
let pythonRegistered = false;

export function loadAstGrep(installDir: string): AstGrepModule {
  astGrep ??= createRequire(join(installDir, 'package.json'))('@ast-grep/napi') as AstGrepModule;
  return astGrep;
}

/**
 * ast-grep with Python registered. ast-grep documents registerDynamicLanguage as called once per
 * process: another engine that needs Python must come through here rather than register again.
 */
export function loadAstGrepWithPython(installDir: string): AstGrepModule {
  const sg = loadAstGrep(installDir);
  if (!pythonRegistered) {
    const load = createRequire(join(installDir, 'package.json'));
    // The library inside the prebuilds the package ships; it exports the C symbol ast-grep needs.
    const libraryPath = load.resolve(
      `tree-sitter-python/prebuilds/${process.platform}-${process.arch}/tree-sitter-python.node`,
    );
    sg.registerDynamicLanguage({
      [PYTHON]: {
        libraryPath,
        languageSymbol: 'tree_sitter_python',
        extensions: ['py'],
        // Python identifiers cannot hold `$`, so ast-grep patterns spell metavariables with µ.
        expandoChar: 'µ',
      },
    });
    pythonRegistered = true;
  }
  return sg;
}

/** The nodes of the kinds asked for, by kind, each list in source order. */
export type NodesByKind = ReadonlyMap<string, readonly SgNode[]>;

/**
 * Finds every node of the given kinds in one traversal: each findAll crosses into Rust and
 * compiles its rule (~15 µs), more than the rest of judging a one-liner.
 */
export function nodesByKind(root: SgNode, kinds: readonly string[]): NodesByKind {
  const found = new Map<string, SgNode[]>();
  for (const node of root.findAll({ rule: { any: kinds.map((kind) => ({ kind })) } })) {
    const kind = String(node.kind());
    const list = found.get(kind);
    if (list) list.push(node);
    else found.set(kind, [node]);
  }
  return found;
}

export const nodesOf = (nodes: NodesByKind, kind: string): readonly SgNode[] => nodes.get(kind) ?? [];

/** Tree-sitter's ERROR node kind. */
const ERROR_KIND = 65535;

/**
 * Whether the parser had to skip code it could not read. Looked for only when nothing else was
 * found: matching ERROR among other kinds makes every traversal twice as slow.
 */
export const hasSyntaxError = (root: SgNode): boolean => root.findAll(ERROR_KIND).length > 0;
