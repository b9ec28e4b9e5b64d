import type { Response } from 'express';
import { Router } from 'express';
import { ServiceUnavailableError } from '../../../shared/domain/errors';
import type { EventMessage } from '../../../shared/queue/eventChannel';
import type { EventStore, PlantEvent } from '../../../shared/stores';
import type { PlantEventResponse } from '../contract/events';
import { signedIn } from '../middleware/requireUser';
import { presentEvent, presentEventMessage } from '../presenters/event';
import type { StreamHub } from '../stream/streamHub';

export interface StreamDeps {
  hub: StreamHub;
  events: EventStore;
  /** Between heartbeat comments (15 s; tests shorter). */
  heartbeatMs: number;
  /** True once the server drains: no new stream opens. */
  draining?: () => boolean;
}

/** Events a replay reads per query. */
const REPLAY_PAGE = 500;
/** How long a client waits before reconnecting after the stream ends (SSE `retry:`). */
const RETRY_MS = 2_000;

function write(res: Response, e: PlantEventResponse): void {
  res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
}

/**
 * GET /stream (SPEC §8): the caller's own events as Server-Sent Events, each
 * `id: <event id>`, `event: <type>`, `data: <the event's JSON>`, and a
 * heartbeat comment every `heartbeatMs`. With `Last-Event-ID` the events
 * after that one are replayed from PostgreSQL first; live events that arrive
 * meanwhile wait and are sent after the replay, once each.
 */
export function streamRouter({ hub, events, heartbeatMs, draining }: StreamDeps): Router {
  const router = Router();
  router.get('/stream', ...signedIn, async (req, res) => {
    if (draining?.()) throw new ServiceUnavailableError('The server is shutting down; reconnect shortly.', 1);
    const userId = req.user!.id;
    res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    res.write(`retry: ${RETRY_MS}\n\n`);

    let held: EventMessage[] | null = []; // live events that arrive during the replay
    const replayed = new Set<string>();
    const remove = await hub.add(userId, {
      send: (e) => (held ? held.push(e) : write(res, presentEventMessage(e))),
      end: () => res.end(),
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    res.on('close', () => {
      clearInterval(heartbeat);
      remove();
    });

    try {
      let after = req.get('Last-Event-ID')?.trim();
      while (after && !res.writableEnded) {
        const page: PlantEvent[] = await events.after(userId, after, REPLAY_PAGE);
        for (const e of page) {
          replayed.add(e.id);
          write(res, presentEvent(e));
        }
        after = page.length === REPLAY_PAGE ? page[page.length - 1]!.id : undefined;
      }
    } catch (err) {
      // Headers are out: no problem+json now. The client reconnects with the same Last-Event-ID.
      req.log.warn({ err: (err as Error).message }, 'live stream replay failed');
      res.end();
      return;
    }
    for (const e of held) if (!replayed.has(e.id)) write(res, presentEventMessage(e));
    held = null;
  });
  return router;
}
