import type { RedisClient } from '../../../shared/redis';
import type { Logger } from '../../../shared/logger';
import { eventsChannel, parseEventMessage, type EventMessage } from '../../../shared/queue/eventChannel';
import { settlesWithin } from '../../../shared/timeout';

/** How long opening a stream waits for the subscription (Redis down: the stream opens anyway and replays later). */
const SUBSCRIBE_WAIT_MS = 2_000;

/** One open live stream: what the hub hands it and how it is ended. */
export interface StreamSink {
  send(event: EventMessage): void;
  /** Ends the response (the hub calls it when the server drains). */
  end(): void;
}

/**
 * The API process's end of the events channel (SPEC §8): one subscriber
 * connection, however many streams are open, and each message handed only
 * to the streams of the event's owner. ioredis subscribes again by itself
 * after a reconnect; what a stream missed meanwhile, it replays from
 * PostgreSQL when its client reconnects with Last-Event-ID.
 */
export class StreamHub {
  private readonly byUser = new Map<string, Set<StreamSink>>();
  private readonly subscribed: Promise<unknown>;

  constructor(
    private readonly subscriber: RedisClient,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    // Subscribed at once, and again by ioredis after every reconnect.
    this.subscribed = subscriber.subscribe(eventsChannel(prefix)).catch((err: Error) => {
      this.logger.warn({ err: err.message }, 'live stream: could not subscribe to events');
    });
    subscriber.on('message', (channel: string, text: string) => {
      if (channel !== eventsChannel(this.prefix)) return;
      const event = parseEventMessage(text);
      if (event) for (const sink of this.byUser.get(event.user_id) ?? []) sink.send(event);
    });
  }

  /** Streams open now. */
  get size(): number {
    let n = 0;
    for (const sinks of this.byUser.values()) n += sinks.size;
    return n;
  }

  /**
   * Adds `sink` for `userId`'s events and resolves once the channel is
   * subscribed (from then on nothing published is missed), or after
   * SUBSCRIBE_WAIT_MS with Redis away; the returned function removes it.
   */
  async add(userId: string, sink: StreamSink): Promise<() => void> {
    let sinks = this.byUser.get(userId);
    if (!sinks) this.byUser.set(userId, (sinks = new Set()));
    sinks.add(sink);
    const remove = () => {
      sinks.delete(sink);
      if (sinks.size === 0 && this.byUser.get(userId) === sinks) this.byUser.delete(userId);
    };
    await settlesWithin(this.subscribed, SUBSCRIBE_WAIT_MS);
    return remove;
  }

  /** Ends every stream (the server is draining: clients reconnect elsewhere with Last-Event-ID). */
  endAll(): void {
    for (const sinks of this.byUser.values()) for (const sink of [...sinks]) sink.end();
  }

  /** Ends every stream and closes the subscriber connection. */
  async close(): Promise<void> {
    this.endAll();
    if (this.subscriber.status === 'ready') await this.subscriber.quit().catch(() => this.subscriber.disconnect());
    else this.subscriber.disconnect();
  }
}
