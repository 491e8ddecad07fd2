// Rule and profile files are YAML in the source tree and plain data in the bundle, so the hook
// never loads a YAML parser to read its own rules. Shared by the builds (esbuild) and tests (vite).
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';
import { parse } from 'yaml';

export function yamlToModule(text: string): string {
  return `export default ${JSON.stringify(parse(text))};\nexport const source = ${JSON.stringify(text)};\n`;
}

export const yamlAsData: Plugin = {
  name: 'yaml-as-data',
  setup(build) {
    build.onLoad({ filter: /\.yaml$/ }, async (args) => ({
      contents: yamlToModule(await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};
