// The web guard: cloud metadata and non-http(s) schemes are always denied, local and private
// networks ask, and the policy's domain lists decide the rest.
import { type Decision, describeSource, noObjection, verdictOutcome } from '../../core/decision';
import type { AgentEvent } from '../../core/events';
import { summarize } from '../../core/redact';
import { ruleBook } from '../../core/rules';
import type { EffectivePolicy, Sourced } from '../../policy/types';
import { classifyHost, normalizeHost } from './address';
import { domainMatches } from './domains';
import rulesData from './rules.yaml';

export const NET_RULE_IDS = [
  'net.invalid-url',
  'net.scheme',
  'net.metadata',
  'net.deny-domain',
  'net.private-address',
  'net.unknown-domain',
  'net.web-search',
] as const;
export type NetRuleId = (typeof NET_RULE_IDS)[number];

const rules = ruleBook<NetRuleId>('net', rulesData);
const MAX_URL_LENGTH = 8192;

type NetEvent = Extract<AgentEvent, { kind: 'fetch' | 'web-search' }>;

function listed(list: readonly Sourced<string>[], host: string): Sourced<string> | undefined {
  return list.find((entry) => domainMatches(entry.value, host));
}

export function judgeNet(event: NetEvent, policy: EffectivePolicy): Decision {
  return event.kind === 'fetch' ? judgeUrl(event.url, policy) : judgeWebSearch(event, policy);
}

export function judgeUrl(input: string, policy: EffectivePolicy): Decision {
  const shown = summarize(input, 200);
  if (input.length > MAX_URL_LENGTH) {
    return rules.fire('net.invalid-url', 'deny', {
      url: shown,
      detail: `longer than ${MAX_URL_LENGTH} characters`,
    });
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return rules.fire('net.invalid-url', 'deny', { url: shown, detail: 'it does not parse as a URL' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return rules.fire('net.scheme', 'deny', { url: shown, scheme: url.protocol });
  }
  const host = normalizeHost(url.hostname);
  if (!host) return rules.fire('net.invalid-url', 'deny', { url: shown, detail: 'it has no host' });
  const where = classifyHost(host);
  const values = { url: shown, host, detail: where.detail };
  if (where.kind === 'metadata') return rules.fire('net.metadata', 'deny', values);

  const denied = listed(policy.net.denyDomains, host);
  if (denied) {
    return rules.fire(
      'net.deny-domain',
      'deny',
      { ...values, pattern: denied.value, source: describeSource(denied.source) },
      denied.source,
    );
  }
  const allowed = listed(policy.net.allowDomains, host);
  if (allowed) {
    return noObjection(
      'net',
      `${host} matches ${allowed.value} in net.allowDomains (${describeSource(allowed.source)})`,
    );
  }
  const knob = where.kind === 'public' ? policy.net.unknownDomains : policy.net.privateAddresses;
  if (knob.value === 'none') return noObjection('net', `${where.detail}; no rule applies`);
  const id = where.kind === 'public' ? 'net.unknown-domain' : 'net.private-address';
  return rules.fire(id, verdictOutcome(knob.value), values, knob.source);
}

function judgeWebSearch(
  event: Extract<AgentEvent, { kind: 'web-search' }>,
  policy: EffectivePolicy,
): Decision {
  for (const domain of event.domains) {
    const denied = listed(policy.net.denyDomains, normalizeHost(domain));
    if (denied) {
      return rules.fire(
        'net.deny-domain',
        'deny',
        {
          url: `a web search limited to ${domain}`,
          host: domain,
          pattern: denied.value,
          source: describeSource(denied.source),
        },
        denied.source,
      );
    }
  }
  const knob = policy.net.webSearch;
  if (knob.value === 'none') return noObjection('net', 'web searches get no objection under this policy');
  return rules.fire(
    'net.web-search',
    verdictOutcome(knob.value),
    { query: summarize(event.query, 120) },
    knob.source,
  );
}
