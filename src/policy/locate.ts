// Where bulwark's files live on this machine (see DESIGN.md "Where things live").
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Layer } from './types';

export interface Environment {
  home: string;
  platform: NodeJS.Platform;
  vars: NodeJS.ProcessEnv;
  /** The bulwark installation being run (its bin/ and dist/ are write-protected). */
  installDir: string;
}

function xdg(environment: Environment, name: string, fallback: string): string {
  const value = environment.vars[name];
  // The XDG spec: a relative value is invalid and must be ignored.
  return value && isAbsolute(value) ? value : join(environment.home, fallback);
}

export function managedPolicyPath(environment: Environment): string {
  // For packaging and tests; an absolute path only.
  const override = environment.vars.BULWARK_MANAGED_POLICY;
  if (override && isAbsolute(override)) return override;
  return environment.platform === 'darwin'
    ? '/Library/Application Support/Bulwark/policy.yaml'
    : '/etc/bulwark/policy.yaml';
}

export function userPolicyPath(environment: Environment): string {
  return join(xdg(environment, 'XDG_CONFIG_HOME', '.config'), 'bulwark', 'policy.yaml');
}

export function projectPolicyPath(projectRoot: string): string {
  return join(projectRoot, '.bulwark', 'policy.yaml');
}

export function defaultAuditDir(environment: Environment): string {
  return join(xdg(environment, 'XDG_STATE_HOME', '.local/state'), 'bulwark', 'audit');
}

/** What `bulwark init` changed, per project, for `bulwark uninstall` (with the originals). */
export function installRecordsDir(environment: Environment): string {
  return join(xdg(environment, 'XDG_STATE_HOME', '.local/state'), 'bulwark', 'installs');
}

export function cacheDir(environment: Environment): string {
  return join(xdg(environment, 'XDG_CACHE_HOME', '.cache'), 'bulwark');
}

export interface PolicyLocation {
  layer: Layer;
  file: string;
  /** The project policy must resolve inside the project. */
  confinedTo?: string;
}

export function policyLocations(environment: Environment, projectRoot: string): PolicyLocation[] {
  return [
    { layer: 'managed', file: managedPolicyPath(environment) },
    { layer: 'user', file: userPolicyPath(environment) },
    { layer: 'project', file: projectPolicyPath(projectRoot), confinedTo: projectRoot },
  ];
}

/** The nearest directory at or above `cwd` holding `.git`, else `cwd` itself. */
export function findProjectRoot(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}
