// The pipeline: keyword prefilter → each gated rule's regex on the lines around its keywords →
// entropy, filler and validator checks → generic key/value judgement → one level of decoding →
// overlapping matches resolved. Pure: text in, matches out.
import { assignmentsIn } from './assignments';
import { type Catalog, secretCatalog } from './catalog';
import { decodedValues } from './decode';
import { shannonEntropy } from './entropy';
import { judgeAssignment } from './generic';
import { isFillerToken } from './placeholders';
import { type Syntax, syntaxOf } from './syntax';
import type { Confidence, SecretMatch, SecretRule } from './types';
import { validate } from './validators';

/**
 * How far a match may start before its keyword (a key name before the word `password`, the random
 * half before OpenAI's marker) and, without a rule's `span`, end after it.
 */
const REACH_BEFORE = 128;
const REACH_AFTER = 4096;

export interface DetectOptions {
  /** The file the text is from: decides how values are written (see syntax.ts). */
  path?: string;
  /** Skip decoding base64 and hex values (already decoded once). */
  decoded?: boolean;
  /** The hook's time budget: checked as the work goes, so a hostile text ends in a denial in time. */
  deadline?: { check(stage: string): void };
}

type Window = [start: number, end: number];

/** The start of the keyword's line, or REACH_BEFORE before it (lastIndexOf would search on). */
function lineStart(text: string, at: number): number {
  const floor = Math.max(0, at - REACH_BEFORE);
  for (let i = at - 1; i >= floor; i--) if (text.charCodeAt(i) === 10) return i + 1;
  return floor;
}

/**
 * The end of a keyword's line, at most REACH_AFTER past it. Hits come in order, so the newline
 * found for one serves the next ones on the same line: a megabyte-long line is searched once.
 */
function lineEnds(text: string): (at: number) => number {
  let newline = -2;
  return (at) => {
    if (newline !== -1 && newline < at) newline = text.indexOf('\n', at);
    const ceiling = Math.min(text.length, at + REACH_AFTER);
    return newline < 0 || newline > ceiling ? ceiling : newline;
  };
}

/** For each gated rule, the merged stretches of text its regex must read. */
function gate(text: string, catalog: Catalog): Map<number, Window[]> {
  const windows = new Map<number, Window[]>();
  const lineEnd = lineEnds(text);
  // Rules with no literal to gate on read the whole text, once (their patterns are anchored).
  for (const ruleIndex of catalog.unkeyed) windows.set(ruleIndex, [[0, text.length]]);
  catalog.prefilter.scan(text, (at, keyword) => {
    for (const ruleIndex of catalog.rulesByKeyword[keyword] ?? []) {
      const list = windows.get(ruleIndex);
      const last = list?.[list.length - 1];
      const rule = catalog.rules[ruleIndex] as SecretRule;
      // Inside the window already open: at most it reaches further (the common case in dense
      // text, so no line boundaries are looked for).
      if (last && at < last[1]) {
        const reach = rule.span === undefined ? lineEnd(at) : Math.min(text.length, at + rule.span);
        last[1] = Math.max(last[1], reach);
        continue;
      }
      const start = lineStart(text, at);
      const end = rule.span === undefined ? lineEnd(at) : Math.min(text.length, at + rule.span);
      if (!list) windows.set(ruleIndex, [[start, end]]);
      else if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else list.push([start, end]);
    }
  });
  return windows;
}

function raise(confidence: Confidence): Confidence {
  return confidence === 'low' ? 'medium' : 'high';
}

function patternMatches(
  text: string,
  rule: SecretRule,
  regex: RegExp,
  windows: Window[],
  out: SecretMatch[],
): void {
  for (const [start, end] of windows) {
    const slice = text.slice(start, end);
    regex.lastIndex = 0;
    for (let match = regex.exec(slice); match; match = regex.exec(slice)) {
      if (match[0].length === 0) regex.lastIndex++;
      const span = match.indices?.groups?.secret ?? match.indices?.[0];
      if (!span) continue;
      const secret = slice.slice(span[0], span[1]);
      if (secret.length === 0) continue;
      if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) continue;
      // A structure that checks out (a checksum, a DER body) is real even with a run of As in it.
      const validity = rule.validator ? validate(rule.validator, secret) : 'plausible';
      if (validity === 'rejected') continue;
      if (validity !== 'confirmed' && isFillerToken(secret)) continue;
      const confidence = validity === 'confirmed' ? raise(rule.confidence) : rule.confidence;
      out.push({ rule, secret, start: start + span[0], end: start + span[1], confidence });
    }
  }
}

function genericMatches(
  text: string,
  syntax: Syntax,
  catalog: Catalog,
  windows: Window[],
  out: SecretMatch[],
): void {
  const password = catalog.byId.get('secrets.generic-password');
  const secret = catalog.byId.get('secrets.generic-secret');
  if (!password || !secret) return;
  for (const [start, end] of windows) {
    for (const assignment of assignmentsIn(text.slice(start, end), start)) {
      const verdict = judgeAssignment(assignment, syntax, (value) => catalog.providerFormat(value));
      if (!verdict) continue;
      const to = assignment.quoted ? assignment.end : bareValueEnd(text, assignment.end);
      out.push({
        rule: verdict.kind === 'password' ? password : secret,
        secret: text.slice(assignment.start, to),
        start: assignment.start,
        end: to,
        confidence: verdict.confidence,
      });
    }
  }
}

/**
 * A bare value is judged up to the first `;` or `,`, but redacted up to the next blank or quote:
 * `PASSWORD=Xk9m;L7pz` may be one password, and a half-redacted one is a leaked one.
 */
function bareValueEnd(text: string, end: number): number {
  let to = end;
  const limit = Math.min(text.length, end + 400);
  while (to < limit && !/[\s"'`<]/.test(text[to] as string)) to++;
  return to;
}

const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };

function isGeneric(match: SecretMatch): boolean {
  return match.rule.id.startsWith('secrets.generic-');
}

/** The better of two overlapping matches: a provider's over generic, then the surer, then the longer. */
function better(a: SecretMatch, b: SecretMatch): SecretMatch {
  if (isGeneric(a) !== isGeneric(b)) return isGeneric(a) ? b : a;
  const rank = CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence];
  if (rank !== 0) return rank > 0 ? a : b;
  return b.end - b.start > a.end - a.start ? b : a;
}

function resolveOverlaps(matches: SecretMatch[]): SecretMatch[] {
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: SecretMatch[] = [];
  for (const match of matches) {
    const last = kept[kept.length - 1];
    if (last && match.start < last.end) kept[kept.length - 1] = better(last, match);
    else kept.push(match);
  }
  return kept;
}

const ESCAPED_BREAK = /\\[nr]/g;
const ESCAPED_TAB = /\\t/g;

/**
 * Text as JSON or a log writes it, `\n` for a line break: read with those two characters as a
 * space and a real break (same length, so offsets stay those of the text), so that a token at the
 * start of an escaped line is preceded by a break, not by the letter n.
 */
function unescapedBreaks(text: string): string {
  // Two plain replacements: a replacement function costs several times more on long texts.
  return text.includes('\\') ? text.replace(ESCAPED_BREAK, ' \n').replace(ESCAPED_TAB, '  ') : text;
}

export function detectSecrets(original: string, options: DetectOptions = {}): SecretMatch[] {
  const text = unescapedBreaks(original);
  const catalog = secretCatalog();
  const syntax = syntaxOf(options.path);
  const matches: SecretMatch[] = [];
  const { deadline } = options;
  for (const [ruleIndex, windows] of gate(text, catalog)) {
    deadline?.check('looking for secrets');
    const rule = catalog.rules[ruleIndex] as SecretRule;
    const regex = catalog.pattern(ruleIndex);
    if (regex) patternMatches(text, rule, regex, windows, matches);
    else genericMatches(text, syntax, catalog, windows, matches);
  }
  if (!options.decoded) {
    for (const value of decodedValues(text, syntax)) {
      deadline?.check('looking for secrets in encoded values');
      const inner = detectSecrets(value.decoded, { decoded: true, path: options.path });
      const found =
        inner.length > 0 ? inner : value.key ? genericFromKey(value.key, value.decoded, catalog) : [];
      for (const match of found) {
        matches.push({
          ...match,
          secret: value.encodedText,
          start: value.start,
          end: value.end,
          encoding: value.encoding,
        });
      }
    }
  }
  const resolved = resolveOverlaps(matches);
  // The secret as the text holds it (escapes and all): what redaction and fingerprints work on.
  if (text !== original) for (const match of resolved) match.secret = original.slice(match.start, match.end);
  return resolved;
}

/** A decoded Kubernetes Secret value, judged by the key it is stored under. */
function genericFromKey(key: string, value: string, catalog: Catalog): SecretMatch[] {
  const verdict = judgeAssignment(
    { key, value, start: 0, end: value.length, quoted: true },
    'yaml',
    (candidate) => catalog.providerFormat(candidate),
  );
  const rule =
    verdict &&
    catalog.byId.get(verdict.kind === 'password' ? 'secrets.generic-password' : 'secrets.generic-secret');
  return verdict && rule
    ? [{ rule, secret: value, start: 0, end: value.length, confidence: verdict.confidence }]
    : [];
}
