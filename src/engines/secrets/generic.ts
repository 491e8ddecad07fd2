// Secrets no provider format announces: a value assigned to a key whose name says it holds one
// (`password`, `client_secret`, `api_key`...), judged by the key's name and the value's quality.
import type { Assignment } from './assignments';
import { classCount, shannonEntropy } from './entropy';
import { isNotSecretValue } from './placeholders';
import type { Syntax } from './syntax';
import { takesBareValues } from './syntax';
import type { Confidence } from './types';

export type KeyKind = 'password' | 'secret';

/** Words, lower-case, separators removed, at the end of a key that names something else. */
const NOT_A_SECRET_KEY =
  /(?:public|publishable|pubkey|id|ids|name|names|file|files|path|dir|url|uri|urls|endpoint|host|length|len|size|type|types|format|version|prefix|suffix|header|field|fields|hash|hashed|digest|checksum|fingerprint|algorithm|algo|mode|policy|policies|expiry|expires|expiration|expiresin|expiresat|ttl|count|enabled|disabled|required|provider|store|label|pattern|regex|timeout|template|hint|limit|index|location|usage|schema|ref|reference|vault|manager|variable|env|arn|question|rotation|strength|minlength|maxlength|placeholder|helper|cache|storage|method|type|kind|class|style|error|errors|message|text|title|description|prompt|button|link|input|param|params|option|options|config|setting|settings|field|column|table|key|keys|pair|chars|charset|alphabet|selector|map|mapping|list|policy|confirm|confirmation|reset|forgot|change|changed|updated|created|valid|validator|validation|check|request|response|callback|handler|service|endpoint|encoding|encoder|decoder|generator|factory|bytes|bits|stamp|timestamp|date|time|at|on|by|sent|flag|flags|sample|example|test)$/;
const PASSWORD_KEY = /passw(?:or)?d|passphrase|pwd$|^pass$|pass$|^pw$|userpass|dbpass|rootpass|adminpass/;
const SECRET_KEY =
  /secret|token|apikey|accesskey|privatekey|authkey|credential|creds$|bearer|signingkey|encryptionkey|masterkey|sessionkey|clientkey|appkey|licensekey|secretkey|^auth$|auth$|userauth|basicauth|^key$|apisecret|accesstoken|refreshtoken/;

export function keyKind(rawKey: string): KeyKind | undefined {
  const key = rawKey.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (key.length === 0 || key.length > 80) return undefined;
  if (PASSWORD_KEY.test(key))
    return NOT_A_SECRET_KEY.test(key) && !/pass(?:word|wd)?$/.test(key) ? undefined : 'password';
  if (!SECRET_KEY.test(key)) return undefined;
  if (key === 'key' || key.endsWith('secretkey') || key.endsWith('apikey') || key.endsWith('privatekey'))
    return 'secret';
  return NOT_A_SECRET_KEY.test(key) ? undefined : 'secret';
}

const UUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

function unescapeValue(value: string): string {
  return value.includes('\\') ? value.replace(/\\(.)/g, '$1') : value;
}

export interface GenericVerdict {
  kind: KeyKind;
  confidence: Confidence;
}

/**
 * Whether an assignment holds a secret. Passwords need less randomness than keys (people choose
 * them), but both must be longer than a word and not a placeholder, reference or identifier.
 */
export function judgeAssignment(assignment: Assignment, syntax: Syntax): GenericVerdict | undefined {
  const kind = keyKind(assignment.key);
  if (!kind) return undefined;
  if (!assignment.quoted && !takesBareValues(syntax)) return undefined;
  const value = unescapeValue(assignment.value.trim());
  if (value.length < (kind === 'password' ? 6 : 8) || value.length > 300) return undefined;
  if (/\s/.test(value) && kind !== 'password') return undefined;
  if (UUID.test(value)) return kind === 'secret' ? { kind, confidence: 'low' } : undefined;
  if (isNotSecretValue(value)) return undefined;
  // A call or an expression, not a literal: `getPassword()`, `config.secret`, `a + b`.
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$|\(|\)|^\w+\[/.test(value)) return undefined;
  const entropy = shannonEntropy(value);
  const classes = classCount(value);
  if (kind === 'password') {
    if (entropy < 2.3 || (classes < 2 && value.length < 12)) return undefined;
    return { kind, confidence: classes >= 3 && value.length >= 10 ? 'medium' : 'low' };
  }
  const hex = /^[0-9a-f]+$/i.test(value);
  if (hex ? value.length < 16 || entropy < 3 : entropy < 3.2 || classes < 2) return undefined;
  return { kind, confidence: entropy >= 3.8 && value.length >= 20 ? 'medium' : 'low' };
}
