// Every rule file; adding a provider family is one YAML file and one line here.
import type { SecretRule } from '../types';
import ai from './ai.yaml';
import generic from './generic.yaml';
import keys from './keys.yaml';
import vcs from './vcs.yaml';

export const RULE_FILES = [ai, generic, keys, vcs] as unknown as readonly SecretRule[][];
