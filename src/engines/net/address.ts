// What kind of place a host name or IP literal points at. WHATWG URL parsing has already turned
// decimal, octal and hex IPv4 spellings (2852039166, 0251.0376.0251.0376, 0xa9fea9fe) into
// dotted decimal; IPv6 forms that embed an IPv4 address are unwrapped here.

export type HostKind = 'metadata' | 'loopback' | 'private' | 'public';

export interface HostClass {
  kind: HostKind;
  /** Why, in words: "link-local 169.254.0.0/16", "IPv4-mapped IPv6 of 127.0.0.1". */
  detail: string;
}

const METADATA_IPV4 = new Map<string, string>([
  ['169.254.169.254', 'the AWS, GCP, Azure, DigitalOcean and OpenStack metadata service'],
  ['169.254.170.2', 'the AWS ECS task metadata and credentials endpoint'],
  ['169.254.170.23', 'the AWS EKS pod identity endpoint'],
  ['169.254.0.23', 'the Tencent Cloud metadata service'],
  ['169.254.42.42', 'the Scaleway metadata service'],
  ['100.100.100.200', 'the Alibaba Cloud metadata service'],
  ['192.0.0.192', 'the Oracle Cloud metadata service'],
]);

const METADATA_IPV6 = new Map<string, string>([
  ['fd00:ec2::254', 'the AWS metadata service (IPv6)'],
  ['fd00:ec2::23', 'the AWS EKS pod identity endpoint (IPv6)'],
]);

const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.tencentyun.com',
  'metadata.platformequinix.com',
]);

const PRIVATE_SUFFIXES = ['.internal', '.local', '.lan', '.home.arpa', '.intranet', '.corp', '.localdomain'];

/** Public DNS names that resolve to loopback. */
const LOOPBACK_NAMES = ['localtest.me', 'lvh.me', 'vcap.me', 'localho.st'];

/** Wildcard DNS services whose names carry the address they resolve to (10.0.0.1.nip.io). */
const IP_IN_NAME_SERVICES = ['nip.io', 'sslip.io', 'xip.io', 'traefik.me', 'nip.direct'];

type Range = [first: number[], prefixBits: number, kind: HostKind, label: string];

const IPV4_RANGES: Range[] = [
  [[127, 0, 0, 0], 8, 'loopback', 'loopback 127.0.0.0/8'],
  [[0, 0, 0, 0], 8, 'private', '"this network" 0.0.0.0/8'],
  [[10, 0, 0, 0], 8, 'private', 'private 10.0.0.0/8'],
  [[100, 64, 0, 0], 10, 'private', 'carrier-grade NAT 100.64.0.0/10'],
  [[169, 254, 0, 0], 16, 'private', 'link-local 169.254.0.0/16'],
  [[172, 16, 0, 0], 12, 'private', 'private 172.16.0.0/12'],
  [[192, 0, 0, 0], 24, 'private', 'IETF protocol assignments 192.0.0.0/24'],
  [[192, 168, 0, 0], 16, 'private', 'private 192.168.0.0/16'],
  [[198, 18, 0, 0], 15, 'private', 'benchmarking 198.18.0.0/15'],
  [[224, 0, 0, 0], 4, 'private', 'multicast 224.0.0.0/4'],
  [[240, 0, 0, 0], 4, 'private', 'reserved 240.0.0.0/4'],
];

const IPV6_RANGES: Range[] = [
  [[0xfc], 7, 'private', 'unique local fc00::/7'],
  [[0xfe, 0x80], 10, 'private', 'link-local fe80::/10'],
  [[0xff], 8, 'private', 'multicast ff00::/8'],
];

const LOCAL_NAT64: Range = [
  [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01],
  48,
  'private',
  'local-use NAT64 64:ff9b:1::/48',
];

function inRange(bytes: readonly number[], [first, prefixBits]: Range): boolean {
  for (let bit = 0; bit < prefixBits; bit++) {
    const index = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((bytes[index] ?? 0) & mask) !== ((first[index] ?? 0) & mask)) return false;
  }
  return true;
}

export function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

/** 16 bytes, or undefined. Accepts `::`, an embedded dotted quad, and surrounding brackets. */
export function parseIPv6(text: string): number[] | undefined {
  const address = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!address.includes(':') || address.length > 45) return undefined;
  let head = address;
  const tailBytes: number[] = [];
  const lastColon = address.lastIndexOf(':');
  const maybeV4 = address.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    const v4 = parseIPv4(maybeV4);
    if (!v4) return undefined;
    tailBytes.push(...v4);
    head = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = parseGroups(halves[0] ?? '');
  const right = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  const bytes: number[] = [];
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    const value = Number.parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  if (tailBytes.length) bytes.splice(12, 4, ...tailBytes);
  return bytes;
}

function formatIPv6(bytes: readonly number[]): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups
    .join(':')
    .replace(/(^|:)0(:0)+(:|$)/, '::')
    .replace(/:{3,}/, '::');
}

export function classifyIPv4(bytes: readonly number[]): HostClass {
  const dotted = bytes.join('.');
  const metadata = METADATA_IPV4.get(dotted);
  if (metadata) return { kind: 'metadata', detail: `${dotted} is ${metadata}` };
  if (dotted === '255.255.255.255') return { kind: 'private', detail: 'the broadcast address' };
  for (const range of IPV4_RANGES) {
    if (inRange(bytes, range)) return { kind: range[2], detail: `${dotted} is in ${range[3]}` };
  }
  return { kind: 'public', detail: `${dotted} is a public address` };
}

function embedded(bytes: readonly number[], from: number, how: string): HostClass {
  const inner = classifyIPv4(bytes.slice(from, from + 4));
  return { kind: inner.kind, detail: `${how} of ${inner.detail}` };
}

export function classifyIPv6(bytes: readonly number[]): HostClass {
  const text = formatIPv6(bytes);
  const metadata = METADATA_IPV6.get(text);
  if (metadata) return { kind: 'metadata', detail: `${text} is ${metadata}` };
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zeros(0, 15) && bytes[15] === 1) return { kind: 'loopback', detail: '::1 is the IPv6 loopback' };
  if (zeros(0, 16)) return { kind: 'private', detail: ':: is the unspecified address' };
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff)
    return embedded(bytes, 12, 'IPv4-mapped IPv6');
  if (zeros(0, 12)) return embedded(bytes, 12, 'IPv4-compatible IPv6');
  if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) {
    return embedded(bytes, 12, 'NAT64');
  }
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return embedded(bytes, 2, '6to4');
  if (inRange(bytes, LOCAL_NAT64)) {
    // The IPv4 address sits in the last 32 bits with the usual /96 translation prefixes.
    const inner = embedded(bytes, 12, 'local-use NAT64');
    return inner.kind === 'metadata' ? inner : { kind: 'private', detail: `${text} is in ${LOCAL_NAT64[3]}` };
  }
  for (const range of IPV6_RANGES) {
    if (inRange(bytes, range)) return { kind: range[2], detail: `${text} is in ${range[3]}` };
  }
  return { kind: 'public', detail: `${text} is a public address` };
}

/**
 * The address a nip.io-style name carries: 10.0.0.1.nip.io, app-10-0-0-1.sslip.io, 0a000001.nip.io,
 * and IPv6 with dashes for colons (fd00-ec2--254.sslip.io, --1.sslip.io).
 */
function addressInName(labels: readonly string[]): HostClass | undefined {
  const dotted = parseIPv4(labels.slice(-4).join('.'));
  if (dotted) return classifyIPv4(dotted);
  const last = labels.at(-1) ?? '';
  const dashed = /(?:^|-)(\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3})$/.exec(last);
  const v4 = dashed?.[1] ? parseIPv4(dashed[1].replaceAll('-', '.')) : undefined;
  if (v4) return classifyIPv4(v4);
  // A prefix may come first (app-fd00-ec2--254): try every dash-separated tail as IPv6.
  const parts = last.split('-');
  for (let start = 0; start < parts.length && start < 12; start++) {
    const v6 = parseIPv6(parts.slice(start).join(':'));
    if (v6) return classifyIPv6(v6);
  }
  const hex = /(?:^|-)([0-9a-f]{8})$/.exec(last);
  if (hex?.[1])
    return classifyIPv4([0, 2, 4, 6].map((i) => Number.parseInt(hex[1]?.slice(i, i + 2) ?? '', 16)));
  return undefined;
}

/** `hostname` is lower-case, without brackets or a trailing dot (see normalizeHost). */
export function classifyHost(hostname: string): HostClass {
  const v4 = parseIPv4(hostname);
  if (v4) return classifyIPv4(v4);
  const v6 = parseIPv6(hostname);
  if (v6) return classifyIPv6(v6);
  if (METADATA_NAMES.has(hostname))
    return { kind: 'metadata', detail: `${hostname} is a cloud metadata host` };
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    return { kind: 'loopback', detail: `${hostname} is loopback` };
  }
  for (const name of LOOPBACK_NAMES) {
    if (hostname === name || hostname.endsWith(`.${name}`)) {
      return { kind: 'loopback', detail: `${hostname} resolves to loopback (${name})` };
    }
  }
  for (const service of IP_IN_NAME_SERVICES) {
    if (hostname.endsWith(`.${service}`)) {
      const inner = addressInName(hostname.slice(0, -service.length - 1).split('.'));
      if (inner)
        return { kind: inner.kind, detail: `${hostname} resolves through ${service} to ${inner.detail}` };
    }
  }
  if (!hostname.includes('.'))
    return { kind: 'private', detail: `${hostname} is a single-label intranet name` };
  const suffix = PRIVATE_SUFFIXES.find((s) => hostname.endsWith(s));
  if (suffix) return { kind: 'private', detail: `${hostname} is a private name (${suffix})` };
  return { kind: 'public', detail: `${hostname} is a public name` };
}

export function normalizeHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '');
}
