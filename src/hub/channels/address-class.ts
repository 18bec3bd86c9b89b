/**
 * Which IP addresses the hub may fetch provider media from. Only globally
 * routable unicast addresses are public; everything an attacker could use to
 * reach inside the hub's network (loopback, RFC 1918, link-local and cloud
 * metadata, unique-local, CGNAT, multicast, reserved) is refused. IPv4 carried
 * inside IPv6 (v4-mapped, NAT64, 6to4) is judged by the IPv4 address it
 * carries. Ranges: the IANA IPv4 and IPv6 Special-Purpose Address Registries
 * (RFC 6890 and updates).
 */
import net from 'node:net';

export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'shared'
  | 'multicast'
  | 'reserved';

interface Range {
  readonly first: bigint;
  readonly bits: number;
  readonly width: 32 | 128;
  readonly class: Exclude<AddressClass, 'public'>;
}

function v4(dotted: string, bits: number, cls: Range['class']): Range {
  return { first: ipv4ToBigInt(dotted), bits, width: 32, class: cls };
}

function v6(text: string, bits: number, cls: Range['class']): Range {
  return { first: ipv6ToBigInt(text), bits, width: 128, class: cls };
}

const IPV4_RANGES: readonly Range[] = [
  v4('0.0.0.0', 8, 'unspecified'), // "this network"
  v4('10.0.0.0', 8, 'private'),
  v4('100.64.0.0', 10, 'shared'), // carrier-grade NAT (RFC 6598)
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link-local'), // includes cloud metadata at 169.254.169.254
  v4('172.16.0.0', 12, 'private'),
  v4('192.0.0.0', 24, 'reserved'), // IETF protocol assignments
  v4('192.0.2.0', 24, 'reserved'), // documentation
  v4('192.88.99.0', 24, 'reserved'), // 6to4 relay anycast (deprecated)
  v4('192.168.0.0', 16, 'private'),
  v4('198.18.0.0', 15, 'reserved'), // benchmarking
  v4('198.51.100.0', 24, 'reserved'), // documentation
  v4('203.0.113.0', 24, 'reserved'), // documentation
  v4('224.0.0.0', 4, 'multicast'),
  v4('240.0.0.0', 4, 'reserved'), // future use, and 255.255.255.255 broadcast
];

const IPV6_RANGES: readonly Range[] = [
  v6('::', 128, 'unspecified'),
  v6('::1', 128, 'loopback'),
  v6('::', 96, 'reserved'), // IPv4-compatible (deprecated)
  v6('64:ff9b:1::', 48, 'reserved'), // local-use NAT64
  v6('100::', 64, 'reserved'), // discard-only
  v6('2001::', 23, 'reserved'), // IETF protocol assignments (Teredo, ORCHID …)
  v6('2001:db8::', 32, 'reserved'), // documentation
  v6('fc00::', 7, 'unique-local'),
  v6('fe80::', 10, 'link-local'),
  v6('fec0::', 10, 'reserved'), // site-local (deprecated)
  v6('ff00::', 8, 'multicast'),
];

/** Global unicast (RFC 4291 §2.4): anything else in IPv6 is not routable on the internet. */
const IPV6_GLOBAL = v6('2000::', 3, 'reserved');
const IPV4_MAPPED = v6('::ffff:0:0', 96, 'reserved');
const NAT64 = v6('64:ff9b::', 96, 'reserved');
const SIX_TO_FOUR = v6('2002::', 16, 'reserved');

function inRange(value: bigint, range: Range): boolean {
  const shift = BigInt(range.width - range.bits);
  return value >> shift === range.first >> shift;
}

function ipv4ToBigInt(dotted: string): bigint {
  return dotted.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

/** Expands a valid IPv6 text (with `::` and an optional dotted IPv4 tail) to its 128-bit value. */
function ipv6ToBigInt(text: string): bigint {
  let groups = text;
  let tail: bigint | null = null;
  const lastColon = groups.lastIndexOf(':');
  if (groups.slice(lastColon + 1).includes('.')) {
    tail = ipv4ToBigInt(groups.slice(lastColon + 1));
    groups = `${groups.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = groups.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - left.length - right.length;
  const all = rest === undefined ? left : [...left, ...Array<string>(missing).fill('0'), ...right];
  const value = all.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
  return tail === null ? value : value | tail;
}

function classifyV4(value: bigint): AddressClass {
  return IPV4_RANGES.find((r) => inRange(value, r))?.class ?? 'public';
}

function classifyV6(value: bigint): AddressClass {
  const low32 = value & 0xffffffffn;
  if (inRange(value, IPV4_MAPPED) || inRange(value, NAT64)) return classifyV4(low32);
  if (inRange(value, SIX_TO_FOUR)) return classifyV4((value >> 80n) & 0xffffffffn);
  const special = IPV6_RANGES.find((r) => inRange(value, r));
  if (special) return special.class;
  return inRange(value, IPV6_GLOBAL) ? 'public' : 'reserved';
}

/**
 * The class of an IP address literal (`127.0.0.1`, `::ffff:7f00:1`, `[fe80::1%eth0]`);
 * null when the text is not an IP address at all (a host name).
 */
export function classifyAddress(address: string): AddressClass | null {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (net.isIPv4(bare)) return classifyV4(ipv4ToBigInt(bare));
  if (net.isIPv6(bare)) return classifyV6(ipv6ToBigInt(bare));
  return null;
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}
