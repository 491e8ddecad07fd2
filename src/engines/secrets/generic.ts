// Secrets no provider format announces: a value assigned to a key whose name says it holds one
// (`password`, `client_secret`, `api_key`...), judged by the key's name and the value's quality.
import { type Assignment, USER_AS_KEY } from './assignments';
import { classCount, shannonEntropy } from './entropy';
import { isNotSecretValue } from './placeholders';
import type { Syntax } from './syntax';
import { takesBareValues } from './syntax';
import type { Confidence } from './types';

export type KeyKind = 'password' | 'secret';

/** Words, lower-case, separators removed, at the end of a key that names something else. */
const NOT_A_SECRET_KEY =
  /(?:public|publishable|pubkey|id|ids|name|names|file|files|path|dir|url|uri|urls|endpoint|host|length|len|size|type|types|format|version|prefix|suffix|header|field|fields|hash|hashed|digest|checksum|fingerprint|algorithm|algo|mode|policy|policies|expiry|expires|expiration|expiresin|expiresat|ttl|count|enabled|disabled|required|provider|store|label|pattern|regex|timeout|template|hint|limit|index|location|usage|schema|ref|reference|vault|manager|mgr|variable|env|arn|question|rotation|strength|minlength|maxlength|placeholder|helper|cache|storage|method|type|kind|class|style|error|errors|message|text|title|description|prompt|button|link|input|param|params|option|options|config|setting|settings|field|column|table|key|keys|pair|chars|charset|alphabet|selector|map|mapping|list|policy|confirm|confirmation|reset|forgot|change|changed|updated|created|valid|validator|validation|check|request|response|callback|handler|service|endpoint|encoding|encoder|decoder|generator|factory|bytes|bits|stamp|timestamp|date|time|at|on|by|sent|flag|flags|sample|example|test)$/;
const PASSWORD_KEY = /passw(?:or)?d|passphrase|pwd$|^pass$|pass$|^pw$|userpass|dbpass|rootpass|adminpass/;
const SECRET_KEY =
  /secret|token|apikey|accesskey|privatekey|authkey|credential|creds$|bearer|signingkey|encryptionkey|masterkey|sessionkey|clientkey|appkey|servicekey|licensekey|secretkey|^auth$|auth$|userauth|basicauth|^key$|apisecret|accesstoken|refreshtoken/;

/** Anywhere in a key: what is published or sent to every browser is not a secret. */
const NOT_A_SECRET_ANYWHERE = /public|publishable|csrf|xsrf|authenticity|manager|mgr/;
/** A key naming a collection or a store of secrets (`secrets: prod-vault`) more often than one. */
const PLURAL_KEY = /(?:secrets|tokens|keys|credentials|passwords)$/;

/** Words that end in "pass" and have nothing to do with passwords. */
const NOT_A_PASSWORD_KEY =
  /(?:by|com|over|under|tres|sur|all|any|band|high|low|multi|single|first|second)pass$/;

export function keyKind(rawKey: string): KeyKind | undefined {
  const key = rawKey.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (key.length === 0 || key.length > 80) return undefined;
  if (NOT_A_SECRET_ANYWHERE.test(key) || NOT_A_PASSWORD_KEY.test(key)) return undefined;
  if (PASSWORD_KEY.test(key))
    return NOT_A_SECRET_KEY.test(key) && !/pass(?:word|wd)?$/.test(key) ? undefined : 'password';
  if (!SECRET_KEY.test(key)) return undefined;
  if (
    key === 'key' ||
    /(?:secret|api|private|master|session|signing|encryption|app|service|client|license|auth)key$/.test(key)
  )
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
/**
 * `claimedByProvider`: the value is in a provider's own format, so that provider's rule judges it
 * (shape, checksum, filler), and one it turned down (`ghp_short`) is not a generic secret either.
 */
export function judgeAssignment(
  assignment: Assignment,
  syntax: Syntax,
  claimedByProvider: (value: string) => boolean,
): GenericVerdict | undefined {
  if (assignment.key === USER_AS_KEY) return judgeUserAsKey(assignment.value);
  const kind = keyKind(assignment.key);
  if (!kind) return undefined;
  if (!assignment.quoted && !takesBareValues(syntax)) return undefined;
  const value = unescapeValue(assignment.value.trim());
  if (value.length < (kind === 'password' ? 6 : 8) || value.length > 300) return undefined;
  if (/\s/.test(value) && kind !== 'password') return undefined;
  if (UUID.test(value)) return kind === 'secret' ? { kind, confidence: 'low' } : undefined;
  if (isNotSecretValue(value) || claimedByProvider(value)) return undefined;
  // A call or an expression, not a literal: `getPassword()`, `config.secret`, `a + b`,
  // `typing.Optional[X]`, an object or a list.
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$|\(|\)|^[\w.]+\[|^[{[]/.test(value)) return undefined;
  // A name that says what it holds (`_RSAPrivateKey`, `HTTPPasswordMgr`) is a type or a label.
  if (
    !/[0-9]/.test(value) &&
    /privatekey|secretkey|apikey|accesstoken|passw(?:or)?d|token|secret/i.test(value.replace(/[_-]/g, ''))
  ) {
    return undefined;
  }
  // Unquoted in prose or an unknown format, a value needs something no word has.
  if (!assignment.quoted && syntax === 'text' && !/[^A-Za-z]/.test(value)) return undefined;
  const entropy = shannonEntropy(value);
  const classes = classCount(value.replace(/ /g, ''));
  if (kind === 'password') {
    // A sentence (`'Password used to generate key'`) describes a password; it is not one.
    if ((value.match(/ /g)?.length ?? 0) >= 3) return undefined;
    if (entropy < 2.3 || (classes < 2 && value.length < 12)) return undefined;
    return { kind, confidence: classes >= 3 && value.length >= 10 ? 'medium' : 'low' };
  }
  if (looksLikeWords(value)) return undefined;
  const hex = /^[0-9a-f]+$/i.test(value);
  if (hex ? value.length < 16 || entropy < 3 : entropy < 3.2 || classes < 2) return undefined;
  const strong = entropy >= 3.8 && value.length >= 20;
  if (!strong && PLURAL_KEY.test(assignment.key.toLowerCase())) return undefined;
  return { kind, confidence: strong ? 'medium' : 'low' };
}

/** `curl -u name:` prompts for a password; `curl -u k3y-L1k3!:` sends an API key as the name. */
function judgeUserAsKey(value: string): GenericVerdict | undefined {
  if (value.length < 8 || isNotSecretValue(value)) return undefined;
  if (classCount(value) < 3 || shannonEntropy(value) < 3) return undefined;
  return { kind: 'secret', confidence: 'low' };
}

/**
 * Letters only, mostly in runs of lower case: words and identifiers (`?InterpolationInJSX`,
 * `NonExpressionParenKeyword`). A random key of that length has digits, or short runs.
 */
function looksLikeWords(value: string): boolean {
  if (!/^[?_]?[A-Za-z][A-Za-z_.-]*$/.test(value)) return false;
  // Words joined by separators: `i-am-the-worst`, `not_a_real_token`.
  const parts = value.split(/[_.-]+/).filter((part) => part.length > 0);
  if (parts.length >= 3 && parts.every((part) => part.length <= 12)) return true;
  let inWords = 0;
  for (const run of value.match(/[a-z]{3,}/g) ?? []) inWords += run.length;
  return inWords >= value.length * 0.6;
}
