/**
 * Just enough of a browser for the flow: a cookie jar (Set-Cookie with Max-Age, Path ignored because every
 * cookie of the flow is under /connect) and manual redirects, so each hop can be inspected.
 */
export interface Hop {
  readonly url: string;
  readonly status: number;
  readonly location: string | undefined;
  readonly headers: Headers;
  readonly body: string;
}

/** Every hop any TestBrowser of this test file made, for the secret-hygiene scan when its stack stops. */
export const recordedHops: Hop[] = [];

export class TestBrowser {
  readonly cookies = new Map<string, string>();

  async get(url: string): Promise<Hop> {
    return this.request(url, { method: 'GET' });
  }

  async postForm(url: string, form: Record<string, string>): Promise<Hop> {
    return this.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** Follows redirects until one leaves for `stopAt` (the SaaS's return URL) or a page is served. */
  async follow(url: string, stopAt: string): Promise<{ hops: Hop[]; final: Hop }> {
    const hops: Hop[] = [];
    let next: string | undefined = url;
    while (next !== undefined && hops.length < 10) {
      const hop = await this.get(next);
      hops.push(hop);
      next = hop.location !== undefined && !hop.location.startsWith(stopAt) ? hop.location : undefined;
    }
    const final = hops.at(-1);
    if (final === undefined) throw new Error('no request made');
    return { hops, final };
  }

  private async request(url: string, init: RequestInit): Promise<Hop> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { Cookie: cookie } : {}) },
    });
    for (const line of response.headers.getSetCookie()) this.store(line);
    const location = response.headers.get('location') ?? undefined;
    const hop: Hop = {
      url,
      status: response.status,
      location: location === undefined ? undefined : new URL(location, url).href,
      headers: response.headers,
      body: await response.text(),
    };
    recordedHops.push(hop);
    return hop;
  }

  private store(line: string): void {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute));
    if (expired) this.cookies.delete(name);
    else this.cookies.set(name, pair.slice(at + 1));
  }
}
