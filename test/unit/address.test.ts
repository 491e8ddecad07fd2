import { describe, expect, it } from 'vitest';
import { classifyHost, normalizeHost, parseIPv6 } from '../../src/engines/net/address';
import { domainMatches, normalizeDomainPattern } from '../../src/engines/net/domains';

const kind = (url: string) => classifyHost(normalizeHost(new URL(url).hostname)).kind;

describe('host classification', () => {
  it.each([
    ['http://169.254.169.254/', 'metadata'],
    ['http://2852039166/', 'metadata'],
    ['http://0xa9.0xfe.0xa9.0xfe/', 'metadata'],
    ['http://[::ffff:169.254.169.254]/', 'metadata'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'metadata'],
    ['http://[2002:a9fe:a9fe::1]/', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://metadata.google.internal/', 'metadata'],
    ['http://a9fea9fe.nip.io/', 'metadata'],
    ['http://127.0.0.1/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:7f00:1]/', 'loopback'],
    ['http://sub.localhost/', 'loopback'],
    ['http://app.lvh.me/', 'loopback'],
    ['http://192.168.0.10/', 'private'],
    ['http://[fe80::1]/', 'private'],
    ['http://[::]/', 'private'],
    ['http://100.64.1.1/', 'private'],
    ['http://printer.local/', 'private'],
    ['https://example.com/', 'public'],
    ['https://[2606:4700::1111]/', 'public'],
    ['http://1.1.1.1/', 'public'],
  ])('%s is %s', (url, expected) => {
    expect(kind(url)).toBe(expected);
  });

  it('parses IPv6 forms and rejects malformed ones', () => {
    expect(parseIPv6('::1')?.at(-1)).toBe(1);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toHaveLength(16);
    expect(parseIPv6('::ffff:1.2.3.4')?.slice(12)).toEqual([1, 2, 3, 4]);
    expect(parseIPv6('1::2::3')).toBeUndefined();
    expect(parseIPv6('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(parseIPv6('12345::')).toBeUndefined();
    expect(parseIPv6('example.com')).toBeUndefined();
  });
});

describe('domain patterns', () => {
  it('normalises and validates', () => {
    expect(normalizeDomainPattern('Example.COM.')).toEqual({ ok: true, value: 'example.com' });
    expect(normalizeDomainPattern('*.bücher.de')).toEqual({ ok: true, value: '*.xn--bcher-kva.de' });
    expect(normalizeDomainPattern('https://example.com/')).toMatchObject({ ok: false });
    expect(normalizeDomainPattern('ex*ample.com')).toMatchObject({ ok: false });
    expect(normalizeDomainPattern('*.127.0.0.1')).toMatchObject({ ok: false });
    expect(normalizeDomainPattern('127.0.0.1')).toEqual({ ok: true, value: '127.0.0.1' });
  });

  it('matches subdomains only with *.', () => {
    expect(domainMatches('*.example.com', 'a.b.example.com')).toBe(true);
    expect(domainMatches('*.example.com', 'example.com')).toBe(false);
    expect(domainMatches('*.example.com', 'badexample.com')).toBe(false);
    expect(domainMatches('example.com', 'example.com')).toBe(true);
    expect(domainMatches('*', 'anything.test')).toBe(true);
  });
});
