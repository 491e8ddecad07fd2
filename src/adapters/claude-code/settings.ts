// Reading Claude Code's settings files for what bulwark needs to know from them.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { expandHome } from '../../engines/files/paths';

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Claude Code's config directory: $CLAUDE_CONFIG_DIR, else ~/.claude. */
export function claudeConfigDir(home: string, vars: NodeJS.ProcessEnv): string {
  const configured = vars.CLAUDE_CONFIG_DIR;
  return configured && isAbsolute(configured) ? configured : join(home, '.claude');
}

/**
 * `permissions.additionalDirectories` from the user's own settings: directories the user granted
 * the agent besides the project. Never from the project's .claude/settings*.json, which come with
 * the repository: a hostile one could grant itself the whole disk. Relative entries are relative to
 * the home directory.
 */
export function additionalDirectories(home: string, vars: NodeJS.ProcessEnv): string[] {
  const settings = readJson(join(claudeConfigDir(home, vars), 'settings.json')) as
    | { permissions?: { additionalDirectories?: unknown } }
    | undefined;
  const list = settings?.permissions?.additionalDirectories;
  if (!Array.isArray(list)) return [];
  return list
    .filter((entry): entry is string => typeof entry === 'string' && entry.length > 0)
    .map((entry) => resolve(home, expandHome(entry, home)));
}

type Json = Record<string, unknown>;

interface HookHandler {
  type: 'command';
  command: string;
  timeout: number;
  onFailure: 'block';
}

/** Events bulwark answers, and the matcher each is registered with. */
export const HOOK_EVENTS: ReadonlyArray<{ event: string; matcher?: string }> = [
  { event: 'PreToolUse', matcher: '*' },
  { event: 'PostToolUse', matcher: '*' },
  { event: 'UserPromptSubmit' },
  // Answers nothing; remembers Claude Code's own prompts so approvals feed `bulwark suggest`.
  { event: 'PermissionRequest', matcher: '*' },
  // Redacts the ending session's transcript, where Claude Code keeps even a blocked prompt.
  { event: 'SessionEnd' },
];

/** Claude Code's own timeout for our hook (seconds); bulwark's budget (hook.budgetMs) is shorter. */
const HOOK_TIMEOUT_SECONDS = 10;

/** One word for a POSIX shell, whatever it contains. */
export function quote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/** An absolute command line: never npx, which is slow and runs whatever version is current. */
export function hookCommand(nodePath: string, binPath: string): string {
  return `${quote(nodePath)} ${quote(binPath)} hook claude-code`;
}

function isOurs(handler: unknown): boolean {
  const command = (handler as { command?: unknown })?.command;
  return typeof command === 'string' && /bulwark[^ ]*'? hook claude-code$/.test(command);
}

/**
 * Settings with bulwark's hooks registered: existing entries and key order are kept, an older
 * bulwark registration is updated in place, and registering twice changes nothing.
 */
export function withHooks(settings: Json, command: string): Json {
  const hooks = (typeof settings.hooks === 'object' && settings.hooks !== null ? settings.hooks : {}) as Json;
  const handler: HookHandler = {
    type: 'command',
    command,
    timeout: HOOK_TIMEOUT_SECONDS,
    onFailure: 'block',
  };
  const next: Json = { ...hooks };
  for (const { event, matcher } of HOOK_EVENTS) {
    const groups = Array.isArray(next[event]) ? [...(next[event] as Json[])] : [];
    const index = groups.findIndex(
      (group) => Array.isArray(group.hooks) && (group.hooks as unknown[]).some(isOurs),
    );
    const group: Json = matcher === undefined ? { hooks: [handler] } : { matcher, hooks: [handler] };
    if (index >= 0) {
      const existing = groups[index] as Json;
      const others = (existing.hooks as unknown[]).filter((h) => !isOurs(h));
      groups[index] = { ...existing, ...group, hooks: [...others, handler] };
    } else groups.push(group);
    next[event] = groups;
  }
  return { ...settings, hooks: next };
}

/** Settings without bulwark's hook handlers; groups and events left empty by that go too. */
export function withoutHooks(settings: Json, removeEmptyHooksKey: boolean): Json {
  const hooks = settings.hooks;
  if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) return settings;
  const next: Json = {};
  for (const [event, groups] of Object.entries(hooks as Json)) {
    if (!Array.isArray(groups)) {
      next[event] = groups;
      continue;
    }
    const kept = (groups as Json[]).flatMap((group) => {
      if (!Array.isArray(group?.hooks) || !(group.hooks as unknown[]).some(isOurs)) return [group];
      const others = (group.hooks as unknown[]).filter((h) => !isOurs(h));
      return others.length > 0 ? [{ ...group, hooks: others }] : [];
    });
    if (kept.length > 0 || groups.length === 0) next[event] = kept;
  }
  const result: Json = { ...settings, hooks: next };
  if (Object.keys(next).length === 0 && removeEmptyHooksKey) delete result.hooks;
  return result;
}

/** Whether a handler command is one `bulwark init` wrote. */
export function isBulwarkHookCommand(command: string): boolean {
  return isOurs({ command });
}

/** The indentation a JSON file uses (two spaces when it has none yet). */
export function jsonIndent(text: string | undefined): string {
  const match = text === undefined ? null : /\n([ \t]+)"/.exec(text);
  return match?.[1] ?? '  ';
}
