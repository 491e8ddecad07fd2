// Step 3 of `bulwark init`: Claude Code's settings get bulwark's hook registrations (by absolute
// path, onFailure "block") and native permission rules as a floor under the hook.

import { type AddedPermissions, permissionRules, withPermissions } from '../adapters/claude-code/permissions';
import { jsonIndent, withHooks } from '../adapters/claude-code/settings';
import { UserError } from '../core/errors';
import type { ProfileName } from '../policy/types';
import { type AddedSettings, emptyStep, type FileChange, type StepResult } from './plan';

type Json = Record<string, unknown>;

export function parseSettings(file: string, text: string | undefined): Json {
  if (text === undefined || text.trim() === '') return {};
  let settings: unknown;
  try {
    settings = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UserError(
      `${file} is not valid JSON (${(error as Error).message})`,
      'fix the file (Claude Code rejects it too) and run the command again',
    );
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings))
    throw new UserError(`${file} does not hold a JSON object`, 'fix the file and run the command again');
  return settings as Json;
}

export function renderSettings(settings: Json, original: string | undefined): string {
  const bom = original?.startsWith('\uFEFF') ? '\uFEFF' : '';
  return `${bom}${JSON.stringify(settings, null, jsonIndent(original))}\n`;
}

export function planClaudeSettings(
  file: string,
  profile: ProfileName,
  hookCommand: string,
  read: (file: string) => string | undefined,
): StepResult {
  const before = read(file);
  const settings = parseSettings(file, before);
  const { settings: permitted, added } = withPermissions(settings, permissionRules(profile));
  const next = withHooks(permitted, hookCommand);
  const after = renderSettings(next, before);
  if (after === before) return emptyStep();
  const settingsAdded: AddedSettings = {
    ...(added satisfies AddedPermissions),
    createdKeys: [...(settings.hooks === undefined ? ['hooks'] : []), ...added.createdKeys],
  };
  const change: FileChange = {
    file,
    before,
    after,
    removal: 'claude-settings',
    settingsAdded,
    why: `Claude Code: bulwark hooks (onFailure block) + ${added.deny.length} deny and ${added.ask.length} ask rules`,
  };
  return { changes: [change], notices: [] };
}
