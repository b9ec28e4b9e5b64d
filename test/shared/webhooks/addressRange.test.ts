import { expect } from 'chai';
import { classifyAddress, PRIVATE_RANGES, type AddressRange } from '../../../shared/webhooks/addressRange';

/** [address, range, the IPv4 address it embeds (when that decided), allowed with allowPrivate]. */
type Row = [string, AddressRange, string | undefined, boolean];

const TABLE: Row[] = [
  // Public: delivered to with or without allowPrivate.
  ['8.8.8.8', 'public', undefined, true],
  ['1.1.1.1', 'public', undefined, true],
  ['172.32.0.1', 'public', undefined, true], // just past 172.16/12
  ['100.128.0.1', 'public', undefined, true], // just past 100.64/10
  ['169.255.0.1', 'public', undefined, true], // just past 169.254/16
  ['223.255.255.255', 'public', undefined, true], // just below multicast
  ['2606:4700:4700::1111', 'public', undefined, true],
  ['2a00:1450:4001:81c::200e', 'public', undefined, true],
  ['::ffff:8.8.8.8', 'public', undefined, true],
  ['64:ff9b::808:808', 'public', undefined, true], // NAT64 of 8.8.8.8
  ['2002:808:808::1', 'public', undefined, true], // 6to4 of 8.8.8.8
  // Loopback.
  ['127.0.0.1', 'loopback', undefined, true],
  ['127.255.255.254', 'loopback', undefined, true],
  ['::1', 'loopback', undefined, true],
  // Private: RFC 1918, unique-local, site-local, local-use NAT64.
  ['10.0.0.1', 'private', undefined, true],
  ['10.255.255.255', 'private', undefined, true],
  ['172.16.0.1', 'private', undefined, true],
  ['172.31.255.254', 'private', undefined, true],
  ['192.168.1.20', 'private', undefined, true],
  ['fc00::1', 'private', undefined, true],
  ['fd12:3456:789a::1', 'private', undefined, true],
  ['fec0::1', 'private', undefined, true],
  ['64:ff9b:1::a00:1', 'private', undefined, true],
  // Carrier-grade NAT.
  ['100.64.0.1', 'carrier-grade NAT', undefined, true],
  ['100.127.255.254', 'carrier-grade NAT', undefined, true],
  // Link-local and cloud metadata: never, whatever the setting.
  ['169.254.0.1', 'link-local', undefined, false],
  ['169.254.170.2', 'link-local', undefined, false], // ECS task metadata
  ['fe80::1', 'link-local', undefined, false],
  ['fe80::1%eth0', 'link-local', undefined, false],
  ['febf:ffff::1', 'link-local', undefined, false],
  ['169.254.169.254', 'cloud metadata', undefined, false],
  ['fd00:ec2::254', 'cloud metadata', undefined, false],
  ['fd00:0ec2:0000::0254', 'cloud metadata', undefined, false],
  ['100.100.100.200', 'cloud metadata', undefined, false],
  // Multicast, unspecified, broadcast, reserved: never.
  ['224.0.0.1', 'multicast', undefined, false],
  ['239.255.255.250', 'multicast', undefined, false],
  ['ff02::1', 'multicast', undefined, false],
  ['ff05::1:3', 'multicast', undefined, false],
  ['0.0.0.0', 'unspecified', undefined, false],
  ['0.1.2.3', 'unspecified', undefined, false],
  ['::', 'unspecified', undefined, false],
  ['255.255.255.255', 'broadcast', undefined, false],
  ['240.0.0.1', 'reserved', undefined, false],
  ['192.0.2.1', 'reserved', undefined, false],
  ['198.18.0.1', 'reserved', undefined, false],
  ['198.51.100.7', 'reserved', undefined, false],
  ['203.0.113.9', 'reserved', undefined, false],
  ['2001:db8::1', 'reserved', undefined, false],
  ['3fff::1', 'reserved', undefined, false],
  ['100::1', 'reserved', undefined, false], // discard-only
  ['2001:2::1', 'reserved', undefined, false], // benchmarking
  ['4000::1', 'reserved', undefined, false], // outside global unicast 2000::/3
  ['::8.8.8.8', 'reserved', undefined, false], // deprecated IPv4-compatible form
  ['::808:808', 'reserved', undefined, false], // the same, in hex
  ['::127.0.0.1', 'loopback', '127.0.0.1', true], // IPv4-compatible, dotted
  // IPv6 forms of refused IPv4 addresses are refused as what they embed.
  ['::ffff:127.0.0.1', 'loopback', '127.0.0.1', true],
  ['::ffff:7f00:1', 'loopback', '127.0.0.1', true],
  ['::7f00:1', 'loopback', '127.0.0.1', true], // IPv4-compatible
  ['::ffff:0:7f00:1', 'loopback', '127.0.0.1', true], // IPv4-translated
  ['::ffff:10.0.0.1', 'private', '10.0.0.1', true],
  ['::ffff:100.64.0.1', 'carrier-grade NAT', '100.64.0.1', true],
  ['::ffff:169.254.169.254', 'cloud metadata', '169.254.169.254', false],
  ['::ffff:a9fe:a9fe', 'cloud metadata', '169.254.169.254', false],
  ['::ffff:169.254.1.1', 'link-local', '169.254.1.1', false],
  ['::ffff:0.0.0.0', 'unspecified', '0.0.0.0', false],
  ['::ffff:224.0.0.1', 'multicast', '224.0.0.1', false],
  ['64:ff9b::7f00:1', 'loopback', '127.0.0.1', true], // NAT64
  ['64:ff9b::a9fe:a9fe', 'cloud metadata', '169.254.169.254', false],
  ['2002:7f00:1::1', 'loopback', '127.0.0.1', true], // 6to4
  ['2002:c0a8:101::1', 'private', '192.168.1.1', true],
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback', '127.0.0.1', true], // Teredo client (inverted bits)
  ['2001:0:a9fe:a9fe::1', 'cloud metadata', '169.254.169.254', false], // Teredo server
];

describe('shared/webhooks/addressRange', () => {
  for (const [address, range, embeds, allowedWithPrivate] of TABLE) {
    it(`${address} is ${range}${embeds ? ` (embeds ${embeds})` : ''}: ${range === 'public' ? 'allowed' : 'refused'}, ${allowedWithPrivate ? 'allowed' : 'refused'} with allowPrivate`, () => {
      const strict = classifyAddress(address);
      expect(strict.range).to.equal(range);
      expect(strict.embeds).to.equal(embeds);
      expect(strict.allowed).to.equal(range === 'public');
      expect(strict.family).to.equal(address.includes(':') ? 6 : 4);
      expect(classifyAddress(address, { allowPrivate: true }).allowed).to.equal(allowedWithPrivate);
    });
  }

  it('lifts exactly loopback, private and carrier-grade NAT with allowPrivate', () => {
    expect([...PRIVATE_RANGES].sort()).to.deep.equal(['carrier-grade NAT', 'loopback', 'private']);
  });

  it('refuses to classify what is not an IP address', () => {
    for (const notIp of ['localhost', 'example.com', '127.1', '0x7f000001', '', '[::1]', '1.2.3.4.5']) {
      expect(() => classifyAddress(notIp), notIp).to.throw(TypeError, /not an IP address/);
    }
  });
});
