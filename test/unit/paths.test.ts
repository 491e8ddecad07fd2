import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realFileView } from '../../src/engines/files/fs-view';
import { resolveToolPath } from '../../src/engines/files/paths';
import { createSandbox, type Sandbox } from '../helpers/sandbox';

describe('resolving where a path really leads', () => {
  let s: Sandbox;
  beforeAll(() => {
    s = createSandbox();
    s.write('~/.ssh/id_rsa', 'key');
    s.link('link', '~/.ssh/id_rsa');
    s.link('chain', join(s.project, 'link'));
    s.link('dangling', '~/.bashrc');
    s.link('dir-link', '~/.ssh');
    s.link('loop-a', join(s.project, 'loop-b'));
    s.link('loop-b', join(s.project, 'loop-a'));
    mkdirSync(join(s.home, 'elsewhere', 'deep'), { recursive: true });
    symlinkSync(join(s.home, 'elsewhere', 'deep'), join(s.project, 'up'));
  });
  afterAll(() => s.cleanup());

  const resolve = (path: string) => resolveToolPath(path, s.project, s.home, realFileView);

  it('follows symlinks and chains of them', () => {
    expect(resolve('link').real).toBe(join(s.home, '.ssh', 'id_rsa'));
    expect(resolve('chain').real).toBe(join(s.home, '.ssh', 'id_rsa'));
    expect(resolve('dir-link/id_rsa').real).toBe(join(s.home, '.ssh', 'id_rsa'));
  });

  it('follows a dangling symlink to where a write would land', () => {
    const path = resolve('dangling');
    expect(path.exists).toBe(false);
    expect(path.real).toBe(join(s.home, '.bashrc'));
  });

  it('applies .. after a symlink where the link led, not where it was written', () => {
    const path = resolve('up/../new-file');
    expect(path.lexical).toBe(join(s.project, 'new-file'));
    expect(path.real).toBe(join(s.home, 'elsewhere', 'new-file'));
  });

  it('expands ~ and survives symlink loops', () => {
    expect(resolve('~/.ssh/id_rsa').lexical).toBe(join(s.home, '.ssh', 'id_rsa'));
    expect(resolve('loop-a').exists).toBe(false);
  });
});
