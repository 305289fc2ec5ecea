import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { blockedReason, internalAddressClass } from '@stagecraft/graph';
import { buildConnector } from 'undici';
import { type AllowList, allows } from './allow-list';

/** A connection refused because it would reach an internal address; never worth retrying. */
export class BlockedAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlockedAddressError';
  }
}

/** The refusal for connecting to `address` for `hostname`, or null when the connection may go ahead. */
export function refusal(list: AllowList, hostname: string, address: string): string | null {
  const addressClass = internalAddressClass(address);
  if (addressClass === null || allows(list, hostname, address)) return null;
  return blockedReason(address, addressClass);
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A connector that checks the address of every connection it opens: names are resolved here and
 * each answer checked before the socket connects (so DNS rebinding and redirects meet the same
 * check), and IP literals, which never reach a lookup, are checked directly.
 */
export function guardedConnector(
  list: AllowList,
  options: buildConnector.BuildOptions = {},
): buildConnector.connector {
  const lookup = (hostname: string, opts: object, callback: LookupCallback) => {
    dnsLookup(hostname, { ...opts, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const reason = refusal(list, hostname, address);
        if (reason) return callback(new BlockedAddressError(reason), []);
      }
      if ((opts as { all?: boolean }).all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), []);
      callback(null, first.address, first.family);
    });
  };
  const connect = buildConnector({ ...options, lookup } as buildConnector.BuildOptions);
  return (opts, callback) => {
    const host = opts.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0) {
      const reason = refusal(list, host, host);
      if (reason) {
        callback(new BlockedAddressError(reason), null);
        return;
      }
    }
    connect(opts, callback);
  };
}
