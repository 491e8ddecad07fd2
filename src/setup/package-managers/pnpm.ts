// pnpm: settings in pnpm-workspace.yaml (pnpm >= 10.5 reads them there). minimumReleaseAge is in
// minutes (pnpm >= 10.16); savePrefix '' saves "1.2.3" instead of "^1.2.3". pnpm also reads the
// .npmrc spellings (minimum-release-age, save-prefix, save-exact), so a user's value there counts.
import { join } from 'node:path';
import { removeBlocks } from '../marked-block';
import { bodyLines } from './blocks';
import { npmrcFound } from './npm';
import { type Found, type ManagerRules, SEVEN_DAYS_IN_MINUTES } from './types';
import { declaredVersionOf } from './values';
import { writeYamlKeys, yamlTopLevel } from './yaml-file';

const WORKSPACE_FILE = 'pnpm-workspace.yaml';

/**
 * A pnpm-workspace.yaml bulwark creates names the root as the only package: pnpm before 10.5
 * rejects the file without `packages`, and some later versions took every package.json below as a
 * workspace member when it was missing (pnpm/pnpm#10909).
 */
const ROOT_ONLY_PACKAGES = [
  '# bulwark: this project is not a workspace: only the root package',
  "packages: ['.']",
];

export const pnpmRules: ManagerRules = {
  manager: 'pnpm',
  title: 'pnpm',
  why: 'pnpm: exact pins and a 7-day minimum release age',
  settings: [
    {
      aspect: 'exact-pins',
      key: 'savePrefix',
      line: "savePrefix: ''",
      value: '',
      comment: 'save exact versions ("1.2.3", not "^1.2.3") when adding dependencies',
      since: '10.5.0',
    },
    {
      aspect: 'age-gate',
      key: 'minimumReleaseAge',
      line: `minimumReleaseAge: ${SEVEN_DAYS_IN_MINUTES}`,
      value: SEVEN_DAYS_IN_MINUTES,
      comment:
        'refuse versions published less than 7 days ago (minimumReleaseAge is in minutes; pnpm >= 10.16)',
      since: '10.16.0',
    },
  ],
  version: (project, read) => declaredVersionOf('pnpm', project.dir, read),
  find(project, read, ownOnly) {
    const file = join(project.dir, WORKSPACE_FILE);
    const text = read(file) ?? '';
    const values = yamlTopLevel(ownOnly ? removeBlocks(text) : text) ?? {};
    const found: Found[] = [];
    if ('minimumReleaseAge' in values) {
      const age = values.minimumReleaseAge;
      const strong = typeof age === 'number' && age >= SEVEN_DAYS_IN_MINUTES;
      found.push({ aspect: 'age-gate', shown: `minimumReleaseAge: ${JSON.stringify(age)}`, file, strong });
    }
    if ('savePrefix' in values) {
      const prefix = values.savePrefix;
      found.push({
        aspect: 'exact-pins',
        shown: `savePrefix: ${JSON.stringify(prefix)}`,
        file,
        strong: prefix === '',
      });
    }
    const npmrc = join(project.dir, '.npmrc');
    const npmrcText = read(npmrc) ?? '';
    const fromNpmrc = npmrcFound(npmrc, ownOnly ? removeBlocks(npmrcText) : npmrcText, {
      age: 'minimum-release-age',
      exact: 'save-exact',
      prefix: 'save-prefix',
      ageUnitsPerWeek: SEVEN_DAYS_IN_MINUTES,
    });
    // pnpm-workspace.yaml wins over .npmrc, so a value there is the one reported.
    return [...found, ...fromNpmrc.filter((extra) => !found.some((f) => f.aspect === extra.aspect))];
  },
  write(project, read, settings) {
    const file = join(project.dir, WORKSPACE_FILE);
    const before = read(file);
    const own = yamlTopLevel(removeBlocks(before ?? ''));
    const body = bodyLines(settings);
    if (settings.length > 0 && own !== undefined && Object.keys(own).length === 0)
      body.unshift(...ROOT_ONLY_PACKAGES);
    const expected = new Map(settings.map((setting) => [setting.key, setting.value]));
    return writeYamlKeys(file, before, body, expected, 'pnpm');
  },
};
