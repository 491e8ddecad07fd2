// `bulwark doctor`, the agent layer: is bulwark registered where Claude Code reads it, does the
// registered command reach a working bulwark of this version, and does any setting undo it?
import { accessSync, constants, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { claudeConfigDir, HOOK_EVENTS, isBulwarkHookCommand } from '../adapters/claude-code/settings';
import type { Environment } from '../policy/locate';
import type { Check } from './plan';
import { readOptional } from './repository';

type Json = Record<string, unknown>;

interface SettingsSource {
  name: string;
  file: string;
  settings: Json;
}

/** Claude Code's managed settings file (the override is for tests and packaging; absolute only). */
export function managedSettingsPath(environment: Environment): string {
  const override = environment.vars.BULWARK_CLAUDE_MANAGED_SETTINGS;
  if (override && isAbsolute(override)) return override;
  return environment.platform === 'darwin'
    ? '/Library/Application Support/ClaudeCode/managed-settings.json'
    : '/etc/claude-code/managed-settings.json';
}

function load(name: string, file: string): SettingsSource | undefined {
  const text = readOptional(file);
  if (text === undefined) return undefined;
  try {
    const settings = JSON.parse(text) as unknown;
    return typeof settings === 'object' && settings !== null
      ? { name, file, settings: settings as Json }
      : undefined;
  } catch {
    return undefined;
  }
}

export function settingsSources(root: string, environment: Environment): SettingsSource[] {
  const config = claudeConfigDir(environment.home, environment.vars);
  return [
    load('managed', managedSettingsPath(environment)),
    load('user', join(config, 'settings.json')),
    load('project', join(root, '.claude', 'settings.json')),
    load('local', join(root, '.claude', 'settings.local.json')),
  ].filter((source): source is SettingsSource => source !== undefined);
}

function handlers(settings: Json, event: string): Json[] {
  const groups = (settings.hooks as Json | undefined)?.[event];
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((group: Json) => {
    const matcher = group?.matcher;
    if (matcher !== undefined && matcher !== '*' && matcher !== '') return [];
    return Array.isArray(group?.hooks) ? (group.hooks as Json[]) : [];
  });
}

function ourHandler(sources: SettingsSource[], event: string): Json | undefined {
  for (const source of sources)
    for (const handler of handlers(source.settings, event))
      if (typeof handler.command === 'string' && isBulwarkHookCommand(handler.command)) return handler;
  return undefined;
}

/** `'node' 'bin' hook claude-code` back to its words (init writes it single-quoted). */
function commandWords(command: string): string[] {
  return [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) =>
    m[1] !== undefined ? m[1].replaceAll("'\\''", "'") : (m[2] as string),
  );
}

/**
 * The bulwark version the registered command would run, read from its installation's package.json.
 * Nothing a settings file names is ever run: a repository's settings are untrusted input.
 */
function versionOf(command: string): string | undefined {
  const [node, bin, ...rest] = commandWords(command);
  if (!node || !bin || !isAbsolute(node) || !isAbsolute(bin) || rest.join(' ') !== 'hook claude-code')
    return undefined;
  try {
    accessSync(node, constants.X_OK);
    accessSync(bin, constants.R_OK);
    const manifest = JSON.parse(readFileSync(join(dirname(bin), '..', 'package.json'), 'utf8')) as {
      name?: unknown;
      version?: unknown;
    };
    return manifest.name === 'bulwark' && typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

/** Settings under which Claude Code runs no hook of bulwark's (unless registered as managed). */
function hooksSwitchedOff(sources: SettingsSource[]): string | undefined {
  const off = sources.find((source) => source.settings.disableAllHooks === true);
  if (off) return `disableAllHooks in ${off.file}`;
  const managed = sources.find((source) => source.name === 'managed');
  const managedOnly = managed?.settings.allowManagedHooksOnly === true;
  if (managedOnly && !HOOK_EVENTS.every(({ event }) => ourHandler([managed], event)))
    return `allowManagedHooksOnly in ${managed.file}, and bulwark is not registered there`;
  return undefined;
}

const BROAD_ALLOW =
  /^(Bash|Bash\(\*\)|Bash\(:\*\)|Bash\(\* \*\)|Read|Edit|Write|Read\(\*\*\)|Edit\(\*\*\)|mcp__\*|\*)$/;

export function claudeChecks(root: string, environment: Environment): Check[] {
  const sources = settingsSources(root, environment);
  const checks: Check[] = [];
  const missing = HOOK_EVENTS.filter(({ event }) => ourHandler(sources, event) === undefined).map(
    (e) => e.event,
  );
  const pre = ourHandler(sources, 'PreToolUse');
  const switchedOff = hooksSwitchedOff(sources);
  checks.push({
    id: 'agent.hooks-registered',
    layer: 'agent',
    title: 'Claude Code runs bulwark before every tool call',
    weight: 20,
    ...(switchedOff
      ? { status: 'fail', detail: switchedOff }
      : missing.length === 0 && pre?.onFailure === 'block'
        ? {
            status: 'pass',
            detail: `${HOOK_EVENTS.map((e) => e.event).join(', ')} registered, onFailure block`,
          }
        : {
            status: 'fail',
            detail: missing.length
              ? `not registered for ${missing.join(', ')}`
              : 'registered without onFailure "block"',
          }),
    why: 'without the hook nothing judges the agent’s tool calls; without onFailure "block" a crash or timeout lets the call through',
    fix: switchedOff ? 'remove that setting (or register bulwark in the managed settings)' : 'bulwark init',
  });
  const command = typeof pre?.command === 'string' ? pre.command : undefined;
  const version = command ? versionOf(command) : undefined;
  checks.push({
    id: 'agent.hook-command',
    layer: 'agent',
    title: 'the registered command is a working bulwark of this version',
    weight: 10,
    ...(command === undefined
      ? { status: 'skip', detail: 'no registration to check' }
      : version === __BULWARK_VERSION__
        ? { status: 'pass', detail: `${command} → ${version}` }
        : {
            status: 'fail',
            detail: version
              ? `${command} is bulwark ${version}, this is ${__BULWARK_VERSION__}`
              : `${command} does not name a bulwark installation (absolute node and bin/bulwark.cjs with its package.json)`,
          }),
    why: 'a registration pointing at a moved or older installation blocks every call or judges with old rules',
    fix: 'bulwark init (registers this installation)',
  });
  const bypass = sources.filter(
    (s) => (s.settings.permissions as Json | undefined)?.defaultMode === 'bypassPermissions',
  );
  checks.push({
    id: 'agent.bypass-mode',
    layer: 'agent',
    title: 'no settings file starts sessions in bypassPermissions',
    weight: 10,
    ...(bypass.length
      ? { status: 'fail', detail: `defaultMode bypassPermissions in ${bypass.map((s) => s.file).join(', ')}` }
      : { status: 'pass', detail: 'no bypassPermissions default' }),
    why: 'bypassPermissions skips every prompt, including the ones bulwark asks for',
    fix: 'remove permissions.defaultMode (or set it to "default") in that file',
  });
  const broad = sources.flatMap((s) => {
    const allow = (s.settings.permissions as Json | undefined)?.allow;
    return Array.isArray(allow)
      ? allow
          .filter((rule) => typeof rule === 'string' && BROAD_ALLOW.test(rule))
          .map((rule) => `${rule} (${s.name})`)
      : [];
  });
  checks.push({
    id: 'agent.broad-allow',
    layer: 'agent',
    title: 'no allow rule approves a whole tool',
    weight: 10,
    ...(broad.length
      ? { status: 'fail', detail: broad.join(', ') }
      : { status: 'pass', detail: 'no tool-wide allow rules' }),
    why: 'an allow such as Bash(*) approves every command without asking, leaving bulwark’s denials as the only check',
    fix: 'replace it with specific rules (bulwark suggest proposes them from what you approved)',
  });
  const mcp = sources.filter((s) => s.settings.enableAllProjectMcpServers === true);
  checks.push({
    id: 'agent.project-mcp',
    layer: 'agent',
    title: 'project MCP servers are not enabled wholesale',
    weight: 5,
    ...(mcp.length
      ? { status: 'fail', detail: `enableAllProjectMcpServers in ${mcp.map((s) => s.file).join(', ')}` }
      : { status: 'pass', detail: 'each project MCP server is approved on its own' }),
    why: 'a repository’s .mcp.json can start any program; enabling all of them runs whatever a clone brings',
    fix: 'remove enableAllProjectMcpServers and approve servers one by one',
  });
  const managed = sources.find((s) => s.name === 'managed');
  const disabled =
    (managed?.settings.permissions as Json | undefined)?.disableBypassPermissionsMode === 'disable';
  checks.push({
    id: 'agent.managed-bypass-off',
    layer: 'agent',
    title: 'managed settings turn bypassPermissions off',
    weight: 5,
    ...(disabled
      ? { status: 'pass', detail: managedSettingsPath(environment) }
      : {
          status: 'warn',
          detail: `no permissions.disableBypassPermissionsMode "disable" in ${managedSettingsPath(environment)}`,
        }),
    why: 'only managed settings stop a user or a repository from switching the prompts off',
    fix: `an administrator adds {"permissions":{"disableBypassPermissionsMode":"disable"}} to ${managedSettingsPath(environment)}`,
  });
  return checks;
}
