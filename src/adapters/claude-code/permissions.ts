// Claude Code's own permission rules, written by `bulwark init` as defence in depth: they hold even
// in a session where the hook could not run. bulwark's hook stays the judge (it reads through
// `cat`, `bash -c` and symlinks, which these rules do not); these are the floor under it.
import type { ProfileName } from '../../policy/types';

type Json = Record<string, unknown>;

/**
 * Secret files of the project (bare names match at any depth) and of the home directory. `.env.*`
 * as a pattern would also deny `.env.example`, which the agent may read, so the variants are named.
 * A Read deny also covers Edit and Write; NotebookEdit only an Edit deny covers.
 */
const SECRET_PATHS = [
  '.env',
  '.env.local',
  '.env.*.local',
  '.env.development',
  '.env.production',
  '.env.staging',
  '.env.test',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '~/.ssh/id_rsa',
  '~/.ssh/id_ecdsa',
  '~/.ssh/id_ed25519',
  '~/.aws/credentials',
  '~/.config/gcloud/**',
  '~/.azure/**',
  '~/.kube/config',
  '~/.docker/config.json',
  '~/.netrc',
  '~/.git-credentials',
  '~/.npmrc',
  '~/.pypirc',
  '~/.gnupg/**',
  '~/.claude/.credentials.json',
];

/** Commands that always deserve a human look, whatever the hook says. */
const RISKY_COMMANDS = [
  'Bash(sudo *)',
  'Bash(git push --force *)',
  'Bash(git push -f *)',
  'Bash(npm publish *)',
  'Bash(git reset --hard *)',
];

/** strict also asks before anything leaves the machine or deletes recursively. */
const STRICT_COMMANDS = ['Bash(git push *)', 'Bash(rm -rf *)', 'Bash(curl *)', 'Bash(wget *)'];

export interface PermissionRules {
  deny: string[];
  ask: string[];
  /** Scalars under `permissions` set when absent (never overridden). */
  scalars: Record<string, string>;
}

export function permissionRules(profile: ProfileName): PermissionRules {
  const deny = [
    ...SECRET_PATHS.map((path) => `Read(${path})`),
    ...SECRET_PATHS.map((path) => `Edit(${path})`),
  ];
  const ask =
    profile === 'relaxed' ? [] : [...RISKY_COMMANDS, ...(profile === 'strict' ? STRICT_COMMANDS : [])];
  // bypassPermissions skips every prompt bulwark asks for; strict turns the mode off for the project.
  const scalars: Record<string, string> =
    profile === 'strict' ? { disableBypassPermissionsMode: 'disable' } : {};
  return { deny, ask, scalars };
}

/** What `withPermissions` added, recorded so `uninstall` takes out exactly that. */
export interface AddedPermissions {
  deny: string[];
  ask: string[];
  scalars: string[];
  /** `permissions`, `permissions.deny`, ... when init created them (removed again if left empty). */
  createdKeys: string[];
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** Settings with the rules merged in: existing entries and their order kept, nothing duplicated. */
export function withPermissions(
  settings: Json,
  rules: PermissionRules,
): { settings: Json; added: AddedPermissions } {
  const added: AddedPermissions = { deny: [], ask: [], scalars: [], createdKeys: [] };
  const existing = asObject(settings.permissions);
  if (settings.permissions !== undefined && !existing) return { settings, added };
  if (!existing) added.createdKeys.push('permissions');
  const permissions: Json = { ...existing };
  for (const list of ['deny', 'ask'] as const) {
    if (rules[list].length === 0) continue;
    const current = permissions[list];
    if (current !== undefined && !Array.isArray(current)) continue;
    if (current === undefined) added.createdKeys.push(`permissions.${list}`);
    const entries = [...((current as unknown[] | undefined) ?? [])];
    for (const rule of rules[list]) {
      if (entries.includes(rule)) continue;
      entries.push(rule);
      added[list].push(rule);
    }
    permissions[list] = entries;
  }
  for (const [key, value] of Object.entries(rules.scalars)) {
    if (key in permissions) continue;
    permissions[key] = value;
    added.scalars.push(key);
  }
  return { settings: { ...settings, permissions }, added };
}

/** Settings with what `withPermissions` added taken out again (entries the user added stay). */
export function withoutPermissions(settings: Json, added: AddedPermissions): Json {
  const existing = asObject(settings.permissions);
  if (!existing) return settings;
  const permissions: Json = { ...existing };
  for (const list of ['deny', 'ask'] as const) {
    const current = permissions[list];
    if (!Array.isArray(current)) continue;
    const remaining = current.filter((entry) => !(typeof entry === 'string' && added[list].includes(entry)));
    if (remaining.length === 0 && added.createdKeys.includes(`permissions.${list}`)) delete permissions[list];
    else permissions[list] = remaining;
  }
  for (const key of added.scalars) delete permissions[key];
  const next: Json = { ...settings, permissions };
  if (Object.keys(permissions).length === 0 && added.createdKeys.includes('permissions'))
    delete next.permissions;
  return next;
}
