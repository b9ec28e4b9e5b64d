import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Where an IP address points, as far as a webhook's destination is concerned. */
export type AddressRange =
  'public' | 'loopback' | 'private' | 'carrier-grade NAT' | 'link-local' | 'cloud metadata' | 'multicast' | 'unspecified' | 'broadcast' | 'reserved';

/**
 * The ranges `allowPrivate` (WEBHOOK_ALLOW_PRIVATE) lifts: where receivers on
 * a home network or a test machine live — loopback (127/8, ::1), private
 * (RFC 1918, unique-local fc00::/7, deprecated site-local fec0::/10, local-use
 * NAT64 64:ff9b:1::/48) and carrier-grade NAT (100.64/10, e.g. Tailscale).
 * Never lifted: link-local (169.254/16, fe80::/10, where clouds serve their
 * metadata and credentials), the cloud metadata addresses themselves,
 * unspecified (0.0.0.0/8 and :: reach this host), broadcast, multicast and
 * reserved/documentation ranges (no receiver can live there).
 */
export const PRIVATE_RANGES: ReadonlySet<AddressRange> = new Set<AddressRange>(['loopback', 'private', 'carrier-grade NAT']);

/** What `classifyAddress` found. */
export interface AddressVerdict {
  /** The address as given. */
  address: string;
  family: 4 | 6;
  range: AddressRange;
  /** The IPv4 address an IPv6 one embeds (mapped, compatible, NAT64, 6to4, Teredo) when it decided the range. */
  embeds?: string;
  allowed: boolean;
}

/** Instance metadata services that hand out credentials: AWS/GCP/Azure/Oracle, AWS over IPv6, Alibaba. */
const CLOUD_METADATA = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

const V4_RANGES: Record<string, AddressRange> = {
  unicast: 'public',
  as112: 'public',
  amt: 'public',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT',
  private: 'private',
  reserved: 'reserved',
};

const V6_RANGES: Record<string, AddressRange> = {
  unicast: 'public',
  as112v6: 'public',
  amt: 'public',
  // These embed an IPv4 address, which was checked first and found public.
  ipv4Mapped: 'public',
  rfc6145: 'public',
  rfc6052: 'public',
  '6to4': 'public',
  teredo: 'public',
  unspecified: 'unspecified',
  loopback: 'loopback',
  linkLocal: 'link-local',
  multicast: 'multicast',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
};

/**
 * Classifies one IP address (as DNS returns it, or a URL's literal host) and
 * says whether a webhook may be delivered there. Pure: no DNS, no I/O.
 * An IPv6 address that embeds an IPv4 one is judged by that IPv4 address
 * when it is refused: ::ffff:127.0.0.1 is loopback, 64:ff9b::a00:1 private.
 * IPv6 outside 2000::/3 (global unicast) and the ranges above is reserved.
 * @throws TypeError when `address` is not an IP address.
 */
export function classifyAddress(address: string, options: { allowPrivate?: boolean } = {}): AddressVerdict {
  const family = isIP(address);
  if (family === 0) throw new TypeError(`not an IP address: ${address}`);
  const judge = (range: AddressRange, embeds?: string): AddressVerdict => ({
    address,
    family: family as 4 | 6,
    range,
    ...(embeds === undefined ? {} : { embeds }),
    allowed: range === 'public' || (options.allowPrivate === true && PRIVATE_RANGES.has(range)),
  });
  if (family === 4) return judge(ipv4Range(ipaddr.IPv4.parse(address)));

  const ip = parseIpv6(address);
  for (const v4 of embeddedIpv4(ip)) {
    const range = ipv4Range(v4);
    if (range !== 'public') return judge(range, v4.toString());
  }
  return judge(ipv6Range(ip));
}

/** ipaddr.js reads the deprecated `::a.b.c.d` as IPv4-mapped; a socket reads it as IPv4-compatible, as this does. */
function parseIpv6(address: string): ipaddr.IPv6 {
  const compatible = /^::(\d+\.\d+\.\d+\.\d+)(?:%.*)?$/.exec(address);
  if (!compatible) return ipaddr.IPv6.parse(address);
  const [a, b, c, d] = ipaddr.IPv4.parse(compatible[1]!).octets as [number, number, number, number];
  return new ipaddr.IPv6([0, 0, 0, 0, 0, 0, (a << 8) | b, (c << 8) | d]);
}

function ipv4Range(ip: ipaddr.IPv4): AddressRange {
  if (CLOUD_METADATA.has(ip.toString())) return 'cloud metadata';
  return V4_RANGES[ip.range()] ?? 'reserved';
}

function ipv6Range(ip: ipaddr.IPv6): AddressRange {
  if (CLOUD_METADATA.has(ip.toString().split('%')[0]!)) return 'cloud metadata'; // RFC 5952 form, as the set holds it, without a zone
  const name = ip.range();
  // Local-use NAT64 (RFC 8215): translated inside one network, wherever the operator put the IPv4 bits.
  if (name === 'rfc6052' && ip.parts[2] === 1) return 'private';
  const range = V6_RANGES[name];
  if (range === undefined) return 'reserved';
  if (range === 'public' && name === 'unicast' && ip.parts[0]! >> 13 !== 0b001) return 'reserved';
  return range;
}

/** The IPv4 addresses an IPv6 address carries, for the forms that route to them. */
function embeddedIpv4(ip: ipaddr.IPv6): ipaddr.IPv4[] {
  const p = ip.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  const low = v4(p[6]!, p[7]!);
  if (zeros(0, 5) && p[5] === 0xffff) return [low]; // ::ffff:a.b.c.d, IPv4-mapped
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return [low]; // ::ffff:0:a.b.c.d, IPv4-translated (RFC 6145)
  if (zeros(0, 6) && (p[6] !== 0 || p[7]! > 1)) return [low]; // ::a.b.c.d, IPv4-compatible (not :: or ::1)
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return [low]; // 64:ff9b::/96, NAT64 (RFC 6052)
  if (p[0] === 0x2002) return [v4(p[1]!, p[2]!)]; // 2002:AABB:CCDD::/48, 6to4
  if (p[0] === 0x2001 && p[1] === 0) return [v4(p[2]!, p[3]!), v4(~p[6]! & 0xffff, ~p[7]! & 0xffff)]; // Teredo: server, client (inverted)
  return [];
}
