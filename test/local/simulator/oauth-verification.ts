import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The simulator's own RFC 5849 signature code, written independently of the product's signer (which uses
 * oauth-1.0a), so that a bug in one cannot hide in the other.
 */

/** RFC 5849 §3.6: unreserved characters stay, everything else is UTF-8 %XX with uppercase hex. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** application/x-www-form-urlencoded decoding, as §3.4.1.3.1 prescribes for query and body. */
function decodeForm(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

function parseForm(text: string): Array<[string, string]> {
  return text
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      return at < 0
        ? [decodeForm(pair), '']
        : [decodeForm(pair.slice(0, at)), decodeForm(pair.slice(at + 1))];
    });
}

/** `OAuth realm="…", oauth_x="…"` → decoded name/value pairs; undefined when it is not an OAuth header. */
export function parseAuthorizationHeader(header: string | undefined): Map<string, string> | undefined {
  if (header === undefined || !/^OAuth\s/i.test(header)) return undefined;
  const params = new Map<string, string>();
  for (const match of header.slice(6).matchAll(/([A-Za-z0-9_.~%-]+)\s*=\s*"([^"]*)"/g)) {
    const [, name, value] = match;
    if (name === undefined || value === undefined) continue;
    params.set(decodeURIComponent(name), decodeURIComponent(value));
  }
  return params;
}

/** RFC 5849 §3.4.1: method, base string URI, and the normalised parameters (never `realm` or the signature). */
export function signatureBaseString(input: {
  method: string;
  url: URL;
  oauthParams: ReadonlyMap<string, string>;
  formBody?: string;
}): string {
  const params: Array<[string, string]> = [
    ...[...input.oauthParams].filter(([name]) => name !== 'realm' && name !== 'oauth_signature'),
    ...parseForm(input.url.search.slice(1)),
    ...(input.formBody === undefined ? [] : parseForm(input.formBody)),
  ];
  const normalized = params
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([an, av], [bn, bv]) => (an === bn ? compare(av, bv) : compare(an, bn)))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  // WHATWG URL already lowercases scheme and host and drops default ports.
  const baseUri = `${input.url.protocol}//${input.url.host}${input.url.pathname}`;
  return `${input.method.toUpperCase()}&${percentEncode(baseUri)}&${percentEncode(normalized)}`;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function hmacSha256Signature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac('sha256', key).update(baseString).digest('base64');
}

export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
