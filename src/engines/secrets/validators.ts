// Structural checks that turn "looks like" into "is": a checksum the issuer embeds, a document
// that decodes, a key body that is really DER. `confirmed` raises a finding's confidence,
// `rejected` drops it (a JWT whose header is not JSON is not a JWT), `plausible` leaves it.

import { classCount, shannonEntropy } from './entropy';
import { isNotSecretValue, isReference } from './placeholders';

export type Validity = 'confirmed' | 'plausible' | 'rejected';

export const VALIDATOR_NAMES = [
  'crc32-base62',
  'jwt',
  'pem',
  'pypi-macaroon',
  'aws-key-id',
  'gcp-service-account',
  'url-password',
  'base64-payload',
  'crc32-hex',
  'basic-auth',
  'opaque-token',
] as const;
export type ValidatorName = (typeof VALIDATOR_NAMES)[number];

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc = (CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/**
 * GitHub (`ghp_` and siblings) and npm (`npm_`) tokens end in the CRC32 of the 30 characters
 * before it, in base62 (GitHub blog, 2021-04-05 and 2021-09-23).
 */
function crc32Base62(secret: string): Validity {
  const body = secret.slice(secret.indexOf('_') + 1);
  if (body.length !== 36) return 'plausible';
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30) ? 'confirmed' : 'plausible';
}

function decodeBase64(text: string): Buffer | undefined {
  const clean = text.replace(/\\[nr]|\s/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) return undefined;
  return Buffer.from(clean.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A JWT's header is a JSON object naming its algorithm (RFC 7515 §4.1.1). */
function jwt(secret: string): Validity {
  const start = secret.indexOf('eyJ');
  const [header, payload] = secret.slice(Math.max(0, start)).split('.');
  const decoded = header ? decodeBase64(header) : undefined;
  const fields = decoded ? jsonObject(decoded.toString('utf8')) : undefined;
  if (!fields || (typeof fields.alg !== 'string' && typeof fields.typ !== 'string')) return 'rejected';
  const claims = payload ? decodeBase64(payload) : undefined;
  return claims && jsonObject(claims.toString('utf8')) ? 'confirmed' : 'plausible';
}

const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

/** A PEM body is base64 of DER (a SEQUENCE, 0x30) or of OpenSSH's own format. */
function pem(secret: string): Validity {
  const body = secret
    .replace(/-----BEGIN[^-]*-----/, '')
    .replace(/-----END[^-]*---[\s\S]*/, '')
    .replace(/[\w-]+: [^\r\n\\]*(?:\r?\n|\\n)/g, '')
    // PGP armour ends the body with a CRC-24 line: `=8xQN`.
    .replace(/(?:\r?\n|\\n)=[A-Za-z0-9+/]{4}\s*$/, '');
  if (/\.\.\.|xxxx|<[^>]*>|\$\{/i.test(body)) return 'rejected';
  const bytes = decodeBase64(body);
  if (!bytes || bytes.length < 32) return 'rejected';
  if (bytes[0] === 0x30 || bytes.subarray(0, OPENSSH_MAGIC.length).equals(OPENSSH_MAGIC)) return 'confirmed';
  // PGP armour and encrypted keys have other framings.
  return 'plausible';
}

/** A PyPI token is a macaroon whose location is pypi.org or test.pypi.org. */
function pypiMacaroon(secret: string): Validity {
  const body = secret.slice(secret.indexOf('-') + 1);
  const bytes = decodeBase64(body.slice(0, 64).slice(0, Math.floor(Math.min(body.length, 64) / 4) * 4));
  if (!bytes) return 'rejected';
  const text = bytes.toString('latin1');
  return text.includes('pypi.org') ? 'confirmed' : 'plausible';
}

/**
 * AWS key ids are base32 after the prefix: no 0, 1, 8 or 9. Any such string decodes to some
 * account, so the alphabet only rules out; it confirms nothing (the documented
 * `AKIAIOSFODNN7EXAMPLE` passes it too).
 */
function awsKeyId(secret: string): Validity {
  return /^[A-Z0-9]{4}[A-Z2-7]{16}$/.test(secret) ? 'plausible' : 'rejected';
}

/** The JSON Google hands out for a service-account key. */
function gcpServiceAccount(secret: string): Validity {
  const fields = jsonObject(secret);
  if (!fields) return 'plausible';
  if (fields.type !== 'service_account') return 'rejected';
  const key = fields.private_key;
  return typeof key === 'string' && pem(key) === 'confirmed' ? 'confirmed' : 'rejected';
}

const PLACEHOLDER_PASSWORD =
  /^(?:\*+|x+|\.+|password|passwd|pass|secret|pwd|changeme|\[[^\]]*\]|<[^>]*>|\{[^}]*\}|\$.*|%.*%|:+)$/i;

/** The password part of `scheme://user:password@host` is not a placeholder. */
function urlPassword(secret: string): Validity {
  if (secret.length < 4 || PLACEHOLDER_PASSWORD.test(secret)) return 'rejected';
  // Escapes in a test of URL parsing (`pa\uD7FFss`), not a password anyone typed.
  if (/\\[ux][0-9A-Fa-f]{2}/.test(secret)) return 'rejected';
  return isNotSecretValue(decodeURIComponentSafe(secret)) ? 'rejected' : 'plausible';
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The hex CRC32 some issuers append to a token (Cloudflare's `cfat_`/`cfut_`/`cfk_`: 40 characters,
 * then the CRC32 of those 40 as 8 lower-case hex digits).
 */
function crc32Hex(secret: string): Validity {
  const body = secret.slice(secret.indexOf('_') + 1);
  if (body.length <= 8) return 'plausible';
  const sum = crc32(body.slice(0, -8)).toString(16).padStart(8, '0');
  return sum === body.slice(-8) ? 'confirmed' : 'plausible';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Not a placeholder, reference or identifier-shaped value; a UUID is a token where one is expected. */
function isFillerPart(part: string): boolean {
  return !UUID.test(part) && isNotSecretValue(part);
}

/** `Authorization: Basic <base64>` carries `user:password` (RFC 7617). */
function basicAuth(secret: string): Validity {
  const bytes = decodeBase64(secret);
  if (!bytes || bytes.length < 2) return 'rejected';
  const text = bytes.toString('latin1');
  const colon = text.indexOf(':');
  if (colon < 0 || text.startsWith('{')) return 'rejected';
  let printable = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 32 && code < 127) printable++;
  }
  if (printable < text.length * 0.9) return 'rejected';
  const user = text.slice(0, colon);
  const password = text.slice(colon + 1);
  if (user.length === 0 && password.length === 0) return 'rejected';
  const filler = (part: string) => part.length > 0 && isFillerPart(part);
  if (filler(password) || (password.length === 0 && filler(user))) return 'rejected';
  if (/^(?:user(?:name)?|login|email|admin|test)$/i.test(user) && password.length < 6) return 'rejected';
  return 'confirmed';
}

/**
 * A value after `Bearer` or in an auth header is a credential only if it is not a name, a
 * reference or a word: it has a digit or mixed classes and some randomness.
 */
function opaqueToken(secret: string): Validity {
  if (UUID.test(secret)) return 'plausible';
  if (isReference(secret) || isFillerPart(secret)) return 'rejected';
  // A member expression in code (`base64.decodebytes`, `this.session.token`): short segments.
  if (/^[A-Za-z_$][\w$]{0,15}(?:\.[A-Za-z_$][\w$]{0,15})+$/.test(secret)) return 'rejected';
  if (!/[0-9]/.test(secret)) {
    // A name in code (`authToken`, `this.session.token`) rather than a value.
    if (classCount(secret) < 3 || /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(secret)) return 'rejected';
  }
  return shannonEntropy(secret) < 2.5 ? 'rejected' : 'plausible';
}

/**
 * A value that must be base64 of something (Azure account keys: 64 bytes). Any random string
 * passes, so it only rules out; documented keys are still fillers.
 */
function base64Payload(secret: string): Validity {
  const bytes = decodeBase64(secret);
  return bytes && bytes.length >= 16 ? 'plausible' : 'rejected';
}

const VALIDATORS: Readonly<Record<ValidatorName, (secret: string) => Validity>> = {
  'crc32-base62': crc32Base62,
  jwt,
  pem,
  'pypi-macaroon': pypiMacaroon,
  'aws-key-id': awsKeyId,
  'gcp-service-account': gcpServiceAccount,
  'url-password': urlPassword,
  'base64-payload': base64Payload,
  'crc32-hex': crc32Hex,
  'basic-auth': basicAuth,
  'opaque-token': opaqueToken,
};

export function validate(name: ValidatorName, secret: string): Validity {
  return VALIDATORS[name](secret);
}
