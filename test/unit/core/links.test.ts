import { describe, expect, it } from 'vitest';
import { FlowError } from '../../../functions/core/errors.js';
import { createLinkCodec, type LinkClaims } from '../../../functions/core/links.js';
import { createOnboardingLink } from '../../../functions/core/onboarding-links.js';
import { buildReturnUrl, isAllowedReturnUrl } from '../../../functions/core/return-urls.js';
import { fixedClock, sequenceRandom } from './fakes.js';

const key = { get: async () => 'k'.repeat(43) };
const claims: LinkClaims = {
  linkId: 'lnk_abcdefghijklmnopqrstuv',
  tenantId: 'acme',
  returnUrl: 'https://saas.example.com/return',
  accountId: '1234567_SB1',
  consumerKey: 'ck_1',
  expiresAt: 1_900_000_000,
};

async function reasonOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof FlowError ? error.reason : 'not a FlowError';
  }
  return undefined;
}

describe('createLinkCodec', () => {
  it('round-trips the claims', async () => {
    const codec = createLinkCodec(key);
    expect(await codec.verify(await codec.sign(claims))).toEqual(claims);
    const withoutAccount = { ...claims, accountId: undefined, consumerKey: undefined };
    expect(await codec.verify(await codec.sign(withoutAccount))).toEqual(withoutAccount);
  });

  it('rejects a link whose content was changed', async () => {
    const codec = createLinkCodec(key);
    const [, signature] = (await codec.sign(claims)).split('.');
    const forged = Buffer.from(
      JSON.stringify({ v: 1, id: claims.linkId, t: 'other', r: claims.returnUrl, e: claims.expiresAt }),
    ).toString('base64url');
    expect(await reasonOf(codec.verify(`${forged}.${signature}`))).toBe('link_invalid');
  });

  it('rejects a link signed with another key', async () => {
    const other = createLinkCodec({ get: async () => 'x'.repeat(43) });
    expect(await reasonOf(createLinkCodec(key).verify(await other.sign(claims)))).toBe('link_invalid');
  });

  it.each(['', 'abc', 'a.b.c', '.', `${'a'.repeat(5000)}.b`, 'e30.AAAA'])(
    'rejects malformed link %j',
    async (link) => {
      expect(await reasonOf(createLinkCodec(key).verify(link))).toBe('link_invalid');
    },
  );
});

describe('createOnboardingLink', () => {
  const deps = {
    clock: fixedClock(1_700_000_000_000),
    random: sequenceRandom(),
    links: createLinkCodec(key),
    credentials: {
      get: async (tenantId: string) => ({ key: `key-of-${tenantId}`, secret: 'never in a link' }),
    },
    settings: {
      startUrl: 'https://connect.example.com/connect/start',
      allowedReturnUrls: ['https://saas.example.com'],
    },
  };

  it('returns a start URL carrying a link that expires when asked', async () => {
    const link = await createOnboardingLink(deps, {
      tenantId: 'acme',
      returnUrl: 'https://saas.example.com/return',
      accountId: undefined,
      expiresInSeconds: 3600,
    });
    expect(link.expiresAt).toBe(new Date((1_700_000_000 + 3600) * 1000).toISOString());
    const url = new URL(link.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://connect.example.com/connect/start');
    const decoded = await deps.links.verify(url.searchParams.get('link') ?? '');
    expect(decoded).toMatchObject({ linkId: link.linkId, tenantId: 'acme', expiresAt: 1_700_003_600 });
    // The integration record is resolved when the link is made, so the start needs no lookup.
    expect(decoded.consumerKey).toBe('key-of-acme');
    expect(Buffer.from(link.url).toString()).not.toContain('never in a link');
  });

  it('refuses a return URL outside the allow-list', async () => {
    await expect(
      createOnboardingLink(deps, {
        tenantId: 'acme',
        returnUrl: 'https://evil.example.net/',
        accountId: undefined,
        expiresInSeconds: 3600,
      }),
    ).rejects.toMatchObject({ code: 'RETURN_URL_NOT_ALLOWED' });
  });
});

describe('isAllowedReturnUrl', () => {
  const allowList = ['https://app.example.com', 'https://other.example.com/settings/netsuite'];

  it.each([
    'https://app.example.com/',
    'https://app.example.com/anything?x=1',
    'https://other.example.com/settings/netsuite',
    'https://other.example.com/settings/netsuite/done',
  ])('allows %s', (url) => {
    expect(isAllowedReturnUrl(url, allowList)).toBe(true);
  });

  it.each([
    'https://app.example.com.evil.net/',
    'http://app.example.com/',
    'https://app.example.com:8443/',
    'https://user:pass@app.example.com/',
    'https://other.example.com/elsewhere',
    'javascript:alert(1)',
    '//app.example.com/',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedReturnUrl(url, allowList)).toBe(false);
  });
});

describe('buildReturnUrl', () => {
  it('keeps existing query parameters and encodes the outcome', () => {
    expect(
      buildReturnUrl('https://app.example.com/r?tab=ns', { status: 'error', reason: 'access_denied' }),
    ).toBe('https://app.example.com/r?tab=ns&status=error&reason=access_denied');
  });
});
