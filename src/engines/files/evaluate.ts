// The file guard: secret files are not read, start-up files and the guard's own configuration are
// not written, and writes that leave the project ask first.
import { isAbsolute, join } from 'node:path';
import {
  combine,
  type Decision,
  describeSource,
  noObjection,
  type Outcome,
  type Verdict,
  verdictOutcome,
} from '../../core/decision';
import type { AgentEvent } from '../../core/events';
import { splitPath } from '../../core/glob';
import { ruleBook } from '../../core/rules';
import type { EffectivePolicy, Sourced } from '../../policy/types';
import type { JudgeContext } from '../context';
import { expandHome, isInside, type ResolvedPath, resolveToolPath } from './paths';
import { type CompiledPattern, firstMatch, type PatternSets, patternSets, secretMatch } from './patterns';
import rulesData from './rules.yaml';
import { globTargetsSecrets, includeFilter, scanForSecrets } from './search';

export const FILES_RULE_IDS = [
  'files.invalid-path',
  'files.secret-read',
  'files.secret-write',
  'files.persistence-write',
  'files.self-protection',
  'files.outside-project-write',
  'files.outside-project-read',
  'files.search-secret',
  'files.search-unchecked',
] as const;
export type FilesRuleId = (typeof FILES_RULE_IDS)[number];

const rules = ruleBook<FilesRuleId>('files', rulesData);
const MAX_PATH_LENGTH = 4096;

type FileEvent = Extract<AgentEvent, { kind: 'file-read' | 'file-write' | 'file-search' }>;

interface Judgement {
  tool: string;
  policy: EffectivePolicy;
  context: JudgeContext;
  sets: PatternSets;
  /** False for shell commands: the shell engine judges where deletes and writes go itself. */
  projectBoundary: boolean;
}

export function judgeFiles(
  tool: string,
  event: FileEvent,
  policy: EffectivePolicy,
  context: JudgeContext,
): Decision {
  const j: Judgement = { tool, policy, context, sets: patternSets(policy, context), projectBoundary: true };
  switch (event.kind) {
    case 'file-read':
      return judgeRead(j, event.path);
    case 'file-write':
      return judgeWrite(j, event.path, event.mode);
    case 'file-search':
      return judgeSearch(j, event);
  }
}

/**
 * A path found somewhere else (an MCP tool's input, a shell command's operand) judged as a read or
 * a write (`write` may show the file, like Edit; `replace` does not, like Write);
 * `projectBoundary: false` leaves out the asks for paths outside the project.
 */
export function judgePath(
  tool: string,
  path: string,
  access: 'read' | 'write' | 'replace',
  policy: EffectivePolicy,
  context: JudgeContext,
  projectBoundary = true,
): Decision {
  const j: Judgement = { tool, policy, context, sets: patternSets(policy, context), projectBoundary };
  if (access === 'read') return judgeRead(j, path);
  return judgeWrite(j, path, access === 'replace' ? 'replace' : 'edit');
}

/** A rule fired by a policy pattern: its message names the pattern and where it was written. */
function fromPattern(
  id: FilesRuleId,
  outcome: Outcome,
  values: Record<string, string>,
  match: CompiledPattern,
): Decision {
  const sourced = { ...values, pattern: match.pattern, source: describeSource(match.source) };
  return rules.fire(id, outcome, sourced, match.source);
}

/** A path bulwark cannot judge is denied. */
function invalidPath(path: string): Decision | undefined {
  let detail: string | undefined;
  if (path.length === 0) detail = 'empty path';
  else if (path.includes('\0')) detail = 'contains a NUL byte';
  else if (path.length > MAX_PATH_LENGTH) detail = `longer than ${MAX_PATH_LENGTH} characters`;
  return detail === undefined
    ? undefined
    : rules.fire('files.invalid-path', 'deny', { path: JSON.stringify(path), detail });
}

function resolved(j: Judgement, path: string): ResolvedPath {
  return resolveToolPath(path, j.context.cwd, j.context.home, j.context.fs);
}

function display(path: ResolvedPath): string {
  return path.real === path.lexical ? path.lexical : `${path.lexical} (which leads to ${path.real})`;
}

function forms(path: ResolvedPath): string[] {
  return path.real === path.lexical ? [path.lexical] : [path.lexical, path.real];
}

function writableRoots(j: Judgement): string[] {
  const roots = [...j.sets.writableRoots, ...j.context.agentDirectories()];
  return roots.flatMap((root) => {
    const real = j.context.fs.realpath(root);
    return real && real !== root ? [root, real] : [root];
  });
}

function insideProject(j: Judgement, path: ResolvedPath): boolean {
  const roots = writableRoots(j);
  const ci = j.context.caseInsensitivePaths;
  return forms(path).every((form) => roots.some((root) => isInside(form, root, ci)));
}

/** What the policy says about reaching outside the project, if the path does. */
function outsideProject(
  j: Judgement,
  path: ResolvedPath,
  id: 'files.outside-project-read' | 'files.outside-project-write',
  knob: Sourced<Verdict>,
): Decision | undefined {
  if (!j.projectBoundary || knob.value === 'none' || insideProject(j, path)) return undefined;
  const values = { path: display(path), root: `project root ${j.context.projectRoot}` };
  return rules.fire(id, verdictOutcome(knob.value), values, knob.source);
}

function judgeRead(j: Judgement, input: string): Decision {
  const invalid = invalidPath(input);
  if (invalid) return invalid;
  const path = resolved(j, input);
  const secret = secretMatch(j.sets, forms(path));
  if (secret) return fromPattern('files.secret-read', 'deny', { path: display(path) }, secret);
  return (
    outsideProject(j, path, 'files.outside-project-read', j.policy.files.outsideProjectReads) ??
    noObjection('files', `no file rule applies to reading ${display(path)}`)
  );
}

function judgeWrite(j: Judgement, input: string, mode: 'replace' | 'edit'): Decision {
  const invalid = invalidPath(input);
  if (invalid) return invalid;
  const path = resolved(j, input);
  const values = { path: display(path) };
  const decisions: Decision[] = [];
  const own = firstMatch(j.sets.self(), forms(path)) ?? firstMatch(j.sets.protected(), forms(path));
  if (own) decisions.push(fromPattern('files.self-protection', 'deny', values, own));
  const persistence = firstMatch(j.sets.persistence(), forms(path));
  if (persistence) decisions.push(fromPattern('files.persistence-write', 'deny', values, persistence));
  const secret = secretMatch(j.sets, forms(path));
  if (secret && mode === 'edit') decisions.push(fromPattern('files.secret-read', 'deny', values, secret));
  const knob = j.policy.files.secretFileWrites;
  if (secret && mode === 'replace' && knob.value !== 'none') {
    decisions.push(fromPattern('files.secret-write', verdictOutcome(knob.value), values, secret));
  }
  // Only an ask could follow, and a denial already stands: skip reading the agent's settings.
  if (!decisions.some((decision) => decision.outcome === 'deny')) {
    const asked = outsideProject(j, path, 'files.outside-project-write', j.policy.files.outsideProjectWrites);
    if (asked) decisions.push(asked);
  }
  return decisions.length
    ? combine(decisions)
    : noObjection('files', `no file rule applies to writing ${display(path)}`);
}

/** The directory a search really starts from: a Glob pattern's literal leading directories count. */
function searchRoot(j: Judgement, event: Extract<AgentEvent, { kind: 'file-search' }>) {
  const base = event.root ?? j.context.cwd;
  if (event.reads === 'contents') return { root: base, namePattern: '*' };
  const expanded = expandHome(event.pattern, j.context.home);
  const full = isAbsolute(expanded) ? expanded : join(expandHome(base, j.context.home), expanded);
  const parts = splitPath(full);
  const firstWildcard = parts.findIndex((part) => /[*?[{]/.test(part));
  const literalDirs = parts.slice(0, firstWildcard < 0 ? parts.length - 1 : firstWildcard);
  return { root: `/${literalDirs.join('/')}`, namePattern: parts.at(-1) ?? '*' };
}

function judgeSearch(j: Judgement, event: Extract<AgentEvent, { kind: 'file-search' }>): Decision {
  const { root: rootInput, namePattern } = searchRoot(j, event);
  const invalid = invalidPath(rootInput);
  if (invalid) return invalid;
  const root = resolved(j, rootInput);
  if (root.exists && !root.isDirectory) return judgeRead(j, rootInput);

  const decisions: Decision[] = [];
  const outside = outsideProject(j, root, 'files.outside-project-read', j.policy.files.outsideProjectReads);
  if (outside) decisions.push(outside);
  const values = { tool: j.tool, root: display(root) };
  if (event.reads === 'contents') {
    const roots = [root.real, j.context.cwd];
    const scan = root.exists
      ? scanForSecrets(
          root.real,
          j.sets,
          includeFilter(event.include, roots, j.context.caseInsensitivePaths),
          j.context,
        )
      : ({ kind: 'clean' } as const);
    if (scan.kind === 'hit') {
      decisions.push(
        fromPattern(
          'files.search-secret',
          'deny',
          { ...values, verb: 'read', found: scan.file },
          scan.pattern,
        ),
      );
    } else if (scan.kind === 'incomplete') {
      decisions.push(rules.fire('files.search-unchecked', 'ask', { ...values, detail: scan.detail }));
    }
  } else {
    const target = globTargetsSecrets(root.real, namePattern, j.sets, j.context);
    const found = `files named like ${namePattern}`;
    if (target)
      decisions.push(fromPattern('files.search-secret', 'deny', { ...values, verb: 'list', found }, target));
  }
  return decisions.length
    ? combine(decisions)
    : noObjection('files', `no file rule applies to ${j.tool} over ${display(root)}`);
}
