import http from 'node:http';

/** One Server-Sent Events message as a client sees it. */
export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/** An open event stream: its messages and comments so far, and how to wait for more. */
export interface SseStream {
  readonly status: number;
  readonly messages: SseMessage[];
  readonly comments: string[];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  /** Resolves once `ok` holds for what was received, or rejects after `timeoutMs`. */
  until(what: string, ok: (s: SseStream) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

/**
 * Opens `url` as an event stream (a real socket: supertest buffers whole
 * responses) and parses what arrives per the SSE format: blank-line
 * separated blocks of `id:`, `event:`, `data:` fields and `:` comments.
 */
export function openSse(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      const messages: SseMessage[] = [];
      const comments: string[] = [];
      const listeners = new Set<() => void>();
      let buffer = '';
      let endedResolve!: () => void;
      const ended = new Promise<void>((r) => (endedResolve = r));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const message: SseMessage = { data: '' };
          let isMessage = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) ((message.id = line.slice(4)), (isMessage = true));
            else if (line.startsWith('event: ')) ((message.event = line.slice(7)), (isMessage = true));
            else if (line.startsWith('data: ')) ((message.data = line.slice(6)), (isMessage = true));
          }
          if (isMessage) messages.push(message);
        }
        for (const l of listeners) l();
      });
      res.on('end', () => endedResolve());
      res.on('close', () => endedResolve());
      const stream: SseStream = {
        status: res.statusCode ?? 0,
        messages,
        comments,
        ended,
        until(what, ok, timeoutMs = 5_000) {
          return new Promise((done, fail) => {
            const check = () => {
              if (!ok(stream)) return;
              listeners.delete(check);
              clearTimeout(timer);
              done();
            };
            const timer = setTimeout(() => {
              listeners.delete(check);
              fail(new Error(`timed out waiting for ${what}; got ${JSON.stringify(messages)}`));
            }, timeoutMs);
            listeners.add(check);
            check();
          });
        },
        close: () => req.destroy(),
      };
      resolve(stream);
    });
    req.on('error', reject);
  });
}
