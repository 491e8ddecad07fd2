// Yarn Berry (>= 2): .yarnrc.yml. npmMinimalAgeGate exists from Yarn 4.10, and Yarn rejects every
// setting it does not know ("Unrecognized or legacy configuration settings found"), so an older
// Yarn would stop working: the version is checked first. Yarn classic (1.x) has no age gate at all.
import { join } from 'node:path';
import { removeBlocks } from '../marked-block';
import { bodyLines } from './blocks';
import { type Found, type ManagerRules, SEVEN_DAYS_IN_MINUTES } from './types';
import { declaredVersionOf, yarnGateMinutes } from './values';
import { writeYamlKeys, yamlTopLevel } from './yaml-file';

const RC_FILE = '.yarnrc.yml';

export const yarnRules: ManagerRules = {
  manager: 'yarn',
  title: 'Yarn',
  why: 'Yarn: exact pins and a 7-day minimum release age',
  rejectsUnknownKeys: true,
  settings: [
    {
      aspect: 'exact-pins',
      key: 'defaultSemverRangePrefix',
      line: 'defaultSemverRangePrefix: ""',
      value: '',
      comment: 'save exact versions ("1.2.3", not "^1.2.3") when adding dependencies',
    },
    {
      aspect: 'age-gate',
      key: 'npmMinimalAgeGate',
      // Minutes as a bare number: Yarn 4.10 takes only numbers, and a day suffix ("7d") in later
      // versions has a reported parsing bug (yarnpkg/berry#6991).
      line: `npmMinimalAgeGate: ${SEVEN_DAYS_IN_MINUTES}`,
      value: SEVEN_DAYS_IN_MINUTES,
      comment:
        'refuse versions published less than 7 days ago (npmMinimalAgeGate is in minutes; Yarn >= 4.10; a bare number because "7d" hits a reported day-suffix parsing bug, yarnpkg/berry#6991)',
      since: '4.10.0',
    },
  ],
  version(project, read) {
    // yarnPath is what actually runs (it overrides the global yarn); packageManager is Corepack's.
    const rc = yamlTopLevel(read(join(project.dir, RC_FILE)) ?? '');
    const yarnPath =
      typeof rc?.yarnPath === 'string' ? /yarn-(\d+\.\d+\.\d+)\.c?js$/.exec(rc.yarnPath) : null;
    if (yarnPath)
      return { version: yarnPath[1] as string, source: `yarnPath in ${join(project.dir, RC_FILE)}` };
    return declaredVersionOf('yarn', project.dir, read);
  },
  find(project, read, ownOnly) {
    const file = join(project.dir, RC_FILE);
    const text = read(file) ?? '';
    const values = yamlTopLevel(ownOnly ? removeBlocks(text) : text) ?? {};
    const found: Found[] = [];
    if ('npmMinimalAgeGate' in values) {
      const minutes = yarnGateMinutes(values.npmMinimalAgeGate);
      const strong = minutes !== undefined && minutes >= SEVEN_DAYS_IN_MINUTES;
      found.push({
        aspect: 'age-gate',
        shown: `npmMinimalAgeGate: ${JSON.stringify(values.npmMinimalAgeGate)}`,
        file,
        strong,
      });
    }
    if ('defaultSemverRangePrefix' in values) {
      const prefix = values.defaultSemverRangePrefix;
      found.push({
        aspect: 'exact-pins',
        shown: `defaultSemverRangePrefix: ${JSON.stringify(prefix)}`,
        file,
        strong: prefix === '',
      });
    }
    return found;
  },
  write(project, read, settings) {
    const file = join(project.dir, RC_FILE);
    const expected = new Map(settings.map((setting) => [setting.key, setting.value]));
    return writeYamlKeys(file, read(file), bodyLines(settings), expected, 'Yarn');
  },
};

export const yarnClassicRules: ManagerRules = {
  manager: 'yarn-classic',
  title: 'Yarn classic',
  why: 'Yarn classic has no release-age setting',
  settings: [],
  unsupported: {
    'age-gate': {
      message:
        'Yarn classic (1.x) has no minimum-release-age setting, so freshly published (possibly compromised) versions install at once',
      fix: 'move to Yarn Berry (`yarn set version stable`, then `bulwark init`), or install through bulwark so it checks each new package first',
    },
  },
  find: () => [],
};
