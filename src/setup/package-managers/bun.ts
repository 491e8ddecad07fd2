// Bun: the [install] table of bunfig.toml. minimumReleaseAge is in seconds (Bun >= 1.3); exact
// saves "1.2.3" instead of "^1.2.3" on `bun add`.
import { join } from 'node:path';
import { tomlFound, writeTomlKeys } from './toml-file';
import type { ManagerRules } from './types';

const SEVEN_DAYS_IN_SECONDS = 7 * 24 * 60 * 60;
const TABLE = ['install'];

export const bunRules: ManagerRules = {
  manager: 'bun',
  title: 'Bun',
  why: 'Bun: exact pins and a 7-day minimum release age',
  settings: [
    {
      aspect: 'exact-pins',
      key: 'exact',
      line: 'exact = true',
      value: true,
      comment: 'save exact versions ("1.2.3", not "^1.2.3") when adding dependencies',
    },
    {
      aspect: 'age-gate',
      key: 'minimumReleaseAge',
      line: `minimumReleaseAge = ${SEVEN_DAYS_IN_SECONDS}`,
      value: SEVEN_DAYS_IN_SECONDS,
      comment: 'refuse versions published less than 7 days ago (minimumReleaseAge is in seconds; Bun >= 1.3)',
    },
  ],
  find(project, read, ownOnly) {
    const file = join(project.dir, 'bunfig.toml');
    const text = read(file) ?? '';
    return [
      ...tomlFound(file, text, ownOnly, TABLE, 'exact', 'exact-pins', (value) => value === true),
      ...tomlFound(file, text, ownOnly, TABLE, 'minimumReleaseAge', 'age-gate', (value) => {
        return typeof value === 'number' && value >= SEVEN_DAYS_IN_SECONDS;
      }),
    ];
  },
  write(project, read, settings) {
    const file = join(project.dir, 'bunfig.toml');
    return writeTomlKeys(file, read(file), settings, TABLE, 'Bun');
  },
};
