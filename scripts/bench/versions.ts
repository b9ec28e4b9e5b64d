import fs from 'node:fs/promises';
import type { Knex } from 'knex';
import { Redis } from 'ioredis';

/** "postgresql 15.x, redis 7.x": the servers the figures were measured against. */
export async function serverVersions(knex: Knex, redisUrl: string): Promise<string> {
  const { rows } = await knex.raw<{ rows: Array<{ server_version: string }> }>('SHOW server_version');
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {}); // a failed command says what went wrong; no stray 'Unhandled error' lines
  try {
    const info = await redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    return `postgresql ${rows[0]?.server_version ?? 'unknown'}, redis ${version}`;
  } finally {
    redis.disconnect();
  }
}

/**
 * The pid of the local redis-server, so the CPU summaries can show its share;
 * undefined when its pid is not ours to see (e.g. Redis in a container).
 */
export async function redisServerPid(redisUrl: string): Promise<number | undefined> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {}); // a failed command says what went wrong; no stray 'Unhandled error' lines
  try {
    const pid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
    const comm = await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    return comm.startsWith('redis') ? pid : undefined;
  } finally {
    redis.disconnect();
  }
}
