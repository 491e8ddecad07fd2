// Constants baked into the build: the version, and a hash of everything that shapes a compiled
// policy, so a policy cached by one build is never read by another.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @param {string} root @returns {Record<string, string>} */
export function buildDefines(root) {
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const hash = createHash('sha256').update(version);
  for (const dir of ['src/policy', 'src/policy/profiles']) {
    for (const name of readdirSync(join(root, dir)).sort()) {
      if (/\.(ts|yaml)$/.test(name)) hash.update(name).update(readFileSync(join(root, dir, name)));
    }
  }
  return {
    __BULWARK_VERSION__: JSON.stringify(version),
    __BULWARK_BUILD_ID__: JSON.stringify(hash.digest('hex').slice(0, 16)),
  };
}
