/**
 * Every key Rootly writes to Redis starts with one hash tag, `{<prefix>}`
 * (config QUEUE_PREFIX, `rootly` by default, so `{rootly}`): the queues'
 * keys, the sessions, each user's set of sessions, the login counters.
 * Redis Cluster places a key by the part between its first `{` and the next
 * `}`, so all of them share one slot, and what touches several keys at once
 * (BullMQ's Lua scripts, the sessions' MULTI and pipelines) runs on a cluster
 * as on one server. The price: one deployment's keys live on one master of
 * the cluster (and its replicas), which is what a failover protects.
 */

/** `{prefix}`: the hash tag every key of the deployment starts with. */
export function keyTag(prefix: string): string {
  return `{${prefix}}`;
}

/** `{prefix}:part:part…`: a key of the deployment. */
export function redisKey(prefix: string, ...parts: string[]): string {
  return [keyTag(prefix), ...parts].join(':');
}
