// npm: `.npmrc` in the project directory. min-release-age is in days (npm >= 11.10);
// save-exact writes "1.2.3" instead of "^1.2.3" on `npm install <pkg>`.
import { join } from 'node:path';
import { removeBlocks } from '../marked-block';
import { bodyLines, setBlock } from './blocks';
import { readNpmrc } from './npmrc';
import type { Found, ManagedProject, ManagerRules, Reader } from './types';
import { declaredVersionOf } from './values';

/** What npm-style settings in an .npmrc say (also read for pnpm, which accepts them too). */
export function npmrcFound(
  file: string,
  text: string,
  keys: { age: string; exact: string; prefix: string; ageUnitsPerWeek: number },
): Found[] {
  const { values } = readNpmrc(text);
  const found: Found[] = [];
  const age = values.get(keys.age);
  if (age !== undefined) {
    const strong = /^\d+(\.\d+)?$/.test(age) && Number(age) >= keys.ageUnitsPerWeek;
    const fixLine = `${keys.age}=${keys.ageUnitsPerWeek}`;
    found.push({ aspect: 'age-gate', shown: `${keys.age}=${age}`, file, strong, fixLine });
  } else if (keys.age === 'min-release-age' && values.has('before')) {
    // A fixed `before` date is a gate of its own, and npm 11.10-11.14 refuse both keys at once.
    found.push({ aspect: 'age-gate', shown: `before=${values.get('before')}`, file, strong: true });
  }
  const exact = values.get(keys.exact);
  const prefix = values.get(keys.prefix);
  if (exact !== undefined) {
    const fixLine = `${keys.exact}=true`;
    found.push({
      aspect: 'exact-pins',
      shown: `${keys.exact}=${exact}`,
      file,
      strong: exact === 'true',
      fixLine,
    });
  }
  // An empty prefix also saves exact versions; any other prefix is outranked by the save-exact bulwark adds.
  else if (prefix === '') found.push({ aspect: 'exact-pins', shown: `${keys.prefix}=`, file, strong: true });
  return found;
}

function npmrcPath(project: ManagedProject): string {
  return join(project.dir, '.npmrc');
}

export const npmRules: ManagerRules = {
  manager: 'npm',
  title: 'npm',
  why: 'npm: exact pins and a 7-day minimum release age',
  settings: [
    {
      aspect: 'exact-pins',
      key: 'save-exact',
      line: 'save-exact=true',
      value: 'true',
      comment: 'save exact versions ("1.2.3", not "^1.2.3") when adding dependencies',
    },
    {
      aspect: 'age-gate',
      key: 'min-release-age',
      line: 'min-release-age=7',
      value: '7',
      comment: 'refuse versions published less than 7 days ago (min-release-age is in days; npm >= 11.10)',
      since: '11.10.0',
    },
  ],
  version: (project, read) => declaredVersionOf('npm', project.dir, read),
  find(project: ManagedProject, read: Reader, ownOnly: boolean): Found[] {
    const file = npmrcPath(project);
    const text = read(file) ?? '';
    return npmrcFound(file, ownOnly ? removeBlocks(text) : text, {
      age: 'min-release-age',
      exact: 'save-exact',
      prefix: 'save-prefix',
      ageUnitsPerWeek: 7,
    });
  },
  write(project, read, settings) {
    const file = npmrcPath(project);
    const before = read(file);
    const text = before ?? '';
    // Keys after a [section] header belong to it: put the block first so its keys stay top-level.
    const where = readNpmrc(removeBlocks(text)).hasSections
      ? { at: 'start' as const }
      : { at: 'end' as const };
    return { file, before, after: setBlock(text, bodyLines(settings), where) };
  },
};
