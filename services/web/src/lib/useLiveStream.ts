import { useEffect, useRef } from 'preact/hooks';
import type { PlantEvent, PlantEventType } from '../api/types';

const TYPES: PlantEventType[] = ['status_changed', 'watering_detected', 'watering_logged', 'sensor_stale', 'sensor_recovered'];

/**
 * SPEC §8's live stream: calls `onEvent` for each of the caller's events from
 * GET /api/v1/stream while `enabled` (the API serves the route). EventSource
 * reconnects by itself after an API restart and sends Last-Event-ID, so the
 * API replays what was missed. Wired and tested in the second pass.
 */
export function useLiveStream(enabled: boolean, onEvent: (event: PlantEvent) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource('/api/v1/stream', { withCredentials: true });
    const listen = (e: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(e.data) as PlantEvent);
      } catch {
        // a malformed event changes nothing on screen
      }
    };
    for (const type of TYPES) source.addEventListener(type, listen);
    return () => source.close();
  }, [enabled]);
}
