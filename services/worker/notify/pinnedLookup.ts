import type { LookupFunction } from 'node:net';
import type { CheckedAddress } from '../../../shared/webhooks/destination';

/**
 * A `lookup` for node:http/https/net that answers `hostname` with the
 * addresses the destination guard checked, and nothing else: the connection
 * can only go where the check looked, however DNS answers by then (no
 * rebinding window). Keeping the hostname as the request's host leaves the
 * Host header, TLS SNI and certificate check on the name. With
 * `{all: true}` (Node's happy eyeballs) it offers every checked address.
 */
export function pinnedLookup(hostname: string, addresses: readonly CheckedAddress[]): LookupFunction {
  return (asked, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const usable = asked === hostname ? addresses.filter((a) => !family || a.family === family) : [];
    if (usable.length === 0) {
      const err: NodeJS.ErrnoException = new Error(`no checked address for ${asked}`);
      err.code = 'ENOTFOUND';
      process.nextTick(callback, err, '', 0);
    } else if (options.all) {
      process.nextTick(
        callback,
        null,
        usable.map((a) => ({ address: a.address, family: a.family })),
      );
    } else {
      process.nextTick(callback, null, usable[0]!.address, usable[0]!.family);
    }
  };
}
