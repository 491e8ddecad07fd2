// Rule and profile files are YAML in the source tree and plain data in the bundle, so the hook
// never loads a YAML parser to read its own rules. Shared by the build (esbuild) and tests (vite).
import { parse } from 'yaml';

export function yamlToModule(text: string): string {
  return `export default ${JSON.stringify(parse(text))};\nexport const source = ${JSON.stringify(text)};\n`;
}
