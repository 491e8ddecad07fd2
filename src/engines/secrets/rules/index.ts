// Every rule file; adding a provider family is one YAML file and one line here.
import type { SecretRule } from '../types';
import ai from './ai.yaml';
import chat from './chat.yaml';
import cloud from './cloud.yaml';
import devops from './devops.yaml';
import generic from './generic.yaml';
import hosting from './hosting.yaml';
import http from './http.yaml';
import keys from './keys.yaml';
import payments from './payments.yaml';
import saas from './saas.yaml';
import vcs from './vcs.yaml';

export const RULE_FILES = [
  ai,
  chat,
  cloud,
  devops,
  generic,
  hosting,
  http,
  keys,
  payments,
  saas,
  vcs,
] as unknown as readonly SecretRule[][];
