/** The fixed phrase shown to a webhook's owner for each network error code. */
const PHRASES: Record<string, string> = {
  ECONNRESET: 'connection reset',
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'no address to connect to',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS: the certificate does not match the host name',
  CERT_HAS_EXPIRED: 'TLS: the certificate has expired',
  CERT_NOT_YET_VALID: 'TLS: the certificate is not yet valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS: self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS: self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS: the certificate cannot be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS: the certificate issuer is unknown',
  EPROTO: 'TLS: handshake failed',
};

/**
 * Text for a delivery's network error that is safe to show the webhook's
 * owner: a fixed phrase per error code, never a message or stack from inside
 * the server. Unknown codes show as `delivery failed (CODE)`.
 */
export function describeNetworkError(err: unknown): string {
  const { code, message } = (err ?? {}) as NodeJS.ErrnoException;
  // Node reports a peer that closed before answering as ECONNRESET "socket hang up".
  if (code === 'ECONNRESET' && message === 'socket hang up') return 'connection closed before a response';
  if (typeof code !== 'string') return 'delivery failed';
  if (code.startsWith('HPE_')) return 'invalid HTTP response';
  if (code.startsWith('ERR_SSL_')) return PHRASES.EPROTO!;
  return PHRASES[code] ?? (/^[A-Z0-9_]{1,40}$/.test(code) ? `delivery failed (${code})` : 'delivery failed');
}

/** Text for a response that is not a success: redirects are named, since they are never followed. */
export function describeStatus(status: number): string {
  return status >= 300 && status < 400 ? `redirect ${status} not followed` : `HTTP ${status}`;
}
