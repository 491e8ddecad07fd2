// The shell engine: a command line parsed the way bash will run it, every simple command in it
// (and every command those run) checked by each rule pack; the strictest answer wins.
import type Parser from 'tree-sitter';
import { combine, type Decision, describeSource, noObjection } from '../../core/decision';
import type { EffectivePolicy } from '../../policy/types';
import type { JudgeContext } from '../context';
import { checkDefenses } from './checks/defenses';
import { checkFiles } from './checks/files';
import { checkGit } from './checks/git';
import { checkNetwork, checkUnknownCode } from './checks/network';
import { checkSecrets } from './checks/secrets';
import { checkSystem } from './checks/system';
import type { ParsedLine, ShellCommand, Uncertainty } from './ir';
import { forProfile, type ShellJudgement, shown } from './judgement';
import { InputTooComplex, MAX_COMMAND_BYTES } from './limits';
import { bashParser, parseBash } from './parser';
import { ruleMatches } from './patterns';
import { shellRules } from './rule-book';
import { type InlineAnalyser, initialState } from './state';
import { MAX_COMMANDS, MAX_NESTING, walkLine } from './walk';

export type ShellDialect = 'bash' | 'powershell';

/** Syntax nodes that put code inside code: more than MAX_NESTING of them inside each other is refused. */
const NESTING = new Set([
  'command_substitution',
  'process_substitution',
  'subshell',
  'compound_statement',
  'if_statement',
  'while_statement',
  'for_statement',
  'c_style_for_statement',
  'case_statement',
  'function_definition',
  'arithmetic_expansion',
  'expansion',
]);
/** A bound on the tree itself, so that walking it cannot exhaust the stack. */
const MAX_TREE_DEPTH = 2_000;

const CHECKS: ReadonlyArray<(command: ShellCommand, j: ShellJudgement) => Decision[]> = [
  checkFiles,
  checkGit,
  checkSecrets,
  checkNetwork,
  checkSystem,
  checkDefenses,
];

export interface ShellVerdict {
  decision: Decision;
  /** Every command the line runs, as `[program, ...args]`: what allow rules must all match. */
  commands: string[][];
}

let inlineAnalyser: InlineAnalyser | undefined;

/** Loads the inline-code analysers (python -c, node -e...); judgeShell does it when a line needs them. */
export async function loadInlineAnalysis(): Promise<void> {
  inlineAnalyser ??= (await import('./inline')).inlineEffects;
}

export async function judgeShell(
  command: string,
  dialect: ShellDialect,
  policy: EffectivePolicy,
  context: JudgeContext,
): Promise<ShellVerdict> {
  const refused = refuseInput(command, dialect, policy);
  if (refused) return { decision: refused, commands: [] };
  let parsed = parseCommandLine(command, context);
  if (!('refusal' in parsed) && parsed.needsInlineAnalysis && !inlineAnalyser) {
    await loadInlineAnalysis();
    parsed = parseCommandLine(command, context);
  }
  if ('refusal' in parsed) return { decision: parsed.refusal, commands: [] };
  // Never judged without the analysers: a line that still lacks them is refused, not passed.
  if (parsed.needsInlineAnalysis) throw new Error('inline code met without its analysers');
  const j: ShellJudgement = { policy, context, line: parsed, profile: policy.profile.value };
  const decisions: Decision[] = [];
  for (const simple of parsed.commands) {
    context.deadline.check('judging a shell command');
    for (const check of CHECKS) decisions.push(...check(simple, j));
    decisions.push(...userRules(simple, policy));
  }
  for (const uncertainty of parsed.uncertain) decisions.push(judgeUncertainty(uncertainty, j));
  const commands = parsed.commands.map((c) => [
    c.program ?? c.programWord.text,
    ...c.args.map((w) => w.text),
  ]);
  const objections = decisions.filter((d) => d.outcome !== 'no-objection');
  if (objections.length) return { decision: combine(objections), commands };
  const listed = parsed.commands.map(shown).join(', ') || 'this command';
  return { decision: noObjection('shell', `no shell rule applies to ${listed}`), commands };
}

/** The policy's own `shell.rules`. */
function userRules(command: ShellCommand, policy: EffectivePolicy): Decision[] {
  if (!policy.shell.rules.length || command.program === undefined) return [];
  const argv = [command.program, ...command.args.map((w) => w.text)];
  return policy.shell.rules
    .filter((entry) => ruleMatches(entry.value, argv))
    .map((entry) => {
      const values = {
        command: shown(command),
        rule: [entry.value.command, ...(entry.value.args ?? [])].join(' '),
        source: describeSource(entry.source),
        reason: entry.value.reason ?? 'the policy says so',
      };
      return shellRules.fire('shell.policy-rule', entry.value.action, values, entry.source);
    });
}

function refuseInput(command: string, dialect: ShellDialect, policy: EffectivePolicy): Decision | undefined {
  const bytes = Buffer.byteLength(command);
  if (bytes > MAX_COMMAND_BYTES) {
    return shellRules.fire('shell.too-large', 'deny', {
      size: String(bytes),
      limit: String(MAX_COMMAND_BYTES),
    });
  }
  const hidden = hiddenCharacter(command);
  if (hidden !== undefined) {
    const code = `U+${hidden.toString(16).toUpperCase().padStart(4, '0')}`;
    return shellRules.fire('shell.control-characters', 'deny', { code });
  }
  if (dialect === 'powershell') {
    const outcome =
      policy.profile.value === 'strict'
        ? 'deny'
        : policy.profile.value === 'relaxed'
          ? 'no-objection'
          : 'ask';
    return shellRules.fire('shell.powershell', outcome, {});
  }
  return undefined;
}

/** NUL, escape sequences, other controls and zero-width or bidi marks: text the approver cannot see. */
function hiddenCharacter(command: string): number | undefined {
  for (let i = 0; i < command.length; i++) {
    const code = command.charCodeAt(i);
    const control = (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
    const invisible =
      (code >= 0x200b && code <= 0x200f) ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069);
    if (control || invisible) return code;
  }
  return undefined;
}

/** The line as commands, or the denial that stands in for judging it. */
export function parseCommandLine(command: string, context: JudgeContext): ParsedLine | { refusal: Decision } {
  const parser = bashParser(context.selfPaths.installDir);
  const parse = (text: string) => parseBash(parser, text);
  const tree = parse(command);
  context.deadline.check('parsing a shell command');
  const tooComplex = tooComplexToWalk(tree.rootNode);
  if (tooComplex) return { refusal: shellRules.fire('shell.too-complex', 'deny', { detail: tooComplex }) };
  const env = {
    home: context.home,
    projectRoot: context.projectRoot,
    vars: context.vars,
    fs: context.fs,
    installDir: context.selfPaths.installDir,
    deadline: context.deadline,
    inlineEffects: inlineAnalyser,
  };
  try {
    return walkLine(tree, env, initialState(context.cwd), parse);
  } catch (error) {
    if (error instanceof InputTooComplex || error instanceof RangeError) {
      return { refusal: shellRules.fire('shell.too-complex', 'deny', { detail: error.message }) };
    }
    throw error;
  }
}

/** Why the tree is too deep or too big to walk, if it is; found without recursion. */
function tooComplexToWalk(root: Parser.SyntaxNode): string | undefined {
  const cursor = root.walk();
  const nesting: boolean[] = [];
  let nested = 0;
  let commands = 0;
  for (;;) {
    if (cursor.nodeType === 'command' && ++commands > MAX_COMMANDS) {
      return `more than ${MAX_COMMANDS} commands`;
    }
    if (cursor.gotoFirstChild()) {
      const nests = NESTING.has(cursor.nodeType);
      nesting.push(nests);
      if (nests && ++nested > MAX_NESTING) return `code nested more than ${MAX_NESTING} levels deep`;
      if (nesting.length > MAX_TREE_DEPTH) return `a syntax tree deeper than ${MAX_TREE_DEPTH} levels`;
      continue;
    }
    for (;;) {
      if (nesting.pop()) nested--;
      if (cursor.gotoNextSibling()) {
        const nests = NESTING.has(cursor.nodeType);
        nesting.push(nests);
        if (nests && ++nested > MAX_NESTING) return `code nested more than ${MAX_NESTING} levels deep`;
        break;
      }
      if (!cursor.gotoParent()) return undefined;
    }
  }
}

function judgeUncertainty(uncertainty: Uncertainty, j: ShellJudgement): Decision {
  switch (uncertainty.kind) {
    case 'dynamic-program':
      return shellRules.fire('shell.dynamic-program', forProfile(j, { standard: 'ask', strict: 'deny' }), {
        command: shown(uncertainty.command),
      });
    case 'unknown-code':
      return checkUnknownCode(uncertainty, j);
    case 'syntax':
      return shellRules.fire('shell.syntax', forProfile(j, { standard: 'ask', strict: 'deny' }), {
        detail: uncertainty.detail,
      });
  }
}
