import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { classifyAddress, type AddressRange, type AddressVerdict } from './addressRange';

/** The longest webhook URL accepted, in characters (as given and once normalised). */
export const WEBHOOK_URL_MAX_LENGTH = 2_048;

/** An address the guard checked and allowed: the only place a delivery may connect to. */
export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a hostname resolves to, as `dns.promises.lookup(host, {all: true})` answers. */
export type LookupAll = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

export interface DestinationOptions {
  /** WEBHOOK_ALLOW_PRIVATE: also allow loopback, private and CGNAT addresses (see PRIVATE_RANGES). */
  allowPrivate: boolean;
  /** How hostnames are resolved; the system resolver (getaddrinfo, /etc/hosts included) by default. */
  lookup?: LookupAll;
}

/** Why a destination was not accepted: an `invalid` URL, a `refused` address, or a host that is `unresolved` (perhaps for now). */
export type Refusal = { ok: false; refusal: 'invalid' | 'refused' | 'unresolved'; reason: string };

/** A URL that passed the syntax checks; store `url.href`, the normalised form. */
export type UrlCheck = { ok: true; url: URL } | Refusal;

/** A destination that may be delivered to, with the addresses to connect to (DNS order). */
export type DestinationCheck = { ok: true; url: URL; hostname: string; addresses: CheckedAddress[] } | Refusal;

const systemLookup: LookupAll = (hostname) => dns.lookup(hostname, { all: true });

/**
 * Checks a webhook URL's shape: at most WEBHOOK_URL_MAX_LENGTH characters,
 * parseable, `http:` or `https:`, no user name or password, a host. Each
 * refusal's reason is fit for a 400 problem naming the field `url`.
 */
export function parseWebhookUrl(input: string): UrlCheck {
  const invalid = (reason: string): Refusal => ({ ok: false, refusal: 'invalid', reason });
  if (input.length > WEBHOOK_URL_MAX_LENGTH) return invalid(`the URL is longer than ${WEBHOOK_URL_MAX_LENGTH} characters`);
  if (!URL.canParse(input)) return invalid('not a valid absolute URL');
  const url = new URL(input);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return invalid(`only http and https URLs are allowed, not ${url.protocol}`);
  if (url.username !== '' || url.password !== '') return invalid('the URL must not contain a user name or password');
  if (url.hostname === '') return invalid('the URL has no host');
  if (url.href.length > WEBHOOK_URL_MAX_LENGTH) return invalid(`the URL is longer than ${WEBHOOK_URL_MAX_LENGTH} characters once normalised`);
  return { ok: true, url };
}

/**
 * Resolves a parsed URL's host (all of its addresses) and checks every one
 * with classifyAddress: the destination is refused if ANY address is, since
 * a connection may go to any of them. An IP-literal host is checked without
 * DNS. Deliveries connect only to the returned `addresses`, never resolving
 * again, so DNS cannot answer differently between the check and the connect.
 */
export async function resolveDestination(url: URL, options: DestinationOptions): Promise<DestinationCheck> {
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(hostname) !== 0) {
    const verdict = classifyAddress(hostname, options);
    return verdict.allowed ? accepted(url, hostname, [verdict]) : refused(`${hostname} is ${phrase(verdict)}`);
  }
  let answers: ReadonlyArray<{ address: string; family: number }>;
  try {
    answers = await (options.lookup ?? systemLookup)(hostname);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, refusal: 'unresolved', reason: `${hostname} does not resolve${code ? ` (${code})` : ''}` };
  }
  if (answers.length === 0) return { ok: false, refusal: 'unresolved', reason: `${hostname} has no addresses` };
  const verdicts = answers.map((a) => classifyAddress(a.address, options));
  const bad = verdicts.find((v) => !v.allowed);
  return bad ? refused(`${hostname} resolves to ${bad.address}, ${phrase(bad)}`) : accepted(url, hostname, verdicts);
}

/** parseWebhookUrl then resolveDestination: what the API runs when a webhook is created. */
export async function checkWebhookDestination(input: string, options: DestinationOptions): Promise<DestinationCheck> {
  const parsed = parseWebhookUrl(input);
  return parsed.ok ? resolveDestination(parsed.url, options) : parsed;
}

function accepted(url: URL, hostname: string, verdicts: AddressVerdict[]): DestinationCheck {
  return { ok: true, url, hostname, addresses: verdicts.map(({ address, family }) => ({ address, family })) };
}

function refused(reason: string): Refusal {
  return { ok: false, refusal: 'refused', reason };
}

const ARTICLE: Partial<Record<AddressRange, string>> = { unspecified: 'an', broadcast: 'the' };

/** "a loopback address", or "::ffff:7f00:1 embeds 127.0.0.1, a loopback address". */
function phrase(v: AddressVerdict): string {
  const what = `${ARTICLE[v.range] ?? 'a'} ${v.range} address`;
  return v.embeds ? `an address that embeds ${v.embeds}, ${what}` : what;
}
