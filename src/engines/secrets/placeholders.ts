// Values that only look like secrets: documentation examples, templates, references to where the
// real secret lives, and the hashes and identifiers that fill configuration files.
import { hasLongRun } from './entropy';

/** In a provider-shaped token: the documented example keys and obvious fillers. */
const TOKEN_FILLER =
  /example|(.)\1{5,}|your[-_]?(?:api|key|token|secret)|placeholder|redacted|dummy|[<>{}$%]/i;

export function isFillerToken(secret: string): boolean {
  return TOKEN_FILLER.test(secret);
}

/** Where the real value is looked up, or filled in later. */
const REFERENCE =
  /^(?:\$\{[^}]*\}|\$\(.*\)|\$[A-Za-z_]\w*|%[A-Za-z_]\w*%|\{\{.*\}\}|<[^>]*>|\[[^\]]*\]|@[A-Za-z_][\w.]*@|#\{.*\})$|\$\{|\{\{|process\.env|os\.environ|os\.getenv|getenv\(|System\.getenv|ENV\[|import\.meta\.env|secrets\.|vault:|^env\.|^ref\+|^arn:/i;

const FILLER_WORD =
  /x{4,}|\*{3,}|\.{3}|…|example|sample|dummy|fake|placeholder|changeme|change[_-]?me|replace[_-]?me|your[_-]|my[_-]?(?:api|secret|token|key|pass)|redacted|insert|todo|fixme|test(?:ing)?[_-]?(?:key|token|secret|pass)|^(?:test|secret|password|passw0rd|pass|token|key|apikey|api[_-]key|none|null|nil|undefined|true|false|yes|no|on|off|default|empty|string|value|required|optional|\d+)$/i;

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
  /^(?:https?|wss?|ftp|file):\/\/[^@\s]*$/i,
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
