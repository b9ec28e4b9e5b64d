import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../scripts/dev/freePort';

/** One node of the cluster: its port and the redis-server running it. */
interface ClusterNode {
  port: number;
  child: ChildProcess;
}

/** A node's address as ioredis's Cluster and `REDIS_CLUSTER_NODES` take it. */
export interface NodeAddress {
  host: string;
  port: number;
}

/** What a test needs that this machine may lack, or undefined when a cluster can be started. */
export function clusterMissing(): string | undefined {
  for (const binary of ['redis-server', 'redis-cli']) {
    if (spawnSync(binary, ['--version'], { stdio: 'ignore' }).status !== 0) return `${binary} is not on the PATH`;
  }
  return undefined;
}

/** How long a silent master stays in charge before its replica takes over (cluster-node-timeout). */
const NODE_TIMEOUT_MS = 1_000;

/**
 * A real Redis Cluster of the test's own: `masters` masters, each with one
 * replica, from the `redis-server` binary on free loopback ports, joined by
 * `redis-cli --cluster create`. Nothing is kept on disk but each node's
 * cluster config, in a temporary folder removed by stop(). Nodes are stopped
 * by their own pids; the shared Redis is never touched.
 */
export class RedisCluster {
  private constructor(
    private readonly dir: string,
    private readonly nodes: ClusterNode[],
  ) {}

  /** Starts the nodes, creates the cluster and waits until every node says it is ok. */
  static async start(masters = 3): Promise<RedisCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootly-cluster-'));
    const nodes: ClusterNode[] = [];
    const cluster = new RedisCluster(dir, nodes);
    try {
      for (let i = 0; i < masters * 2; i++) {
        const port = await freePort();
        const child = spawn(
          'redis-server',
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            `nodes-${port}.conf`,
            '--cluster-node-timeout',
            String(NODE_TIMEOUT_MS),
            '--save',
            '',
            '--appendonly',
            'no',
            // A replica's first sync starts at once, not after Redis's default 5 s wait for more replicas.
            '--repl-diskless-sync-delay',
            '0',
            '--maxmemory-policy',
            'noeviction',
            '--dir',
            dir,
          ],
          { stdio: 'ignore' },
        );
        nodes.push({ port, child });
      }
      await Promise.all(nodes.map((n) => cluster.until(`node ${n.port} to answer`, async () => (await cluster.ask(n.port, 'PING')) === 'PONG')));
      const created = spawnSync('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes'], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
      await cluster.untilOk(nodes);
      // A replica that never synced counts its data as too old to take over: wait for every link.
      await Promise.all(
        nodes.map((n) =>
          cluster.until(`node ${n.port}'s replication link`, async () => {
            const info = String(await cluster.ask(n.port, 'INFO', 'replication'));
            return /role:master/.test(info) || /master_link_status:up/.test(info);
          }),
        ),
      );
      return cluster;
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  }

  /** Every node's address (masters and replicas): any of them lets a client discover the rest. */
  get addresses(): NodeAddress[] {
    return this.running().map((n) => ({ host: '127.0.0.1', port: n.port }));
  }

  /** `host:port,host:port,…`, as REDIS_CLUSTER_NODES takes it. */
  get nodeList(): string {
    return this.addresses.map((a) => `${a.host}:${a.port}`).join(',');
  }

  /**
   * Kills (SIGKILL, by pid) the master that serves the slot of `key` and waits
   * until its replica has taken over and every remaining node says the
   * cluster is ok. Answers the killed node's port.
   */
  async killMasterOf(key: string): Promise<number> {
    const killed = await this.killMaster(key);
    await killed.failover;
    return killed.port;
  }

  /**
   * Kills (SIGKILL, by pid) the master that serves the slot of `key`, and
   * answers at once with its port and `failover`: resolves once its replica
   * has taken over and every remaining node says the cluster is ok.
   */
  async killMaster(key: string): Promise<{ port: number; failover: Promise<void> }> {
    const any = this.running()[0]!;
    const slot = Number(await this.ask(any.port, 'CLUSTER', 'KEYSLOT', key));
    const port = await this.masterOfSlot(any.port, slot);
    const victim = this.nodes.find((n) => n.port === port)!;
    await new Promise<void>((resolve) => {
      victim.child.once('exit', () => resolve());
      process.kill(victim.child.pid!, 'SIGKILL');
    });
    const survivors = this.running();
    const failover = (async () => {
      await this.until(`a replica to take over slot ${slot}`, async () => {
        const master = await this.masterOfSlot(survivors[0]!.port, slot).catch(() => undefined);
        return master !== undefined && master !== port;
      });
      await this.untilOk(survivors);
    })();
    failover.catch(() => {}); // the caller awaits it; no unhandled rejection meanwhile
    return { port, failover };
  }

  /** Stops every node (SIGKILL by pid) and removes the folder. */
  async stop(): Promise<void> {
    await Promise.all(
      this.running().map(
        (n) =>
          new Promise<void>((resolve) => {
            n.child.once('exit', () => resolve());
            process.kill(n.child.pid!, 'SIGKILL');
          }),
      ),
    );
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private running(): ClusterNode[] {
    return this.nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
  }

  /** The port of the master serving `slot`, as node `port` sees it. */
  private async masterOfSlot(port: number, slot: number): Promise<number> {
    const slots = (await this.ask(port, 'CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, ...unknown[]], ...unknown[]]>;
    const range = slots.find(([from, to]) => slot >= from && slot <= to);
    if (!range) throw new Error(`no node serves slot ${slot}`);
    return range[2][1];
  }

  private async untilOk(nodes: ClusterNode[]): Promise<void> {
    await Promise.all(
      nodes.map((n) =>
        this.until(`node ${n.port} to report cluster_state:ok`, async () => /cluster_state:ok/.test(String(await this.ask(n.port, 'CLUSTER', 'INFO')))),
      ),
    );
  }

  /** One command to one node over a throwaway plain connection; undefined when it does not answer. */
  private async ask(port: number, ...command: [string, ...string[]]): Promise<unknown> {
    const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      return await client.call(...command);
    } catch {
      return undefined;
    } finally {
      client.disconnect();
    }
  }

  private async until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`redis cluster: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
