// Every policy setting, described once: where it lives and how layers combine it.
//
//   tighten-list  any layer adds entries (a deny anywhere wins)
//   loosen-list   managed and user add entries; a project may not set it; `locked` removes users
//   verdict       deny/ask/none: managed, else user, else the profile; lower layers may only tighten
//   value         managed, else user, else the profile; a project may not set it

export type FieldKind = 'tighten-list' | 'loosen-list' | 'verdict' | 'value';

export interface Field {
  path: readonly [string] | readonly [string, string];
  kind: FieldKind;
}

export const FIELDS: readonly Field[] = [
  { path: ['files', 'secretFiles'], kind: 'tighten-list' },
  { path: ['files', 'secretFileExceptions'], kind: 'loosen-list' },
  { path: ['files', 'persistenceFiles'], kind: 'tighten-list' },
  { path: ['files', 'protectedFiles'], kind: 'tighten-list' },
  { path: ['files', 'secretFileWrites'], kind: 'verdict' },
  { path: ['files', 'outsideProjectWrites'], kind: 'verdict' },
  { path: ['files', 'outsideProjectReads'], kind: 'verdict' },
  { path: ['files', 'additionalDirectories'], kind: 'loosen-list' },
  { path: ['net', 'denyDomains'], kind: 'tighten-list' },
  { path: ['net', 'allowDomains'], kind: 'loosen-list' },
  { path: ['net', 'privateAddresses'], kind: 'verdict' },
  { path: ['net', 'unknownDomains'], kind: 'verdict' },
  { path: ['net', 'webSearch'], kind: 'verdict' },
  { path: ['tools', 'deny'], kind: 'tighten-list' },
  { path: ['tools', 'ask'], kind: 'tighten-list' },
  { path: ['tools', 'unknown'], kind: 'verdict' },
  { path: ['shell', 'rules'], kind: 'tighten-list' },
  { path: ['allow'], kind: 'loosen-list' },
  { path: ['secrets', 'allow'], kind: 'loosen-list' },
  { path: ['secrets', 'maxFileBytes'], kind: 'value' },
  { path: ['hook', 'budgetMs'], kind: 'value' },
  { path: ['audit', 'enabled'], kind: 'value' },
  { path: ['audit', 'dir'], kind: 'value' },
  { path: ['audit', 'maxFileBytes'], kind: 'value' },
];

/** Fields whose entries are file path patterns (validated as globs). */
export const PATTERN_FIELDS: ReadonlySet<string> = new Set([
  'files.secretFiles',
  'files.secretFileExceptions',
  'files.persistenceFiles',
  'files.protectedFiles',
  'files.additionalDirectories',
]);

/** Fields whose entries are domain patterns. */
export const DOMAIN_FIELDS: ReadonlySet<string> = new Set(['net.denyDomains', 'net.allowDomains']);

export function fieldKey(field: Field): string {
  return field.path.join('.');
}

/** Only settable in the managed policy. */
export const MANAGED_ONLY_KEYS: readonly string[] = ['locked'];

export function isLoosening(field: Field): boolean {
  return field.kind === 'loosen-list' || field.kind === 'value';
}
