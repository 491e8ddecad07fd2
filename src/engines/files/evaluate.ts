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
}

export function judgeFiles(
  tool: string,
  event: FileEvent,
  policy: EffectivePolicy,
  context: JudgeContext,
): Decision {
  const j: Judgement = { tool, policy, context, sets: patternSets(policy, context) };
  switch (event.kind) {
    case 'file-read':
      return judgeRead(j, event.path);
    case 'file-write':
      return judgeWrite(j, event.path, event.mode);
    case 'file-search':
      return judgeSearch(j, event);
  }
}

/** A path found somewhere else (an MCP tool's input) judged as a read or a write. */
export function judgePath(
  tool: string,
  path: string,
  access: 'read' | 'write',
  policy: EffectivePolicy,
  context: JudgeContext,
): Decision {
  const j: Judgement = { tool, policy, context, sets: patternSets(policy, context) };
  return access === 'read' ? judgeRead(j, path) : judgeWrite(j, path, 'edit');
}

function fromPattern(id: FilesRuleId, outcome: Outcome, path: string, match: CompiledPattern): Decision {
  return rules.fire(
    id,
    outcome,
    { path, pattern: match.pattern, source: describeSource(match.source) },
    match.source,
  );
}

function fromVerdict(
  id: FilesRuleId,
  knob: Sourced<Verdict>,
  values: Record<string, string>,
): Decision | undefined {
  return knob.value === 'none' ? undefined : rules.fire(id, verdictOutcome(knob.value), values, knob.source);
}

function invalid(path: string): string | undefined {
  if (path.length === 0) return 'empty path';
  if (path.includes('\0')) return 'contains a NUL byte';
  if (path.length > MAX_PATH_LENGTH) return `longer than ${MAX_PATH_LENGTH} characters`;
  return undefined;
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

function projectDescription(j: Judgement): string {
  return `project root ${j.context.projectRoot}`;
}

function judgeRead(j: Judgement, input: string): Decision {
  const problem = invalid(input);
  if (problem)
    return rules.fire('files.invalid-path', 'deny', { path: JSON.stringify(input), detail: problem });
  const path = resolved(j, input);
  const secret = secretMatch(j.sets, forms(path));
  if (secret) return fromPattern('files.secret-read', 'deny', display(path), secret);
  if (!insideProject(j, path)) {
    const asked = fromVerdict('files.outside-project-read', j.policy.files.outsideProjectReads, {
      path: display(path),
      root: projectDescription(j),
    });
    if (asked) return asked;
  }
  return noObjection('files', `no file rule applies to reading ${display(path)}`);
}

function judgeWrite(j: Judgement, input: string, mode: 'replace' | 'edit'): Decision {
  const problem = invalid(input);
  if (problem)
    return rules.fire('files.invalid-path', 'deny', { path: JSON.stringify(input), detail: problem });
  const path = resolved(j, input);
  const shown = display(path);
  const decisions: Decision[] = [];
  const own = firstMatch(j.sets.self, forms(path)) ?? firstMatch(j.sets.protected, forms(path));
  if (own) decisions.push(fromPattern('files.self-protection', 'deny', shown, own));
  const persistence = firstMatch(j.sets.persistence, forms(path));
  if (persistence) decisions.push(fromPattern('files.persistence-write', 'deny', shown, persistence));
  const secret = secretMatch(j.sets, forms(path));
  if (secret && mode === 'edit') decisions.push(fromPattern('files.secret-read', 'deny', shown, secret));
  const knob = j.policy.files.secretFileWrites;
  if (secret && mode === 'replace' && knob.value !== 'none') {
    decisions.push(fromPattern('files.secret-write', verdictOutcome(knob.value), shown, secret));
  }
  // Only an ask could follow, and a denial already stands: skip reading the agent's settings.
  const denied = decisions.some((decision) => decision.outcome === 'deny');
  if (!denied && !insideProject(j, path)) {
    const asked = fromVerdict('files.outside-project-write', j.policy.files.outsideProjectWrites, {
      path: shown,
      root: projectDescription(j),
    });
    if (asked) decisions.push(asked);
  }
  return decisions.length
    ? combine(decisions)
    : noObjection('files', `no file rule applies to writing ${shown}`);
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
  const problem = invalid(rootInput);
  if (problem)
    return rules.fire('files.invalid-path', 'deny', { path: JSON.stringify(rootInput), detail: problem });
  const root = resolved(j, rootInput);
  if (root.exists && !root.isDirectory) return judgeRead(j, rootInput);

  const decisions: Decision[] = [];
  if (!insideProject(j, root)) {
    const asked = fromVerdict('files.outside-project-read', j.policy.files.outsideProjectReads, {
      path: display(root),
      root: projectDescription(j),
    });
    if (asked) decisions.push(asked);
  }
  const values = { tool: j.tool, root: display(root) };
  if (event.reads === 'contents') {
    const ci = j.context.caseInsensitivePaths;
    const scan = root.exists
      ? scanForSecrets(
          root.real,
          j.sets,
          includeFilter(event.include, [root.real, j.context.cwd], ci),
          j.context,
        )
      : ({ kind: 'clean' } as const);
    if (scan.kind === 'hit') {
      decisions.push(
        rules.fire(
          'files.search-secret',
          'deny',
          {
            ...values,
            verb: 'read',
            found: scan.file,
            pattern: scan.pattern.pattern,
            source: describeSource(scan.pattern.source),
          },
          scan.pattern.source,
        ),
      );
    } else if (scan.kind === 'incomplete') {
      decisions.push(rules.fire('files.search-unchecked', 'ask', { ...values, detail: scan.detail }));
    }
  } else {
    const target = globTargetsSecrets(root.real, namePattern, j.sets, j.context);
    if (target) {
      decisions.push(
        rules.fire(
          'files.search-secret',
          'deny',
          {
            ...values,
            verb: 'list',
            found: `files named like ${namePattern}`,
            pattern: target.pattern,
            source: describeSource(target.source),
          },
          target.source,
        ),
      );
    }
  }
  return decisions.length
    ? combine(decisions)
    : noObjection('files', `no file rule applies to ${j.tool} over ${display(root)}`);
}
