import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Environment } from '../policy/locate';

/** This process's view of the machine. The entry point passes where bulwark is installed. */
export function currentEnvironment(installDir: string): Environment {
  return { home: homedir(), platform: process.platform, vars: process.env, installDir };
}

/** dist/main.mjs → the package directory. */
export function installDirFrom(entryUrl: string): string {
  return fileURLToPath(new URL('..', entryUrl)).replace(/\/$/, '');
}
