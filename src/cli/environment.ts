import { homedir } from 'node:os';
import type { Environment } from '../policy/locate';

/** This process's view of the machine; the entry point says where bulwark is installed. */
export function currentEnvironment(installDir: string): Environment {
  return { home: homedir(), platform: process.platform, vars: process.env, installDir };
}
