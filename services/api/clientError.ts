import crypto from 'node:crypto';
import type { Duplex } from 'node:stream';

/** What Node's parser refused, as a problem: status, slug, title, detail. */
type Refusal = [number, string, string, string];

/** Node's own choices of status for its parser errors (lib/_http_server.js), with our words. */
function refusalFor(code: string | undefined): Refusal {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'request-header-fields-too-large', 'Request Header Fields Too Large', 'The request line and headers together exceed 16 KB.'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'payload-too-large', 'Payload Too Large', 'The chunk extensions exceed 16 KB.'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'request-timeout', 'Request Timeout', 'The request did not arrive in time.'];
    default:
      return [400, 'bad-request', 'Bad Request', 'The request is not well-formed HTTP.'];
  }
}

/**
 * The server's `clientError` handler. Node's HTTP parser refuses some
 * requests before any Express middleware sees them (headers or a URL over
 * 16 KB, a malformed request line, oversized chunk extensions, a request that
 * never completes) and by default answers with a bare status line. This
 * writes the same status as RFC 9457 problem+json with a request id, straight
 * on the socket, and closes the connection (the parser cannot go on after
 * such an error). A connection reset, or one already mid-response, is
 * simply dropped.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inProgress?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, slug, title, detail] = refusalFor(err.code);
  const body = JSON.stringify({ type: `/problems/${slug}`, title, status, detail });
  socket.end(
    [
      `HTTP/1.1 ${status} ${title}`,
      'Content-Type: application/problem+json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `X-Request-Id: ${crypto.randomUUID()}`,
      'X-Content-Type-Options: nosniff',
      'Cache-Control: no-store',
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
