import type { RedisClient } from '../redis';
import type { Logger } from '../logger';
import type { PlantEvent } from '../stores';
import { EVENTS_CHANNEL } from './names';

/** The deployment's events channel: `<prefix>:plant-events`. */
export function eventsChannel(prefix: string): string {
  return `${prefix}:${EVENTS_CHANNEL}`;
}

/** An event as it travels on the channel: the stored row, its time as ISO text. */
export type EventMessage = Omit<PlantEvent, 'at'> & { at: string };

/**
 * Publishes committed events to every API process's live streams, one
 * message each, in order. Best effort by design: a stream that misses one
 * (Redis down, an API restart) gets it again from PostgreSQL with
 * Last-Event-ID when it reconnects. Never throws; call it after the commit.
 */
export async function publishEvents(redis: RedisClient, prefix: string, events: readonly PlantEvent[], logger: Logger): Promise<void> {
  if (events.length === 0) return;
  const channel = eventsChannel(prefix);
  try {
    const pipeline = redis.pipeline();
    for (const event of events) pipeline.publish(channel, JSON.stringify(event));
    await pipeline.exec();
  } catch (err) {
    logger.warn({ err: (err as Error).message, events: events.length }, 'events not published (streams replay them on reconnect)');
  }
}

/** A channel message back as an event, or undefined for anything else. */
export function parseEventMessage(text: string): EventMessage | undefined {
  try {
    const m = JSON.parse(text) as Partial<EventMessage>;
    if (typeof m.id === 'string' && typeof m.user_id === 'string' && typeof m.type === 'string' && typeof m.at === 'string') return m as EventMessage;
  } catch {
    // not ours
  }
  return undefined;
}
