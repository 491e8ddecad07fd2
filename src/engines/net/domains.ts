// Domain patterns for policy lists: `example.com` is that host only, `*.example.com` its
// subdomains only (as in Claude Code's WebFetch rules), `*` every host.
import { domainToASCII } from 'node:url';
import { err, ok, type Result } from '../../core/errors';
import { normalizeHost, parseIPv4, parseIPv6 } from './address';

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

export function normalizeDomainPattern(pattern: string): Result<string, string> {
  const text = pattern.trim().toLowerCase();
  if (text === '*') return ok(text);
  if (/[/@\s]|^[a-z][a-z0-9+.-]*:\/\//.test(text)) {
    return err('expected a domain such as example.com or *.example.com, not a URL or path');
  }
  const wildcard = text.startsWith('*.');
  const base = normalizeHost(wildcard ? text.slice(2) : text);
  if (parseIPv4(base) || parseIPv6(base)) {
    return wildcard ? err('an IP address cannot take a "*." wildcard') : ok(base);
  }
  if (base.includes('*'))
    return err('"*" is only allowed as a leading "*." (subdomains) or alone (every domain)');
  const ascii = domainToASCII(base);
  if (!ascii || ascii.length > 253 || !ascii.split('.').every((label) => LABEL.test(label))) {
    return err(`"${pattern}" is not a valid domain name`);
  }
  return ok(wildcard ? `*.${ascii}` : ascii);
}

/** `pattern` is normalised; `host` comes from a parsed URL (already ASCII, lower case). */
export function domainMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return host === pattern;
}
