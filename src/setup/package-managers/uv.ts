// uv: exclude-newer with a relative duration ("7 days", uv >= 0.9.17; older uv reads only
// timestamps). uv.toml wins over pyproject.toml's [tool.uv] when both exist, so it is edited when
// present (a top-level key); otherwise [tool.uv] in pyproject.toml. No exact-pin setting: uv.lock
// already pins exact versions, and uv's own docs advise against `add-bounds = "exact"`.
import { join } from 'node:path';
import { tomlFound, writeTomlKeys } from './toml-file';
import type { ManagedProject, ManagerRules, Reader } from './types';
import { uvWindow } from './values';

/** Where uv reads its settings for `project`: the file and the table the keys go in. */
function uvConfig(project: ManagedProject, read: Reader): { file: string; table: string[] } {
  const uvToml = join(project.dir, 'uv.toml');
  const pyproject = join(project.dir, 'pyproject.toml');
  if (read(uvToml) !== undefined || read(pyproject) === undefined) return { file: uvToml, table: [] };
  return { file: pyproject, table: ['tool', 'uv'] };
}

export const uvRules: ManagerRules = {
  manager: 'uv',
  title: 'uv',
  why: 'uv: a 7-day minimum release age',
  settings: [
    {
      aspect: 'age-gate',
      key: 'exclude-newer',
      line: 'exclude-newer = "7 days"',
      value: '7 days',
      comment:
        'refuse files uploaded less than 7 days ago (exclude-newer takes a duration; needs uv >= 0.9.17, older uv rejects durations)',
    },
  ],
  find(project, read, ownOnly) {
    const { file, table } = uvConfig(project, read);
    return tomlFound(file, read(file) ?? '', ownOnly, table, 'exclude-newer', 'age-gate', (value) => {
      const window = uvWindow(value);
      // A fixed date is the user's deliberate cutoff; it is not judged against today's date, so
      // doctor's report does not change with the clock.
      return window?.kind === 'timestamp' || (window?.kind === 'duration' && window.days >= 7);
    });
  },
  write(project, read, settings) {
    const { file, table } = uvConfig(project, read);
    return writeTomlKeys(file, read(file), settings, table, 'uv');
  },
};
