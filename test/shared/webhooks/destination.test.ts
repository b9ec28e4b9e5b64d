import { expect } from 'chai';
import {
  checkWebhookDestination,
  parseWebhookUrl,
  resolveDestination,
  WEBHOOK_URL_MAX_LENGTH,
  type DestinationCheck,
  type LookupAll,
} from '../../../shared/webhooks/destination';

/** A resolver that answers from a table and counts its calls. */
function fakeDns(table: Record<string, string[]>): LookupAll & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (hostname: string) => {
    calls.push(hostname);
    const answers = table[hostname];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
}

const strict = { allowPrivate: false };
const reason = (check: DestinationCheck) => (check.ok ? 'accepted' : `${check.refusal}: ${check.reason}`);

describe('shared/webhooks/destination', () => {
  describe('parseWebhookUrl', () => {
    it('accepts http and https URLs and returns them normalised', () => {
      for (const [input, href] of [
        ['https://hooks.example.com/rootly?x=1', 'https://hooks.example.com/rootly?x=1'],
        ['http://HA.example.org:8123/api/webhook/abc', 'http://ha.example.org:8123/api/webhook/abc'],
        ['  https://example.com/a b  ', 'https://example.com/a%20b'],
      ] as const) {
        const check = parseWebhookUrl(input);
        expect(check.ok && check.url.href, input).to.equal(href);
      }
    });

    it('refuses other schemes, malformed URLs, credentials and overlong URLs, saying why', () => {
      const cases: Array<[string, RegExp]> = [
        ['ftp://example.com/x', /only http and https URLs are allowed, not ftp:/],
        ['file:///etc/passwd', /not file:/],
        ['javascript:alert(1)', /not javascript:/],
        ['gopher://127.0.0.1:6379/_FLUSHALL', /not gopher:/],
        ['not a url', /not a valid absolute URL/],
        ['/relative/path', /not a valid absolute URL/],
        ['http://', /not a valid absolute URL/],
        ['https://user@example.com/', /user name or password/],
        ['https://user:secret@example.com/', /user name or password/],
        ['https://:secret@example.com/', /user name or password/],
        [`https://example.com/${'a'.repeat(WEBHOOK_URL_MAX_LENGTH)}`, /longer than 2048 characters/],
        [`https://example.com/${' '.repeat(WEBHOOK_URL_MAX_LENGTH - 30)}x`, /longer than 2048 characters once normalised/],
      ];
      for (const [input, why] of cases) {
        const check = parseWebhookUrl(input);
        expect(check.ok, input).to.equal(false);
        if (!check.ok) {
          expect(check.refusal, input).to.equal('invalid');
          expect(check.reason, input).to.match(why);
        }
      }
    });

    it(`accepts a URL of exactly ${WEBHOOK_URL_MAX_LENGTH} characters`, () => {
      const base = 'https://example.com/';
      const input = base + 'a'.repeat(WEBHOOK_URL_MAX_LENGTH - base.length);
      expect(input).to.have.length(WEBHOOK_URL_MAX_LENGTH);
      expect(parseWebhookUrl(input).ok).to.equal(true);
    });
  });

  describe('resolveDestination', () => {
    it('returns every address a public host resolves to, in DNS order, from one lookup', async () => {
      const dns = fakeDns({ 'hooks.example.com': ['2606:4700::6810:84e5', '104.16.132.229'] });
      const check = await resolveDestination(new URL('https://hooks.example.com/x'), { ...strict, lookup: dns });
      expect(check).to.deep.include({ ok: true, hostname: 'hooks.example.com' });
      expect(check.ok && check.addresses).to.deep.equal([
        { address: '2606:4700::6810:84e5', family: 6 },
        { address: '104.16.132.229', family: 4 },
      ]);
      expect(dns.calls).to.deep.equal(['hooks.example.com']);
    });

    it('refuses a host when ANY of its addresses is refused, naming that address', async () => {
      const dns = fakeDns({
        'mixed.example.com': ['93.184.215.14', '127.0.0.1'],
        'meta.example.com': ['169.254.169.254'],
        'v6.example.com': ['::ffff:7f00:1'],
      });
      const lookup = { ...strict, lookup: dns };
      expect(reason(await resolveDestination(new URL('http://mixed.example.com/'), lookup))).to.equal(
        'refused: mixed.example.com resolves to 127.0.0.1, a loopback address',
      );
      expect(reason(await resolveDestination(new URL('http://meta.example.com/'), lookup))).to.equal(
        'refused: meta.example.com resolves to 169.254.169.254, a cloud metadata address',
      );
      expect(reason(await resolveDestination(new URL('http://v6.example.com/'), lookup))).to.equal(
        'refused: v6.example.com resolves to ::ffff:7f00:1, an address that embeds 127.0.0.1, a loopback address',
      );
    });

    it('checks IP-literal hosts without DNS, in every spelling a URL normalises', async () => {
      const dns = fakeDns({});
      const cases: Array<[string, string]> = [
        ['http://127.0.0.1:8080/', 'refused: 127.0.0.1 is a loopback address'],
        ['http://2130706433/', 'refused: 127.0.0.1 is a loopback address'],
        ['http://0x7f.1/', 'refused: 127.0.0.1 is a loopback address'],
        ['http://[::1]/', 'refused: ::1 is a loopback address'],
        ['http://[::ffff:127.0.0.1]/', 'refused: ::ffff:7f00:1 is an address that embeds 127.0.0.1, a loopback address'],
        ['http://0/', 'refused: 0.0.0.0 is an unspecified address'],
        ['http://169.254.169.254/latest/meta-data/', 'refused: 169.254.169.254 is a cloud metadata address'],
        ['http://[fd00:ec2::254]/', 'refused: fd00:ec2::254 is a cloud metadata address'],
        ['http://10.0.0.8/', 'refused: 10.0.0.8 is a private address'],
        ['http://100.64.1.1/', 'refused: 100.64.1.1 is a carrier-grade NAT address'],
        ['http://255.255.255.255/', 'refused: 255.255.255.255 is the broadcast address'],
        ['http://224.0.0.251/', 'refused: 224.0.0.251 is a multicast address'],
        ['http://8.8.8.8/', 'accepted'],
      ];
      for (const [url, expected] of cases) expect(reason(await resolveDestination(new URL(url), { ...strict, lookup: dns })), url).to.equal(expected);
      expect(dns.calls).to.deep.equal([]);
    });

    it('lifts loopback, private and CGNAT with allowPrivate, never link-local, metadata, unspecified or multicast', async () => {
      const dns = fakeDns({ 'ha.lan': ['192.168.1.20'], 'tailnet.example': ['100.101.102.103'], 'meta.example': ['169.254.169.254'] });
      const lax = { allowPrivate: true, lookup: dns };
      expect(reason(await resolveDestination(new URL('http://ha.lan:8123/api/webhook/x'), lax))).to.equal('accepted');
      expect(reason(await resolveDestination(new URL('http://tailnet.example/'), lax))).to.equal('accepted');
      expect(reason(await resolveDestination(new URL('http://127.0.0.1:3000/'), lax))).to.equal('accepted');
      expect(reason(await resolveDestination(new URL('http://meta.example/'), lax))).to.match(/^refused: .*cloud metadata/);
      expect(reason(await resolveDestination(new URL('http://169.254.10.10/'), lax))).to.match(/^refused: .*link-local/);
      expect(reason(await resolveDestination(new URL('http://0.0.0.0/'), lax))).to.match(/^refused: .*unspecified/);
      expect(reason(await resolveDestination(new URL('http://[ff02::1]/'), lax))).to.match(/^refused: .*multicast/);
    });

    it('says when a host does not resolve, apart from a refusal', async () => {
      const dns = fakeDns({ 'empty.example': [] });
      expect(reason(await resolveDestination(new URL('http://nowhere.example/'), { ...strict, lookup: dns }))).to.equal(
        'unresolved: nowhere.example does not resolve (ENOTFOUND)',
      );
      expect(reason(await resolveDestination(new URL('http://empty.example/'), { ...strict, lookup: dns }))).to.equal(
        'unresolved: empty.example has no addresses',
      );
    });

    it('refuses localhost through the system resolver, and allows it with allowPrivate', async () => {
      expect(reason(await resolveDestination(new URL('http://localhost:9/'), strict))).to.match(
        /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/,
      );
      const lax = await resolveDestination(new URL('http://localhost:9/'), { allowPrivate: true });
      expect(lax.ok && lax.addresses.map((a) => a.address)).to.satisfy((a: string[]) => a.length > 0 && a.every((x) => x === '127.0.0.1' || x === '::1'));
    });
  });

  describe('checkWebhookDestination', () => {
    it('parses, then resolves: an invalid URL never reaches DNS', async () => {
      const dns = fakeDns({ 'hooks.example.com': ['93.184.215.14'] });
      expect(reason(await checkWebhookDestination('ftp://hooks.example.com/', { ...strict, lookup: dns }))).to.match(/^invalid: only http and https/);
      expect(dns.calls).to.deep.equal([]);
      expect(reason(await checkWebhookDestination('https://hooks.example.com/in', { ...strict, lookup: dns }))).to.equal('accepted');
      expect(reason(await checkWebhookDestination('http://169.254.169.254/', strict))).to.equal('refused: 169.254.169.254 is a cloud metadata address');
    });
  });
});
