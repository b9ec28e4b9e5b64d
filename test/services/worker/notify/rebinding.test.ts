import dc from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { expect } from 'chai';
import { deliverWebhook } from '../../../../services/worker/notify/deliver';
import { pinnedLookup } from '../../../../services/worker/notify/pinnedLookup';
import type { LookupAll } from '../../../../shared/webhooks/destination';
import { generateWebhookSecret } from '../../../../shared/webhooks/signature';
import { startReceiver, type Receiver } from '../../../support/webhookReceiver';

/** A rebinding resolver: the first answer is `first`, every later one `then`. */
function rebindingDns(first: string, then: string): { lookup: LookupAll; calls: number } {
  const dns = {
    calls: 0,
    lookup: async () => [{ address: dns.calls++ === 0 ? first : then, family: 4 }],
  };
  return dns;
}

/**
 * Records the address every client socket resolves its host to, just before
 * it connects, and stops any socket bound elsewhere than loopback right
 * there, so no packet leaves this machine.
 */
function watchSockets(): { resolved: string[]; stop(): void } {
  const resolved: string[] = [];
  const onSocket = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    socket.on('lookup', (err: Error | null, address: string) => {
      if (err) return;
      resolved.push(address);
      if (!address.startsWith('127.')) socket.destroy();
    });
  };
  dc.subscribe('net.client.socket', onSocket);
  return { resolved, stop: () => dc.unsubscribe('net.client.socket', onSocket) };
}

const message = (url: string) => ({ url, secret: generateWebhookSecret(), messageId: 'evt_7', body: '{"id":"evt_7"}' });

describe('services/worker/notify: no DNS-rebinding window', () => {
  const receivers: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  it('connects to the address that was checked, however DNS answers afterwards', async () => {
    // Two loopback receivers on one port: 127.0.0.1 is what the check saw, 127.0.0.2 what DNS says next.
    const checked = await startReceiver((_req, res) => res.writeHead(204).end());
    receivers.push(checked);
    const rebound = await startReceiver((_req, res) => res.writeHead(204).end(), { host: '127.0.0.2', port: checked.port });
    receivers.push(rebound);
    const dns = rebindingDns('127.0.0.1', '127.0.0.2');

    const result = await deliverWebhook(message(`http://rebind.test:${checked.port}/hook`), { allowPrivate: true, lookup: dns.lookup });
    expect(result).to.deep.include({ ok: true, status: 204 });
    expect(dns.calls).to.equal(1);
    expect(checked.requests).to.have.length(1);
    expect(checked.requests[0]!.headers.host).to.equal(`rebind.test:${checked.port}`);
    expect(rebound.connections).to.equal(0);
  });

  it('never reaches loopback when DNS answers a public address for the check and loopback afterwards', async () => {
    const victim = await startReceiver((_req, res) => res.writeHead(204).end());
    receivers.push(victim);
    const dns = rebindingDns('93.184.215.14', '127.0.0.1');
    const sockets = watchSockets();
    try {
      const result = await deliverWebhook(message(`http://rebind.test:${victim.port}/`), { allowPrivate: false, lookup: dns.lookup, timeoutMs: 1000 });
      expect(result.ok).to.equal(false);
    } finally {
      sockets.stop();
    }
    expect(dns.calls).to.equal(1);
    expect(sockets.resolved).to.deep.equal(['93.184.215.14']);
    expect(victim.connections).to.equal(0);
  });

  describe('pinnedLookup', () => {
    const addresses = [
      { address: '2606:4700::1', family: 6 as const },
      { address: '104.16.0.1', family: 4 as const },
    ];
    const ask = (hostname: string, options: { all?: boolean; family?: number }) =>
      new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
        pinnedLookup('hooks.example.com', addresses)(hostname, options, (err, address, family) => resolve({ err, address, family })),
      );

    it('answers the checked addresses only, all of them or the first of a family', async () => {
      expect((await ask('hooks.example.com', { all: true })).address).to.deep.equal(addresses);
      expect(await ask('hooks.example.com', {})).to.deep.include({ err: null, address: '2606:4700::1', family: 6 });
      expect(await ask('hooks.example.com', { family: 4 })).to.deep.include({ err: null, address: '104.16.0.1', family: 4 });
    });

    it('answers no other hostname', async () => {
      expect((await ask('evil.example.com', { all: true })).err?.code).to.equal('ENOTFOUND');
    });
  });
});
