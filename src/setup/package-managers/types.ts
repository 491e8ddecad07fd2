// Shared vocabulary of the package-manager step: which managers bulwark knows, where a project is,
// and how each manager's rules describe the two settings bulwark turns on.
import type { Notice } from '../plan';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'yarn-classic' | 'bun' | 'uv';

/** Report and sort order: the JavaScript managers first, then Python. */
export const MANAGER_ORDER: readonly PackageManager[] = ['npm', 'pnpm', 'yarn', 'yarn-classic', 'bun', 'uv'];

export interface ManagedProject {
  manager: PackageManager;
  /** Absolute directory of the project (where its lockfile or manifest is). */
  dir: string;
  /** The file that showed the manager, e.g. 'package-lock.json'. */
  evidence: string;
}

export type Reader = (absPath: string) => string | undefined;

/** The two protections: refuse freshly published versions, and save exact versions (no ^ or ~). */
export type Aspect = 'age-gate' | 'exact-pins';

/** A setting as configured in one of the project's files. */
export interface Found {
  aspect: Aspect;
  /** As it reads in the file, e.g. `min-release-age=1`. */
  shown: string;
  file: string;
  /** At least 7 days (age gate) or exact (pins). */
  strong: boolean;
  /** The line that makes it strong in that file, when it is spelled unlike bulwark's own line. */
  fixLine?: string;
}

/** A line bulwark writes into its marked block. */
export interface Setting {
  aspect: Aspect;
  key: string;
  line: string;
  /** What the setting does and its unit, written above the line. */
  comment: string;
  /** The value as the file's parser reads it back, to prove the edit landed where it counts. */
  value: string | number | boolean;
  /** First version of the manager that reads the key; older versions are reported, not written to. */
  since?: string;
}

/** The manager version a project declares, and where (package.json `packageManager`, `yarnPath`). */
export interface DeclaredVersion {
  version: string;
  source: string;
}

/** The file bulwark would write, or why it cannot edit it safely. */
export type Written = { file: string; before: string | undefined; after: string } | { refused: Notice };

export interface ManagerRules {
  manager: PackageManager;
  /** Name for messages: 'npm', 'Yarn', 'Bun'. */
  title: string;
  /** FileChange.why */
  why: string;
  settings: readonly Setting[];
  /** Aspects the manager has no setting for, with what to do instead. */
  unsupported?: Partial<Record<Aspect, { message: string; fix: string }>>;
  /** Older versions reject unknown settings: writing a key they lack would break every command. */
  rejectsUnknownKeys?: boolean;
  version?(project: ManagedProject, read: Reader): DeclaredVersion | undefined;
  /** The settings in force; `ownOnly` ignores bulwark's blocks (what the user set themselves). */
  find(project: ManagedProject, read: Reader, ownOnly: boolean): Found[];
  /** Puts `settings` in bulwark's block (none: removes the block) in the manager's file. */
  write?(project: ManagedProject, read: Reader, settings: readonly Setting[]): Written;
}

export const SEVEN_DAYS_IN_MINUTES = 7 * 24 * 60;
