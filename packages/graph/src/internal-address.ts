import ipaddr from 'ipaddr.js';

/**
 * Address classes that outbound requests refuse: everything but public unicast. The metadata
 * addresses of cloud hosts are named on their own because they are the usual target.
 */
const CLASS_NAMES: Record<string, string> = {
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade NAT',
  multicast: 'multicast',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  reserved: 'reserved',
  uniqueLocal: 'unique-local',
};

const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254']);
/** IPv6 ranges that carry an IPv4 address in their last 32 bits (mapped, SIIT, NAT64). */
const EMBEDS_V4_AT_END = new Set(['ipv4Mapped', 'rfc6145']);
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

/**
 * The class of an internal IP address (`loopback`, `private`, `link-local`, `cloud metadata`, ...),
 * or null when the address is public unicast or not an IP address at all. IPv6 forms that embed
 * an IPv4 address (mapped, NAT64, 6to4) are judged by the address they embed.
 */
export function internalAddressClass(address: string): string | null {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  // Only the canonical spellings DNS answers and URL parsing produce; `127.1` is a host name here.
  if (!ipaddr.IPv4.isValidFourPartDecimal(text) && !(text.includes(':') && ipaddr.IPv6.isValid(text)))
    return null;
  const parsed = ipaddr.parse(text);
  if (METADATA.has(parsed.toNormalizedString()) || METADATA.has(parsed.toString())) return 'cloud metadata';
  if (parsed.kind() === 'ipv4') return classOf((parsed as ipaddr.IPv4).range());
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  const embedded = embeddedV4(v6, range);
  if (embedded) return internalAddressClass(embedded.toString());
  if (range === 'rfc6052') return 'NAT64 local-use';
  return classOf(range);
}

/** The refusal reason for an address of a class, e.g. `blocked: 127.0.0.1 is a loopback address`. */
export function blockedReason(address: string, addressClass: string): string {
  const article = /^[aeiou]/i.test(addressClass) ? 'an' : 'a';
  return `blocked: ${address} is ${article} ${addressClass} address`;
}

/**
 * The class of a URL's host when it is literally internal: an IP literal in a refused range (in
 * any spelling URL parsing accepts, such as 0x7f000001) or `localhost` / `*.localhost`.
 * Null when the host is a public address, an ordinary name, or the URL does not parse.
 */
export function literalInternalHost(url: string): { host: string; addressClass: string } | null {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return null;
  }
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost'))
    return { host: hostname, addressClass: 'loopback' };
  const addressClass = internalAddressClass(hostname);
  return addressClass === null ? null : { host: hostname, addressClass };
}

function classOf(range: string): string | null {
  if (range === 'unicast') return null;
  return CLASS_NAMES[range] ?? 'reserved';
}

function embeddedV4(address: ipaddr.IPv6, range: string): ipaddr.IPv4 | null {
  const parts = address.parts;
  const last32 = () => new ipaddr.IPv4([parts[6]! >> 8, parts[6]! & 0xff, parts[7]! >> 8, parts[7]! & 0xff]);
  if (EMBEDS_V4_AT_END.has(range)) return last32();
  if (range === 'rfc6052' && address.match(NAT64_WELL_KNOWN)) return last32();
  if (range === '6to4')
    return new ipaddr.IPv4([parts[1]! >> 8, parts[1]! & 0xff, parts[2]! >> 8, parts[2]! & 0xff]);
  return null;
}
