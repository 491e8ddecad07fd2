// Policy files → one effective policy. Parse (YAML, keeping line numbers) → check (schema, what
// each layer may set, pattern syntax) → merge (managed > user > profile for what loosens; any
// layer may tighten). Every problem is reported with its file, line and key; nothing is ignored.
import { describeSource, type Source, type Verdict } from '../core/decision';
import { err, InternalError, ok, type Result } from '../core/errors';
import { compileGlob, GlobSyntaxError } from '../core/glob';
import { normalizeDomainPattern } from '../engines/net/domains';
import {
  DOMAIN_FIELDS,
  FIELDS,
  type Field,
  fieldKey,
  isLoosening,
  MANAGED_ONLY_KEYS,
  PATTERN_FIELDS,
} from './fields';
import { type Data, formatKey, getAt, type ParsedFile, type PathStep, parseFile } from './parse';
import { source as relaxedText } from './profiles/relaxed.yaml';
import { source as standardText } from './profiles/standard.yaml';
import { source as strictText } from './profiles/strict.yaml';
import { policyFileSchema, profileFileSchema } from './schema';
import {
  type EffectivePolicy,
  type Layer,
  type LayerStatus,
  type PolicyIssue,
  PROFILE_ORDER,
  type ProfileName,
  type Sourced,
  VERDICT_ORDER,
} from './types';

export interface LayerInput {
  layer: Layer;
  file: string;
  /** Undefined when the file does not exist. */
  text: string | undefined;
}

const PROFILE_TEXTS: Record<ProfileName, string> = {
  standard: standardText,
  strict: strictText,
  relaxed: relaxedText,
};

function setAt(target: Data, path: readonly string[], value: unknown): void {
  let node = target;
  for (const step of path.slice(0, -1)) {
    node[step] ??= {};
    node = node[step] as Data;
  }
  node[path.at(-1) as string] = value;
}

/** What a layer may set, and whether its patterns and domains make sense. Normalises domains. */
function checkLayer(parsed: ParsedFile, userPolicyFile: string, managedPolicyFile: string): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const { data, file, layer } = parsed;
  const issue = (path: readonly PathStep[], problem: string) =>
    issues.push({ file, line: parsed.lineOf(path), key: formatKey(path), problem });
  const keyIssue = (path: readonly PathStep[], problem: string) =>
    issues.push({ file, line: parsed.keyLineOf(path), key: formatKey(path), problem });

  for (const key of MANAGED_ONLY_KEYS) {
    if (layer !== 'managed' && data[key] !== undefined) {
      keyIssue([key], `only the managed policy (${managedPolicyFile}) can set this`);
    }
  }
  if (layer === 'project') {
    for (const field of FIELDS) {
      if (isLoosening(field) && getAt(data, field.path) !== undefined) {
        keyIssue(
          field.path,
          `a project policy can only tighten; put this in the user policy (${userPolicyFile}) or the managed policy`,
        );
      }
    }
  }
  const checkPatterns = (list: unknown, path: readonly PathStep[]) => {
    (list as string[] | undefined)?.forEach((pattern, i) => {
      try {
        compileGlob(pattern);
      } catch (error) {
        if (!(error instanceof GlobSyntaxError)) throw error;
        issue([...path, i], `invalid pattern: ${error.message}`);
      }
    });
  };
  const checkDomains = (list: unknown, path: readonly PathStep[]) => {
    const domains = list as string[] | undefined;
    domains?.forEach((domain, i) => {
      const normalized = normalizeDomainPattern(domain);
      if (normalized.ok) domains[i] = normalized.value;
      else issue([...path, i], normalized.error);
    });
  };
  for (const field of FIELDS) {
    if (PATTERN_FIELDS.has(fieldKey(field))) checkPatterns(getAt(data, field.path), field.path);
    if (DOMAIN_FIELDS.has(fieldKey(field))) checkDomains(getAt(data, field.path), field.path);
  }
  for (const key of ['deny', 'ask'] as const) {
    (getAt(data, ['tools', key]) as string[] | undefined)?.forEach((pattern, i) => {
      if (pattern.includes('/')) issue(['tools', key, i], 'a tool name pattern cannot contain "/"');
    });
  }
  (data.allow as Data[] | undefined)?.forEach((rule, i) => {
    checkPatterns(rule.paths, ['allow', i, 'paths']);
    checkDomains(rule.domains, ['allow', i, 'domains']);
  });
  (getAt(data, ['secrets', 'allow']) as Data[] | undefined)?.forEach((rule, i) => {
    checkPatterns(rule.paths, ['secrets', 'allow', i, 'paths']);
    (rule.values as string[] | undefined)?.forEach((value, j) => {
      try {
        new RegExp(value);
      } catch (error) {
        issue(
          ['secrets', 'allow', i, 'values', j],
          `invalid regular expression: ${(error as Error).message}`,
        );
      }
    });
  });
  const dir = getAt(data, ['audit', 'dir']);
  if (typeof dir === 'string' && !dir.startsWith('/') && !dir.startsWith('~/')) {
    issue(['audit', 'dir'], 'must be an absolute path or start with ~/');
  }
  return issues;
}

type FieldValue = Sourced<unknown> | Sourced<unknown>[];

function sourceOf(parsed: ParsedFile, path: readonly PathStep[]): Source {
  const line = typeof path.at(-1) === 'number' ? parsed.lineOf(path) : parsed.keyLineOf(path);
  return { layer: parsed.layer, file: parsed.file, line };
}

function extract(parsed: ParsedFile, field: Field): FieldValue | undefined {
  const value = getAt(parsed.data, field.path);
  if (value === undefined) return undefined;
  if (field.kind === 'tighten-list' || field.kind === 'loosen-list') {
    return (value as unknown[]).map((item, i) => ({
      value: item,
      source: sourceOf(parsed, [...field.path, i]),
    }));
  }
  return { value, source: sourceOf(parsed, field.path) };
}

const profileCache = new Map<ProfileName, Map<string, FieldValue>>();

/** A built-in profile's values, `extends` applied: lists add up, settings override. */
function profileValues(name: ProfileName): Map<string, FieldValue> {
  const cached = profileCache.get(name);
  if (cached) return cached;
  const parsed = parseFile('profile', `profiles/${name}.yaml`, PROFILE_TEXTS[name], profileFileSchema);
  if (!parsed.ok) throw new InternalError(`built-in profile ${name} is invalid: ${parsed.error[0]?.problem}`);
  const parent = parsed.value.data.extends as ProfileName | undefined;
  const values = new Map(parent ? profileValues(parent) : []);
  for (const field of FIELDS) {
    const own = extract(parsed.value, field);
    if (own === undefined) continue;
    const inherited = values.get(fieldKey(field));
    values.set(
      fieldKey(field),
      Array.isArray(own) && Array.isArray(inherited) ? [...inherited, ...own] : own,
    );
  }
  for (const field of FIELDS) {
    if (!values.has(fieldKey(field)) && fieldKey(field) !== 'audit.dir') {
      throw new InternalError(`built-in profile ${name} does not set ${fieldKey(field)}`);
    }
  }
  profileCache.set(name, values);
  return values;
}

function describeSetting(entry: Sourced<unknown>): string {
  return `${String(entry.value)} (${describeSource(entry.source)})`;
}

/**
 * An ordered setting: managed, else user, else the default; layers below the one that set it may
 * only make it stricter.
 */
function resolveOrdered<T>(
  key: string,
  order: readonly T[],
  fallback: Sourced<T>,
  layers: Record<Layer, Sourced<T> | undefined>,
  locked: boolean,
  notes: string[],
): Sourced<T> {
  const { managed, user, project } = layers;
  const userIsBase = !managed && !locked;
  let result = managed ?? (userIsBase ? user : undefined) ?? fallback;
  const tighteners = [userIsBase ? undefined : user, project].filter((entry) => entry !== undefined);
  for (const entry of tighteners) {
    if (order.indexOf(entry.value) > order.indexOf(result.value)) result = entry;
    else if (entry.value !== result.value) {
      const why = entry.source.layer === 'project' ? 'a project policy' : 'the user policy here';
      notes.push(
        `${describeSource(entry.source)} sets ${key} to ${String(entry.value)}, but ${why} can only tighten: ${describeSetting(result)} applies`,
      );
    }
  }
  return result;
}

function dedupe(entries: Sourced<unknown>[]): Sourced<unknown>[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = JSON.stringify(entry.value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function compilePolicy(inputs: readonly LayerInput[]): Result<EffectivePolicy, PolicyIssue[]> {
  const issues: PolicyIssue[] = [];
  const parsed: Partial<Record<Layer, ParsedFile>> = {};
  const userFile = inputs.find((input) => input.layer === 'user')?.file ?? 'the user policy';
  const managedFile = inputs.find((input) => input.layer === 'managed')?.file ?? 'the managed policy';
  for (const input of inputs) {
    if (input.text === undefined) continue;
    const result = parseFile(input.layer, input.file, input.text, policyFileSchema);
    if (!result.ok) issues.push(...result.error);
    else {
      const layerIssues = checkLayer(result.value, userFile, managedFile);
      issues.push(...layerIssues);
      if (layerIssues.length === 0) parsed[input.layer] = result.value;
    }
  }
  if (issues.length > 0) {
    const order = inputs.map((input) => input.file);
    return err(issues.sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file) || a.line - b.line));
  }

  const notes: string[] = [];
  const locked = parsed.managed?.data.locked === true;
  if (locked && parsed.user) {
    notes.push(`the managed policy is locked: loosening settings of ${parsed.user.file} are ignored`);
  }
  const layerValue = <T>(layer: Layer, path: readonly string[]): Sourced<T> | undefined => {
    const file = parsed[layer];
    const value = file && getAt(file.data, path);
    return file && value !== undefined ? { value: value as T, source: sourceOf(file, path) } : undefined;
  };
  const layerValues = <T>(path: readonly string[]) => ({
    managed: layerValue<T>('managed', path),
    user: layerValue<T>('user', path),
    project: layerValue<T>('project', path),
  });

  const defaultProfile: Sourced<ProfileName> = {
    value: 'standard',
    source: { layer: 'built-in', file: 'bulwark', line: 0 },
  };
  const profile = resolveOrdered(
    'profile',
    PROFILE_ORDER,
    defaultProfile,
    layerValues(['profile']),
    locked,
    notes,
  );
  const defaults = profileValues(profile.value);

  const effective: Data = { profile };
  for (const field of FIELDS) {
    const key = fieldKey(field);
    const fallback = defaults.get(key);
    const fromLayers = (layers: Layer[]) =>
      layers.flatMap((layer) => {
        const file = parsed[layer];
        return (file && (extract(file, field) as Sourced<unknown>[] | undefined)) ?? [];
      });
    switch (field.kind) {
      case 'tighten-list':
        setAt(
          effective,
          field.path,
          dedupe([...(fallback as Sourced<unknown>[]), ...fromLayers(['managed', 'user', 'project'])]),
        );
        break;
      case 'loosen-list':
        setAt(
          effective,
          field.path,
          dedupe([
            ...(fallback as Sourced<unknown>[]),
            ...fromLayers(locked ? ['managed'] : ['managed', 'user']),
          ]),
        );
        break;
      case 'verdict':
        setAt(
          effective,
          field.path,
          resolveOrdered<Verdict>(
            key,
            VERDICT_ORDER,
            fallback as Sourced<Verdict>,
            layerValues(field.path),
            locked,
            notes,
          ),
        );
        break;
      case 'value': {
        const managed = layerValue('managed', field.path);
        const user = locked ? undefined : layerValue('user', field.path);
        const chosen = managed ?? user ?? (fallback as Sourced<unknown> | undefined);
        if (chosen !== undefined) setAt(effective, field.path, chosen);
        break;
      }
    }
  }
  effective.layers = inputs.map(
    (input): LayerStatus => ({
      layer: input.layer,
      file: input.file,
      state: input.text === undefined ? 'absent' : 'loaded',
    }),
  );
  effective.notes = notes;
  return ok(effective as unknown as EffectivePolicy);
}
