import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from './support/browser.js';
import { RETURN_URL, startTestStack, type TestStack } from './support/test-stack.js';

let t: TestStack;

beforeAll(async () => {
  t = await startTestStack();
});

afterAll(async () => {
  await t.stop();
});

async function link(tenantId: string, body: Record<string, unknown> = {}): Promise<string> {
  const created = await t.createLink(tenantId, { returnUrl: RETURN_URL, accountId: '1234567_SB1', ...body });
  expect(created.status).toBe(201);
  return created.body.url;
}

/** Start the flow in a browser and stop at NetSuite's callback, before our callback handler runs. */
async function reachCallback(linkUrl: string) {
  const browser = new TestBrowser();
  const start = await browser.get(linkUrl);
  expect(start.status).toBe(302);
  const consent = await browser.get(start.location ?? '');
  expect(consent.status).toBe(302);
  return { browser, callbackUrl: new URL(consent.location ?? '') };
}

describe('onboarding flow (DynamoDB Local + moto + NetSuite simulator)', () => {
  it('connects an account, stores the token in Secrets Manager and lists the connection', async () => {
    const { final } = await t.onboard(await link('acme'));

    expect(`${final.origin}${final.pathname}`).toBe(RETURN_URL);
    expect(Object.fromEntries(final.searchParams)).toEqual({ status: 'connected', account: '1234567_SB1' });

    const issued = t.simulator.accessTokens.at(-1);
    const stored = await t.tokenSecretValue('acme', '1234567_SB1');
    expect(stored).toMatchObject({
      tokenId: issued?.tokenId,
      tokenSecret: issued?.tokenSecret,
      accountId: '1234567_SB1',
      tenantId: 'acme',
      role: '3',
      entity: '7',
    });

    const secretName = `${t.stack.names.tokenPrefix}/tenants/acme/netsuite/1234567_SB1`;
    const described = await t.secrets.send(new DescribeSecretCommand({ SecretId: secretName }));
    expect(described.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'netsuite-connect:tenant', Value: 'acme' },
        { Key: 'netsuite-connect:account', Value: '1234567_SB1' },
      ]),
    );

    const listed = await t.api('/tenants/acme/connections');
    expect(listed.status).toBe(200);
    expect(listed.body.connections).toEqual([
      expect.objectContaining({ accountId: '1234567_SB1', role: '3', entity: '7', status: 'active' }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(issued?.tokenSecret);
    expect(JSON.stringify(listed.body)).not.toContain(issued?.tokenId);
  });

  it('sends the browser to the consent page with a binding cookie scoped to /connect', async () => {
    const browser = new TestBrowser();
    const start = await browser.get(await link('cookie-tenant'));
    expect(start.status).toBe(302);
    const consent = new URL(start.location ?? '');
    expect(consent.pathname).toBe('/1234567-sb1/app/login/secure/authorizetoken.nl');
    // A random part, then the link id's letters and digits (how the callback finds the link's record).
    expect(consent.searchParams.get('state')).toMatch(/^[A-Za-z0-9]{48,96}$/);
    const setCookie = start.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(
      /^nsc_binding_\w+=\w{43}; Path=\/connect; HttpOnly; SameSite=Lax; Max-Age=900$/,
    );
    expect(start.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('answers access_denied and stores nothing when the user denies', async () => {
    t.simulator.setConsent({ kind: 'deny' });
    try {
      const exchangesBefore = t.simulator.exchanges;
      const { final } = await t.onboard(await link('denied-tenant'));
      expect(final.searchParams.get('status')).toBe('error');
      expect(final.searchParams.get('reason')).toBe('access_denied');
      expect(final.searchParams.get('ref')).toMatch(/^[0-9a-f-]{36}$/);
      expect(t.simulator.exchanges).toBe(exchangesBefore);
      expect((await t.tokenSecretNames()).filter((name) => name.includes('/denied-tenant/'))).toEqual([]);
      expect((await t.api('/tenants/denied-tenant/connections')).body.connections).toEqual([]);
    } finally {
      t.simulator.setConsent({ kind: 'allow', role: '3' });
    }
  });

  it('refuses a replayed callback without a second exchange', async () => {
    const { browser, callbackUrl } = await reachCallback(await link('replay-tenant'));
    const cookies = new Map(browser.cookies);
    const first = await browser.get(callbackUrl.href);
    expect(new URL(first.location ?? '').searchParams.get('status')).toBe('connected');
    const exchanges = t.simulator.exchanges;

    // The attacker (or a double-click) replays the same callback, even with the original cookie.
    for (const [name, value] of cookies) browser.cookies.set(name, value);
    const replay = await browser.get(callbackUrl.href);
    expect(replay.status).toBe(400);
    expect(replay.location).toBeUndefined();
    expect(replay.body).toContain('request_unknown');
    expect(t.simulator.exchanges).toBe(exchanges);
  });

  it('refuses a pending authorization older than 15 minutes, though TTL never deleted it', async () => {
    const { browser, callbackUrl } = await reachCallback(await link('slow-tenant'));
    const exchanges = t.simulator.exchanges;
    t.clock.advance(15 * 60 + 1);
    try {
      const answer = await browser.get(callbackUrl.href);
      const back = new URL(answer.location ?? '');
      expect(back.searchParams.get('reason')).toBe('request_expired');
      expect(t.simulator.exchanges).toBe(exchanges);
    } finally {
      t.clock.advance(-(15 * 60 + 1));
    }
  });

  it('answers state_mismatch when the state was altered', async () => {
    const { browser, callbackUrl } = await reachCallback(await link('state-tenant'));
    const state = callbackUrl.searchParams.get('state') ?? '';
    callbackUrl.searchParams.set('state', `${'A'.repeat(32)}${state.slice(32)}`);
    const answer = await browser.get(callbackUrl.href);
    expect(new URL(answer.location ?? '').searchParams.get('reason')).toBe('state_mismatch');
    expect((await t.api('/tenants/state-tenant/connections')).body.connections).toEqual([]);
  });

  it('shows request_unknown for a state that names no waiting flow, leaving the real one intact', async () => {
    const { browser, callbackUrl } = await reachCallback(await link('stateless-tenant'));
    const exchanges = t.simulator.exchanges;
    for (const state of [undefined, 'A'.repeat(54)]) {
      const forged = new URL(callbackUrl);
      if (state === undefined) forged.searchParams.delete('state');
      else forged.searchParams.set('state', state);
      const answer = await browser.get(forged.href);
      expect(answer.status).toBe(400);
      expect(answer.location).toBeUndefined();
      expect(answer.body).toContain('request_unknown');
    }
    expect(t.simulator.exchanges).toBe(exchanges);
    const real = await browser.get(callbackUrl.href);
    expect(new URL(real.location ?? '').searchParams.get('status')).toBe('connected');
  });

  it('answers session_mismatch when the callback arrives without the binding cookie', async () => {
    const { callbackUrl } = await reachCallback(await link('cookie-less'));
    const exchanges = t.simulator.exchanges;
    const answer = await new TestBrowser().get(callbackUrl.href);
    expect(new URL(answer.location ?? '').searchParams.get('reason')).toBe('session_mismatch');
    expect(t.simulator.exchanges).toBe(exchanges);
  });

  it('answers account_mismatch when NetSuite reports another company', async () => {
    const { browser, callbackUrl } = await reachCallback(await link('company-tenant'));
    callbackUrl.searchParams.set('company', '7654321');
    const answer = await browser.get(callbackUrl.href);
    expect(new URL(answer.location ?? '').searchParams.get('reason')).toBe('account_mismatch');
  });

  it('shows an HTML error page, never a redirect, for a tampered link', async () => {
    const original = new URL(await link('tamper-tenant'));
    const [payload = '', signature = ''] = (original.searchParams.get('link') ?? '').split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, r: 'https://evil.example.net/' })).toString(
      'base64url',
    );
    original.searchParams.set('link', `${forged}.${signature}`);

    const answer = await new TestBrowser().get(original.href);
    expect(answer.status).toBe(400);
    expect(answer.location).toBeUndefined();
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(answer.body).toContain('link_invalid');
    expect(answer.body).not.toContain('evil.example.net');
  });

  it('answers link_used when a completed link is opened again', async () => {
    const url = await link('once-tenant');
    expect((await t.onboard(url)).final.searchParams.get('status')).toBe('connected');
    const again = await new TestBrowser().get(url);
    expect(new URL(again.location ?? '').searchParams.get('reason')).toBe('link_used');
  });

  it('answers link_expired once the link outlived expiresInSeconds', async () => {
    const url = await link('late-tenant', { expiresInSeconds: 60 });
    t.clock.advance(61);
    try {
      const answer = await new TestBrowser().get(url);
      expect(new URL(answer.location ?? '').searchParams.get('reason')).toBe('link_expired');
    } finally {
      t.clock.advance(-61);
    }
  });

  it('starts at the system domain when the link names no account, and learns it from the callback', async () => {
    t.simulator.setConsent({ kind: 'allow', role: '3', account: '7654321_SB2' });
    try {
      const created = await t.createLink('system-tenant', { returnUrl: RETURN_URL });
      const browser = new TestBrowser();
      const start = await browser.get(created.body.url);
      expect(new URL(start.location ?? '').pathname).toBe('/system/app/login/secure/authorizetoken.nl');
      const { final } = await t.onboard(created.body.url);
      expect(Object.fromEntries(final.searchParams)).toEqual({ status: 'connected', account: '7654321_SB2' });
      expect(t.simulator.liveTokens({ accountId: '7654321_SB2' })).toHaveLength(1);
    } finally {
      t.simulator.setConsent({ kind: 'allow', role: '3' });
    }
  });

  it('asks for the account id instead when the deployment chose the form', async () => {
    const formStack = await startTestStack({ accountDiscovery: 'form' });
    try {
      const created = await formStack.createLink('form-tenant', { returnUrl: RETURN_URL });
      const browser = new TestBrowser();
      const form = await browser.get(created.body.url);
      expect(form.status).toBe(200);
      expect(form.body).toContain('<label for="account">');
      expect(form.body).toContain('1234567_SB1');
      // Browsers apply form-action to the redirect after submitting, so NetSuite's origin must be allowed.
      const simulatorOrigin = new URL(formStack.simulator.url.replace('127.0.0.1', 'localhost')).origin;
      expect(form.headers.get('content-security-policy')).toContain(`form-action 'self' ${simulatorOrigin};`);

      const wrong = new URL(created.body.url);
      wrong.searchParams.set('account', 'not an account');
      const retry = await browser.get(wrong.href);
      expect(retry.status).toBe(400);
      expect(retry.body).toContain('is not a NetSuite account ID');

      const typed = new URL(created.body.url);
      typed.searchParams.set('account', '7654321-sb2');
      const { final } = await formStack.onboard(typed.href, browser);
      expect(Object.fromEntries(final.searchParams)).toEqual({ status: 'connected', account: '7654321_SB2' });
    } finally {
      await formStack.stop();
    }
  });

  it('answers netsuite_unavailable at start when NetSuite cannot be reached', async () => {
    const offline = await startTestStack();
    await offline.simulator.close();
    try {
      const created = await offline.createLink('offline-tenant', {
        returnUrl: RETURN_URL,
        accountId: '1234567',
      });
      const answer = await new TestBrowser().get(created.body.url);
      expect(new URL(answer.location ?? '').searchParams.get('reason')).toBe('netsuite_unavailable');
    } finally {
      await offline.stop();
    }
  });
});

describe('management API', () => {
  it('rejects a return URL outside ALLOWED_RETURN_URLS', async () => {
    for (const returnUrl of [
      'https://evil.example.net/',
      'https://saas.example.com.evil.net/settings/netsuite',
    ]) {
      const answer = await t.createLink('acme', { returnUrl });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('RETURN_URL_NOT_ALLOWED');
    }
  });

  it('validates tenant id, account id, lifetime and unknown fields', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['bad..tenant', { returnUrl: RETURN_URL }],
      ['acme', { returnUrl: RETURN_URL, accountId: '../../etc' }],
      ['acme', { returnUrl: RETURN_URL, expiresInSeconds: 8 * 24 * 3600 }],
      ['acme', { returnUrl: RETURN_URL, extra: true }],
    ];
    for (const [tenant, body] of cases) {
      const answer = await t.createLink(tenant, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
    const notJson = await t.api('/tenants/acme/links', { method: 'POST', body: '{' });
    expect(notJson.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('issues links that expire after 24 hours by default', async () => {
    const before = Date.now();
    const answer = await t.createLink('acme', { returnUrl: RETURN_URL });
    expect(answer.body.linkId).toMatch(/^lnk_/);
    const lifetime = Date.parse(answer.body.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(24 * 3600 * 1000 - 5000);
    expect(lifetime).toBeLessThanOrEqual(24 * 3600 * 1000);
  });

  it('requires the bearer token on management routes', async () => {
    const answer = await t.api('/tenants/acme/connections', { admin: false });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHORIZED');
  });
});
