// Package-manager hardening for `bulwark init` and its checks for `bulwark doctor`.
export { packageManagerChecks } from './checks';
export { detectPackageManagers } from './detect';
export { hardenPackageManagers } from './harden';
export type { ManagedProject, PackageManager } from './types';
