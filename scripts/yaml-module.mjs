// Rule and profile files are YAML in the source tree and plain data in the bundle, so the hook
// never loads a YAML parser to read its own rules. Shared by the build (esbuild) and tests (vite).
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** @param {string} text */
export function yamlToModule(text) {
  return `export default ${JSON.stringify(parse(text))};\nexport const source = ${JSON.stringify(text)};\n`;
}

/** @type {import('esbuild').Plugin} */
export const yamlAsData = {
  name: 'yaml-as-data',
  setup(build) {
    build.onLoad({ filter: /\.yaml$/ }, async (args) => ({
      contents: yamlToModule(await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};
