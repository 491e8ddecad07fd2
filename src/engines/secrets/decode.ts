// One level of decoding: secrets stored base64-encoded (Kubernetes Secret `data:`, values pasted
// from a vault) or hex-encoded are found inside the encoding. Only values that decode to
// printable text are read again.
import type { Syntax } from './syntax';

export interface DecodedValue {
  encodedText: string;
  decoded: string;
  start: number;
  end: number;
  encoding: 'base64' | 'hex';
  /** The key it is stored under, where the format says (Kubernetes Secret data). */
  key?: string;
}

const MAX_DECODED_TEXT = 1024 * 1024;
const BASE64_RUN = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{24,4096}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX_RUN = /(?<![A-Za-z0-9])(?:[0-9a-fA-F]{2}){20,2048}(?![A-Za-z0-9])/g;
const KUBERNETES_SECRET = /^kind:[ \t]*Secret[ \t]*$/m;
const DATA_ENTRY = /^[ \t]+([\w.-]{1,253}):[ \t]*["']?([A-Za-z0-9+/]{4,4096}={0,2})["']?[ \t]*$/gm;

function printable(text: string): boolean {
  if (text.length === 0) return false;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 0xfffd) bad++;
  }
  return bad === 0;
}

function fromBase64(text: string): string | undefined {
  if (text.replace(/=+$/, '').length % 4 === 1) return undefined;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return printable(decoded) ? decoded : undefined;
}

export function decodedValues(text: string, syntax: Syntax): DecodedValue[] {
  if (text.length > MAX_DECODED_TEXT) return [];
  const values: DecodedValue[] = [];
  const seen = new Set<number>();
  if (syntax === 'yaml' || syntax === 'text') {
    if (KUBERNETES_SECRET.test(text)) {
      for (const match of text.matchAll(DATA_ENTRY)) {
        const [whole, key, encoded] = match as unknown as [string, string, string];
        const decoded = fromBase64(encoded);
        if (decoded === undefined) continue;
        const start = (match.index ?? 0) + whole.indexOf(encoded, key.length + 1);
        seen.add(start);
        values.push({
          encodedText: encoded,
          decoded,
          start,
          end: start + encoded.length,
          encoding: 'base64',
          key,
        });
      }
    }
  }
  // Encoded values are looked for where configuration and pasted text keep them, not in code or
  // JSON (whose base64 is integrity hashes, images and fonts).
  if (syntax === 'code' || syntax === 'json' || syntax === 'xml') return values;
  for (const match of text.matchAll(BASE64_RUN)) {
    const start = match.index ?? 0;
    if (seen.has(start)) continue;
    const decoded = fromBase64(match[0]);
    if (decoded !== undefined) {
      values.push({
        encodedText: match[0],
        decoded,
        start,
        end: start + match[0].length,
        encoding: 'base64',
      });
    }
  }
  for (const match of text.matchAll(HEX_RUN)) {
    const decoded = Buffer.from(match[0], 'hex').toString('utf8');
    if (!printable(decoded)) continue;
    const start = match.index ?? 0;
    values.push({ encodedText: match[0], decoded, start, end: start + match[0].length, encoding: 'hex' });
  }
  return values;
}
