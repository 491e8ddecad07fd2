// Values that only look like secrets: documentation examples, templates, references to where the
// real secret lives, and the hashes and identifiers that fill configuration files.
import { hasLongRun } from './entropy';

/** In a provider-shaped token: the documented example keys and obvious fillers. */
const TOKEN_FILLER =
  /example|your[-_]?(?:api|key|token|secret|access)|placeholder|redacted|dummy|[<>{}]|%[A-Za-z_]\w*%|%[sd](?![0-9A-Fa-f])|^\$|\$[{(]|(?:[-_]|^)here$|replace[-_]?(?:me|with)/i;
/** Characters people type for "some value goes here": a run of six of them is never random. */
const FILLER_CHARS = new Set(['x', 'X', '*', '#', '0', '.', '•']);

/**
 * Runs of one character: `xxxxxx` and `******` are placeholders wherever they are, and so is a run
 * of sixteen of anything; a shorter run of another character is filler only when runs of letters
 * make up much of the token (`AAAAAAAA-BBBBBBBB`), since the base64 of binary tokens (Fly.io
 * macaroons, Vault batch tokens) has runs of `A` of its own.
 */
function isRunFiller(secret: string): boolean {
  let run = 1;
  let inRuns = 0;
  let longest = 0;
  for (let i = 1; i <= secret.length; i++) {
    if (i < secret.length && secret.charCodeAt(i) === secret.charCodeAt(i - 1)) {
      run++;
      continue;
    }
    const char = secret[i - 1] as string;
    if ((run >= 6 && FILLER_CHARS.has(char)) || run >= 16) return true;
    // Runs of digits fill the numeric ids some formats carry (`xoxa-2-5111111111-…`); the
    // random part is what must not be a run.
    if (run >= 4 && !(char >= '0' && char <= '9')) inRuns += run;
    longest = Math.max(longest, run);
    run = 1;
  }
  return longest >= 6 && inRuns >= secret.length * 0.25;
}

/**
 * Keys published by their vendor for local development, identical on every machine: the Azure
 * storage emulator's (Azurite) account key. Not secrets anywhere they appear.
 */
const PUBLISHED_DEVELOPMENT_KEYS = new Set([
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
]);

export function isFillerToken(secret: string): boolean {
  return TOKEN_FILLER.test(secret) || isRunFiller(secret) || PUBLISHED_DEVELOPMENT_KEYS.has(secret);
}

/** Where the real value is looked up, or filled in later. */
const REFERENCE =
  /^(?:\$\{[^}]*\}|\$\(.*\)|\$[A-Za-z_]\w*|%[A-Za-z_]\w*%|\{\{.*\}\}|<[^>]*>|\[[^\]]*\]|@[A-Za-z_][\w.]*@|#\{.*\})$|\$\{|\{\{|process\.env|os\.environ|os\.getenv|getenv\(|System\.getenv|ENV\[|import\.meta\.env|secrets\.|vault:|^env\.|^ref\+|^arn:/i;

const FILLER_WORD =
  /x{4,}|\*{3,}|\.{3}|…|example|sample|dummy|fake|placeholder|changeme|change[_-]?me|replace[_-]?(?:me|with)|(?:^|[_-])here$|your[_-]|my[_-]?(?:api|secret|token|key|pass)|redacted|insert|todo|fixme|test(?:ing)?[_-]?(?:key|token|secret|pass)|^(?:test|secret|password|passw0rd|pass|token|key|apikey|api[_-]key|none|null|nil|undefined|true|false|yes|no|on|off|default|empty|string|value|required|optional|\d+)$/i;

/** Identifiers that are not secrets even when a key's name says "key" or "token". */
const NOT_SECRET_SHAPE = [
  // UUIDs and GUIDs (ids of things, not credentials, unless a provider rule says so).
  /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i,
  // Integrity and digests: sha512-..., sha256:..., md5=...
  /^(?:sha\d{1,3}|md5|sha)[-:=]/i,
  // Versions, dates and numbers.
  /^v?\d+(?:[._-]\d+)+[\w.-]*$/,
  /^[\d\s.,:+-]+$/,
  // Paths, file names and domain-like names.
  /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/,
  /^[\w.-]+\.(?:pem|key|p12|pfx|crt|cer|jks|keystore|keytab|json|ya?ml|txt|env|ini|conf|cfg|xml|properties|com|org|net|io|local)$/i,
  // URLs: a password in one is the URL rule's to judge.
  /^[a-z][a-z0-9+.-]{1,20}:\/\//i,
  // Constant names: `UNEXPECTED_TOKEN`, `TAILSCALE_AUTH_KEY`.
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/,
  // Names in code, camelCase or PascalCase words without a digit: `TokenOrValue`, `overEvery`.
  /^[?]?(?:[a-z]{2,}(?:[A-Z][a-z]+)+|(?:[A-Z][a-z]+){2,})$/,
  // File names and paths: `bin/cli.js`, `certs/server.pem`.
  /^[\w@./-]+\.(?:[cm]?[jt]sx?|json|ya?ml|toml|md|txt|html?|css|py|rb|go|rs|java|sh|png|jpe?g|gif|svg|lock|map|d\.ts)$/i,
  // Ends in a version: `jjwt-jackson-0.11.2`, `lib:1.2.3`.
  /[-_:@]v?\d{1,4}\.\d{1,4}(?:\.\d{1,6})?$/,
  /^[\w.+-]+@[\w-]+\.[\w.-]+$/,
];

export function isReference(value: string): boolean {
  return REFERENCE.test(value);
}

/** For generic `key = value` candidates: the value is a placeholder, reference or non-secret shape. */
export function isNotSecretValue(value: string): boolean {
  if (REFERENCE.test(value) || FILLER_WORD.test(value)) return true;
  if (NOT_SECRET_SHAPE.some((shape) => shape.test(value))) return true;
  return hasLongRun(value, 6);
}
