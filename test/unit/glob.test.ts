import { describe, expect, it } from 'vitest';
import {
  anchorPattern,
  compileGlob,
  expandBraces,
  GlobSyntaxError,
  globCouldMatchInside,
  globMatches,
  literalPrefix,
  nameMatches,
} from '../../src/core/glob';

const matches = (pattern: string, path: string, ci = false) =>
  compileGlob(pattern, ci).some((g) => globMatches(g, path));
const anchors = { home: '/home/u', projectRoot: '/home/u/project' };

describe('glob matching', () => {
  it.each([
    ['/home/u/.ssh/id_*', '/home/u/.ssh/id_rsa', true],
    ['/home/u/.ssh/id_*', '/home/u/.ssh/sub/id_rsa', false],
    ['/**/.env', '/a/b/c/.env', true],
    ['/**/.env', '/.env', true],
    ['/**/.env.*', '/p/.env.local', true],
    ['/**/.env.*', '/p/.env', false],
    ['/home/u/.gnupg/**', '/home/u/.gnupg/a/b/c', true],
    ['/home/u/.gnupg/**', '/home/u/.gnupgx/a', false],
    ['/proc/*/environ', '/proc/self/environ', true],
    ['/**/*.{pem,key}', '/x/server.key', true],
    ['/**/file[0-9].txt', '/x/file7.txt', true],
    ['/**/file[!0-9].txt', '/x/file7.txt', false],
    ['/**/a?c', '/x/abc', true],
    ['/**/\\*literal', '/x/*literal', true],
    ['/**/\\*literal', '/x/aliteral', false],
    ['/a/**/b/**/c', '/a/x/b/y/z/c', true],
    ['/a/**/b/**/c', '/a/x/c', false],
  ])('%s vs %s → %s', (pattern, path, expected) => {
    expect(matches(pattern, path)).toBe(expected);
  });

  it('ignores case only when asked (macOS and Windows file systems)', () => {
    expect(matches('/Users/U/.SSH/id_*', '/users/u/.ssh/ID_RSA', true)).toBe(true);
    expect(matches('/Users/U/.SSH/id_*', '/users/u/.ssh/ID_RSA', false)).toBe(false);
  });

  it('expands braces, including nested ones, and refuses explosions', () => {
    expect(expandBraces('a{b,c{d,e}}f')).toEqual(['abf', 'acdf', 'acef']);
    expect(() => expandBraces('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}')).toThrow(GlobSyntaxError);
    expect(() => compileGlob('a{b')).toThrow(/unbalanced/);
  });

  it('stays fast on hostile input (no backtracking blow-up)', () => {
    const star = `/${'*a'.repeat(200)}b`;
    const path = `/${'a'.repeat(4000)}`;
    const globstars = `/${'**/a/'.repeat(30)}b`;
    const deep = `/${'a/'.repeat(2000)}c`;
    // No timing assertion: an exponential matcher would not return within the test timeout.
    expect(matches(star, path)).toBe(false);
    expect(matches(globstars, deep)).toBe(false);
  });

  it('tells whether a directory can hold a match, and where a walk starts', () => {
    const [ssh] = compileGlob('/home/u/.ssh/id_*');
    const [anywhere] = compileGlob('/**/.env');
    expect(ssh && globCouldMatchInside(ssh, '/home/u')).toBe(true);
    expect(ssh && globCouldMatchInside(ssh, '/home/u/.ssh')).toBe(true);
    expect(ssh && globCouldMatchInside(ssh, '/home/u/project')).toBe(false);
    expect(anywhere && globCouldMatchInside(anywhere, '/any/where')).toBe(true);
    expect(ssh && literalPrefix(ssh)).toBe('/home/u/.ssh');
  });

  it('anchors policy patterns like gitignore, with ~ for home', () => {
    expect(anchorPattern('~/.ssh/id_*', anchors)).toBe('/home/u/.ssh/id_*');
    expect(anchorPattern('.env', anchors)).toBe('/**/.env');
    expect(anchorPattern('**/.claude/settings*.json', anchors)).toBe('/**/.claude/settings*.json');
    expect(anchorPattern('.bulwark/**', anchors)).toBe('/home/u/project/.bulwark/**');
    expect(anchorPattern('./docs/**', anchors)).toBe('/home/u/project/docs/**');
    expect(anchorPattern('/etc/shadow', anchors)).toBe('/etc/shadow');
  });

  it('matches tool names', () => {
    expect(nameMatches('mcp__*__delete*', 'mcp__github__delete_repo')).toBe(true);
    expect(nameMatches('mcp__*__delete*', 'mcp__github__get_repo')).toBe(false);
    expect(nameMatches('Read', 'Read')).toBe(true);
    expect(nameMatches('Read', 'ReadX')).toBe(false);
  });
});
