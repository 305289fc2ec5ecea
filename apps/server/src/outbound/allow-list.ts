import { BlockList, isIP } from 'node:net';

/** Internal hosts and networks the operator lets outbound requests reach (`STAGECRAFT_OUTBOUND_ALLOW`). */
export interface AllowList {
  /** Host names allowed whatever they resolve to, lower case. */
  hosts: ReadonlySet<string>;
  /** Addresses and CIDR ranges allowed. */
  networks: BlockList;
  /** The entries as given, for logs. */
  entries: readonly string[];
}

/** Refuses every internal address: the default. */
export const EMPTY_ALLOW_LIST: AllowList = { hosts: new Set(), networks: new BlockList(), entries: [] };

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/**
 * Parses a comma-separated list of host names, IP addresses and CIDR ranges, e.g.
 * `sink.internal, 127.0.0.2, 10.0.0.0/8, fd00::/8`. Returns the list, or a problem per bad entry.
 */
export function parseAllowList(text: string): { list: AllowList } | { problems: string[] } {
  const hosts = new Set<string>();
  const networks = new BlockList();
  const entries: string[] = [];
  const problems: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    entries.push(entry);
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address.replace(/^\[|\]$/g, ''));
    if (family !== 0) {
      const ip = address.replace(/^\[|\]$/g, '');
      const type = family === 4 ? 'ipv4' : 'ipv6';
      const max = family === 4 ? 32 : 128;
      const bits = prefix === undefined ? max : Number(prefix);
      if (extra !== undefined || !/^\d{1,3}$/.test(prefix ?? String(max)) || bits > max) {
        problems.push(
          `"${entry}" has a bad prefix length; use 0 to ${max}, e.g. ${ip}/${family === 4 ? 24 : 64}`,
        );
        continue;
      }
      networks.addSubnet(ip, bits, type);
    } else if (prefix === undefined && HOST_NAME.test(entry)) {
      hosts.add(entry.toLowerCase().replace(/\.$/, ''));
    } else {
      problems.push(
        `"${entry}" is not a host name, IP address or CIDR range; write e.g. sink.internal, 127.0.0.1 or 10.0.0.0/8 (no scheme, port or path)`,
      );
    }
  }
  return problems.length > 0 ? { problems } : { list: { hosts, networks, entries } };
}

/** Whether the operator allowed this host name (as written in the URL) or this resolved address. */
export function allows(list: AllowList, hostname: string, address: string): boolean {
  if (list.entries.length === 0) return false;
  if (list.hosts.has(hostname.toLowerCase().replace(/\.$/, ''))) return true;
  const family = isIP(address);
  return family !== 0 && list.networks.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
