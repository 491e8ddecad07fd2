// The effective policy for people: every value next to the file and line it came from.
import pc from 'picocolors';
import { describeSource } from '../core/decision';
import { FIELDS, fieldKey } from '../policy/fields';
import type { AllowRule, EffectivePolicy, Sourced } from '../policy/types';

const MEANING: Record<string, string> = {
  'files.secretFiles': 'reads denied (Read, Edit, Grep, Glob)',
  'files.secretFileExceptions': 'not secret after all (exempts built-in entries only)',
  'files.persistenceFiles': 'writes denied: start-up and scheduling files',
  'files.protectedFiles': "writes denied: the guard's own configuration",
  'files.secretFileWrites': 'Write to a secret file',
  'files.outsideProjectWrites': 'writes outside the project',
  'files.outsideProjectReads': 'reads outside the project',
  'files.additionalDirectories': 'count as inside the project',
  'net.denyDomains': 'fetches denied',
  'net.allowDomains': 'known domains (no ask for unknown or private hosts)',
  'net.privateAddresses': 'loopback and private networks',
  'net.unknownDomains': 'domains on no list',
  'net.webSearch': 'web searches',
  'tools.deny': 'tools denied',
  'tools.ask': 'tools that ask',
  'tools.unknown': 'tools bulwark has no guard for',
  'shell.rules': 'your own deny / ask rules for shell commands',
  allow: 'auto-approve rules',
  'hook.budgetMs': 'time budget per hook call (ms)',
  'audit.enabled': 'audit log on',
  'audit.dir': 'audit log directory',
  'audit.maxFileBytes': 'rotate the audit log at (bytes)',
};

function getAt(policy: EffectivePolicy, path: readonly string[]): unknown {
  let node: unknown = policy;
  for (const step of path) node = (node as Record<string, unknown> | undefined)?.[step];
  return node;
}

function describeValue(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  const rule = value as AllowRule;
  const parts = [`tool ${rule.tool}`];
  if (rule.paths) parts.push(`paths ${rule.paths.join(', ')}`);
  if (rule.domains) parts.push(`domains ${rule.domains.join(', ')}`);
  return parts.join('; ');
}

export function renderPolicy(
  policy: EffectivePolicy,
  project: string,
  builtIn: { writeProtected: readonly string[]; readDenied: readonly string[] },
): string {
  const out: string[] = [];
  out.push(`${pc.bold('bulwark policy')} for ${project}`);
  out.push(`profile: ${pc.bold(policy.profile.value)}  ${pc.dim(describeSource(policy.profile.source))}`, '');
  out.push(pc.bold('layers'));
  for (const layer of policy.layers) {
    out.push(
      `  ${layer.layer.padEnd(8)} ${layer.file}  ${layer.state === 'loaded' ? pc.green('loaded') : pc.dim('absent')}`,
    );
  }
  for (const field of FIELDS) {
    const key = fieldKey(field);
    const value = getAt(policy, field.path) as Sourced<unknown> | Sourced<unknown>[] | undefined;
    out.push('');
    if (Array.isArray(value)) {
      out.push(`${pc.bold(key)}  ${pc.dim(MEANING[key] ?? '')}`);
      if (value.length === 0) out.push(pc.dim('  (none)'));
      const width = Math.min(48, Math.max(0, ...value.map((entry) => describeValue(entry.value).length)));
      for (const entry of value) {
        out.push(`  ${describeValue(entry.value).padEnd(width)}  ${pc.dim(describeSource(entry.source))}`);
      }
    } else if (value === undefined) {
      out.push(`${pc.bold(key)}: ${pc.dim('(default)')}  ${pc.dim(MEANING[key] ?? '')}`);
    } else {
      out.push(
        `${pc.bold(key)}: ${describeValue(value.value)}  ${pc.dim(`${MEANING[key] ?? ''}; ${describeSource(value.source)}`)}`,
      );
    }
  }
  out.push('', `${pc.bold('always write-protected')}  ${pc.dim("bulwark's and Claude Code's own files")}`);
  for (const path of builtIn.writeProtected) out.push(`  ${path}`);
  out.push(
    '',
    `${pc.bold('always read-denied')}  ${pc.dim("Claude Code's credentials, wherever $CLAUDE_CONFIG_DIR puts them")}`,
  );
  for (const path of builtIn.readDenied) out.push(`  ${path}`);
  if (policy.notes.length > 0) {
    out.push('', pc.bold('notes'));
    for (const note of policy.notes) out.push(`  - ${note}`);
  }
  return `${out.join('\n')}\n`;
}
