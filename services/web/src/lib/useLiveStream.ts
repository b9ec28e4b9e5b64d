import { useEffect, useRef } from 'preact/hooks';
import type { PlantEvent, PlantEventType } from '../api/types';

const TYPES: PlantEventType[] = ['status_changed', 'watering_detected', 'watering_logged', 'sensor_stale', 'sensor_recovered'];

/** How long to wait before opening a new stream when the browser has given one up. */
export const REOPEN_MS = 3_000;

/**
 * SPEC §8's live stream: calls `onEvent` for each of the caller's events from
 * GET /api/v1/stream while `enabled` (the API serves the route). The stream is
 * never closed on an error: EventSource reconnects by itself when the API
 * restarts (the connection drops or is refused) and sends Last-Event-ID, so
 * the API replays what was missed. When the browser gives a stream up for
 * good (an answer that is not an event stream: a 502 from a proxy, a 401
 * after the session ended), a new one is opened after REOPEN_MS. Every time
 * a stream opens again after a loss, `onReconnect` runs so the page reloads
 * what it shows (a new stream cannot replay what the old one missed).
 */
export function useLiveStream(enabled: boolean, onEvent: (event: PlantEvent) => void, onReconnect?: () => void): void {
  const handlers = useRef({ onEvent, onReconnect });
  handlers.current = { onEvent, onReconnect };
  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lost = false;
    const listen = (e: MessageEvent<string>) => {
      try {
        handlers.current.onEvent(JSON.parse(e.data) as PlantEvent);
      } catch {
        // a malformed event changes nothing on screen
      }
    };
    const open = () => {
      const s = new EventSource('/api/v1/stream', { withCredentials: true });
      source = s;
      for (const type of TYPES) s.addEventListener(type, listen);
      s.addEventListener('open', () => {
        if (lost) handlers.current.onReconnect?.();
        lost = false;
      });
      s.addEventListener('error', () => {
        lost = true;
        // CONNECTING: the browser retries by itself. CLOSED: it gave up; start over.
        if (s.readyState === EventSource.CLOSED) timer = setTimeout(open, REOPEN_MS);
      });
    };
    open();
    return () => {
      clearTimeout(timer);
      source?.close();
    };
  }, [enabled]);
}
