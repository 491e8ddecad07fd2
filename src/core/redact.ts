// Redaction for everything bulwark writes (audit log, messages). A stop-gap set of well-known token
// shapes until the secrets engine takes over; every pattern is linear (no nested quantifiers) and
// runs on bounded input.

const MAX_INPUT = 8192;

const patterns: ReadonlyArray<[kind: string, pattern: RegExp]> = [
  [
    'private-key',
    /-----BEGIN[A-Z ]{0,40}PRIVATE KEY-----[\s\S]*?(?:-----END[A-Z ]{0,40}PRIVATE KEY-----|$)/g,
  ],
  ['url-credentials', /(?<=[a-z][a-z0-9+.-]{0,20}:\/\/)[^/\s:@]{1,256}:[^/\s@]{1,256}(?=@)/gi],
  ['aws-key', /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g],
  ['github-token', /\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{20,255})\b/g],
  ['gitlab-token', /\bglpat-[A-Za-z0-9_-]{20,64}\b/g],
  ['api-key', /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,256}/g],
  ['slack-token', /\bxox[abposr]-[A-Za-z0-9-]{10,256}/g],
  ['npm-token', /\bnpm_[A-Za-z0-9]{36}\b/g],
  ['google-api-key', /\bAIza[0-9A-Za-z_-]{35}\b/g],
  ['jwt', /\beyJ[A-Za-z0-9_-]{8,2048}\.[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,2048}/g],
];

const assignment =
  /\b([A-Za-z0-9_-]{0,40}(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth|credentials?)[A-Za-z0-9_]{0,40})(["']?\s{0,4}[:=]\s{0,4}["']?)([^\s"'&,;]{4,512})/gi;

/** Every pattern above needs one of these: a long token-like run, a separator, or a PEM fence. */
const mightHoldSecret = /[A-Za-z0-9_+-]{16}|[:=@]|-----/;

/** Every secret rule needs one of these: an assignment, a URL's user, a PEM fence, a word. */
const SECRET_SIGNS = /[=@]|-----|pass|pwd|secret|token|key|auth|cred|bearer|--user|\s-u\s/i;
/** ... or a long run of token characters mixing digits or cases the way random text does. */
const TOKEN_RUN = /[A-Za-z0-9_+.-]{20,}/g;

function looksRandom(run: string): boolean {
  const digits = run.match(/[0-9]/g)?.length ?? 0;
  const upper = run.match(/[A-Z]/g)?.length ?? 0;
  const lower = run.match(/[a-z]/g)?.length ?? 0;
  return (digits >= 2 && (upper >= 1 || digits >= 6)) || (upper >= 4 && lower >= 4);
}

/**
 * Whether a text could hold a secret worth loading the engine for (tens of milliseconds on a
 * hook's start) to keep it out of the audit log; the stop-gap patterns above cover the rest. Only
 * for what bulwark writes down: detection itself never depends on it.
 */
export function mayHoldSecret(text: string): boolean {
  if (SECRET_SIGNS.test(text)) return true;
  for (const run of text.match(TOKEN_RUN) ?? []) if (looksRandom(run)) return true;
  return false;
}

export function redact(text: string): string {
  let out =
    text.length > MAX_INPUT ? `${text.slice(0, MAX_INPUT)}…[${text.length - MAX_INPUT} more chars]` : text;
  if (!mightHoldSecret.test(out)) return out;
  for (const [kind, pattern] of patterns) out = out.replace(pattern, `[redacted:${kind}]`);
  return out.replace(assignment, (_match, key: string, separator: string) => `${key}${separator}[redacted]`);
}

/** Redacted, single-line, bounded: what goes into a log line or a one-line message. */
export function summarize(text: string, limit = 300): string {
  const flat = redact(text).replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}
