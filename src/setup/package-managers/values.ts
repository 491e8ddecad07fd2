// Reading the values users write: manager versions and the duration formats of Yarn and uv.
import { join } from 'node:path';
import type { DeclaredVersion, PackageManager, Reader } from './types';

/** `packageManager` of package.json ("pnpm@10.17.1+sha512..."), if it names a known manager. */
export function declaredManager(
  dir: string,
  read: Reader,
): { name: 'npm' | 'pnpm' | 'yarn' | 'bun'; version: string } | undefined {
  const text = read(join(dir, 'package.json'));
  if (text === undefined) return undefined;
  let field: unknown;
  try {
    field = (JSON.parse(text) as { packageManager?: unknown }).packageManager;
  } catch {
    return undefined;
  }
  const match = typeof field === 'string' ? /^(npm|pnpm|yarn|bun)@v?(\d+(?:\.\d+){0,2})/.exec(field) : null;
  if (!match) return undefined;
  return { name: match[1] as 'npm' | 'pnpm' | 'yarn' | 'bun', version: match[2] as string };
}

/** The version declared for `manager`'s kind in package.json, for the `since` checks. */
export function declaredVersionOf(
  manager: PackageManager,
  dir: string,
  read: Reader,
): DeclaredVersion | undefined {
  const declared = declaredManager(dir, read);
  const kind = manager === 'yarn-classic' ? 'yarn' : manager;
  if (!declared || declared.name !== kind) return undefined;
  return { version: declared.version, source: `packageManager in ${join(dir, 'package.json')}` };
}

/** Negative when `a` is older than `b` (missing parts count as 0). */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

const MINUTES: Record<string, number> = { ms: 1 / 60000, s: 1 / 60, m: 1, h: 60, d: 1440, w: 10080 };

/** `npmMinimalAgeGate` in minutes: a bare number is minutes; Yarn >= 4.11 also takes "3d", "1w". */
export function yarnGateMinutes(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/.exec(value);
  return match ? Number(match[1]) * (MINUTES[match[2] ?? 'm'] as number) : undefined;
}

export type UvWindow = { kind: 'duration'; days: number } | { kind: 'timestamp' } | { kind: 'off' };

const UV_UNIT_DAYS = new Map<string, number>([
  ...(['s', 'sec', 'second'] as const).map((unit) => [unit, 1 / 86400] as const),
  ...(['m', 'min', 'minute'] as const).map((unit) => [unit, 1 / 1440] as const),
  ...(['h', 'hr', 'hour'] as const).map((unit) => [unit, 1 / 24] as const),
  ...(['d', 'day'] as const).map((unit) => [unit, 1] as const),
  ...(['w', 'wk', 'week'] as const).map((unit) => [unit, 7] as const),
]);

/**
 * uv's `exclude-newer`: a friendly duration ("7 days", "1 week 2 days"), an ISO 8601 duration
 * ("P7D", "PT24H"), an absolute date or timestamp (a fixed cutoff), or `false` (off).
 */
export function uvWindow(value: unknown): UvWindow | undefined {
  if (value === false) return { kind: 'off' };
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return { kind: 'timestamp' };
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
  if (iso && text.length > 1) {
    const [w = 0, d = 0, h = 0, m = 0, s = 0] = iso.slice(1).map((part) => Number(part ?? 0));
    return { kind: 'duration', days: w * 7 + d + h / 24 + m / 1440 + s / 86400 };
  }
  let days = 0;
  let rest = text.toLowerCase();
  for (;;) {
    const part = /^(\d+(?:\.\d+)?)\s*([a-z]+)\s*,?\s*/.exec(rest);
    const name = part?.[2] ?? '';
    // Plurals ("days", "hrs") are the singular unit with an s.
    const unit = UV_UNIT_DAYS.get(name) ?? UV_UNIT_DAYS.get(name.replace(/s$/, ''));
    if (!part || unit === undefined) return undefined;
    days += Number(part[1]) * unit;
    rest = rest.slice(part[0].length);
    if (rest === '') return { kind: 'duration', days };
  }
}
