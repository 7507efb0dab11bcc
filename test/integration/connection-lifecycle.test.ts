import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestBrowser } from './support/browser.js';
import { RETURN_URL, startTestStack, type TestStack } from './support/test-stack.js';

let t: TestStack;
let tenantCounter = 0;

beforeAll(async () => {
  t = await startTestStack();
});

afterAll(async () => {
  await t.stop();
});

beforeEach(async () => {
  t.simulator.setConsent({ kind: 'allow', role: '3' });
  for (const endpoint of ['requesttoken', 'accesstoken', 'revoketoken', 'tokeninfo'] as const) {
    t.simulator.setFault(endpoint, undefined);
  }
  t.simulator.maxTokensPerUser = 25;
  await t.events(); // start every test with an empty event queue
});

/** Each test gets its own tenant and account, so the simulator's live tokens can be counted exactly. */
function subject() {
  tenantCounter += 1;
  return { tenant: `lifecycle-${tenantCounter}`, account: `${1000000 + tenantCounter}_SB1` };
}

async function connect(tenant: string, account: string) {
  const created = await t.createLink(tenant, { returnUrl: RETURN_URL, accountId: account });
  expect(created.status).toBe(201);
  const { final } = await t.onboard(created.body.url);
  return Object.fromEntries(final.searchParams);
}

const connectionPath = (tenant: string, account: string) => `/tenants/${tenant}/connections/${account}`;
const unavailable = { status: 503, body: '<html>Service Unavailable</html>' };

describe('re-authorization', () => {
  it('leaves one live token and one secret with the newest value after five flows', async () => {
    const { tenant, account } = subject();
    t.simulator.maxTokensPerUser = 2; // only possible because superseded tokens are revoked
    for (let run = 0; run < 5; run++)
      expect(await connect(tenant, account)).toMatchObject({ status: 'connected' });

    const live = t.simulator.liveTokens({ accountId: account });
    expect(live).toHaveLength(1);
    const stored = await t.tokenSecretValue(tenant, account);
    expect(stored.tokenId).toBe(live[0]?.tokenId);
    expect(stored.tokenSecret).toBe(live[0]?.tokenSecret);
    expect(stored.superseded).toEqual([]);
    expect((await t.tokenSecretNames()).filter((name) => name.includes(`/${tenant}/`))).toHaveLength(1);

    const types = (await t.events()).map((event) => event['detail-type']);
    expect(types).toEqual([
      'connection.created',
      'connection.reauthorized',
      'connection.reauthorized',
      'connection.reauthorized',
      'connection.reauthorized',
    ]);
  });

  it('revokes the superseded token only after the new one verified', async () => {
    const { tenant, account } = subject();
    await connect(tenant, account);
    const first = t.simulator.liveTokens({ accountId: account })[0];

    // The new token cannot be verified yet: the old one must stay live and remembered.
    t.simulator.setApprovalPending(account, true);
    expect(await connect(tenant, account)).toMatchObject({ reason: 'integration_pending_approval' });
    expect(t.simulator.liveTokens({ accountId: account })).toHaveLength(2);
    const held = await t.tokenSecretValue(tenant, account);
    expect((held.superseded as Array<{ tokenId: string }>).map((token) => token.tokenId)).toEqual([
      first?.tokenId,
    ]);

    t.simulator.setApprovalPending(account, false);
    const verified = await t.api(`${connectionPath(tenant, account)}/verify`, { method: 'POST' });
    expect(verified.body).toMatchObject({ ok: true, status: 'active', pendingRevocations: 0 });
    expect(t.simulator.liveTokens({ accountId: account }).map((token) => token.tokenId)).toEqual([
      held.tokenId,
    ]);
  });

  it('keeps the connection usable and the old token remembered when its revocation fails, then retries', async () => {
    const { tenant, account } = subject();
    await connect(tenant, account);
    t.simulator.setFault('revoketoken', unavailable);
    expect(await connect(tenant, account)).toMatchObject({ status: 'connected' });
    const connection = await t.api(connectionPath(tenant, account));
    expect(connection.body).toMatchObject({ status: 'active', pendingRevocations: 1 });
    expect(t.simulator.liveTokens({ accountId: account })).toHaveLength(2);

    t.simulator.setFault('revoketoken', undefined);
    expect(await t.stack.sweepRevocations()).toMatchObject({ stillPending: 0 });
    expect(t.simulator.liveTokens({ accountId: account })).toHaveLength(1);
    expect((await t.api(connectionPath(tenant, account))).body.pendingRevocations).toBe(0);
    expect((await t.tokenSecretValue(tenant, account)).superseded).toEqual([]);
  });

  it('ends concurrent re-authorizations with exactly one current token and every other revoked', async () => {
    const { tenant, account } = subject();
    await connect(tenant, account);
    const results = await Promise.all(Array.from({ length: 4 }, () => connect(tenant, account)));
    expect(results.every((result) => result.status === 'connected')).toBe(true);
    // A revocation may have lost a race with a newer one: the periodic retry settles it.
    await t.stack.sweepRevocations();

    const live = t.simulator.liveTokens({ accountId: account });
    expect(live).toHaveLength(1);
    const stored = await t.tokenSecretValue(tenant, account);
    expect(stored.tokenId).toBe(live[0]?.tokenId);
    expect(stored.superseded).toEqual([]);
    expect((await t.api(connectionPath(tenant, account))).body.pendingRevocations).toBe(0);
  });
});

describe('connection management', () => {
  it('gets one connection, and 404 for an unknown one', async () => {
    const { tenant, account } = subject();
    await connect(tenant, account);
    const found = await t.api(connectionPath(tenant, account.toLowerCase().replace('_', '-')));
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ accountId: account, status: 'active', role: '3', entity: '7' });
    expect(JSON.stringify(found.body)).not.toContain(
      t.simulator.liveTokens({ accountId: account })[0]?.tokenSecret,
    );

    const missing = await t.api(connectionPath(tenant, '9999999'));
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect((await t.api(connectionPath('nobody', account), { method: 'DELETE' })).status).toBe(404);
    expect((await t.api(`${connectionPath('nobody', account)}/verify`, { method: 'POST' })).status).toBe(404);
  });

  it('deletes: revokes at NetSuite, removes the secret and the record, emits connection.deleted', async () => {
    const { tenant, account } = subject();
    await connect(tenant, account);
    await t.events();
    const deleted = await t.api(connectionPath(tenant, account), { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(t.simulator.liveTokens({ accountId: account })).toEqual([]);
    expect((await t.api(connectionPath(tenant, account))).status).toBe(404);
    expect((await t.tokenSecretNames()).filter((name) => name.includes(`/${tenant}/`))).toEqual([]);
    const [event] = await t.events();
    expect(event).toMatchObject({
      source: 'netsuite-connect',
      'detail-type': 'connection.deleted',
      detail: { tenantId: tenant, accountId: account, role: '3', entity: '7' },
    });

    // Reconnecting right after works: the secret was deleted without a recovery window.
    expect(await connect(tenant, account)).toMatchObject({ status: 'connected' });
  });

  it('deletes nothing when NetSuite cannot be reached, and says so', async () => {
    const { tenant, account } = subject();
    await connect(tenant, account);
    t.simulator.setFault('revoketoken', unavailable);
    const answer = await t.api(connectionPath(tenant, account), { method: 'DELETE' });
    expect(answer.status).toBe(502);
    expect(answer.body.error.code).toBe('NETSUITE_UNAVAILABLE');
    expect((await t.api(connectionPath(tenant, account))).status).toBe(200);
    expect(t.simulator.liveTokens({ accountId: account })).toHaveLength(1);
    expect((await t.tokenSecretValue(tenant, account)).tokenId).toBe(
      t.simulator.liveTokens({ accountId: account })[0]?.tokenId,
    );
  });

  it("states NetSuite's answer when it refuses a revocation", async () => {
    const { tenant, account } = subject();
    await connect(tenant, account);
    t.simulator.setFault('revoketoken', {
      status: 401,
      body: '{"error":{"code":"InvalidSignature","message":"x"}}',
    });
    const answer = await t.api(connectionPath(tenant, account), { method: 'DELETE' });
    expect(answer.status).toBe(502);
    expect(answer.body.error).toEqual({
      code: 'NETSUITE_REJECTED',
      message: 'NetSuite answered InvalidSignature (HTTP 401)',
    });
  });

  it('treats a token NetSuite already revoked as revoked when deleting', async () => {
    const { tenant, account } = subject();
    await connect(tenant, account);
    for (const token of t.simulator.liveTokens({ accountId: account }))
      t.simulator.revokeByAdmin(token.tokenId);
    expect((await t.api(connectionPath(tenant, account), { method: 'DELETE' })).status).toBe(204);
  });

  it('verifies: records lastVerifiedAt, and marks a token revoked by an admin as revoked', async () => {
    const { tenant, account } = subject();
    await connect(tenant, account);
    await t.events();
    const ok = await t.api(`${connectionPath(tenant, account)}/verify`, { method: 'POST' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, status: 'active', netsuiteCode: null });
    expect((await t.api(connectionPath(tenant, account))).body.lastVerifiedAt).toBe(ok.body.checkedAt);

    const [token] = t.simulator.liveTokens({ accountId: account });
    t.simulator.revokeByAdmin(token?.tokenId ?? '');
    const dead = await t.api(`${connectionPath(tenant, account)}/verify`, { method: 'POST' });
    expect(dead.body).toMatchObject({ ok: false, status: 'revoked', netsuiteCode: 'INVALID_LOGIN_ATTEMPT' });
    expect((await t.api(connectionPath(tenant, account))).body.status).toBe('revoked');
    expect((await t.events()).map((event) => event['detail-type'])).toEqual(['connection.revoked']);
  });

  it('answers netsuite_unavailable for a verify NetSuite cannot answer', async () => {
    const { tenant, account } = subject();
    await connect(tenant, account);
    t.simulator.setFault('tokeninfo', unavailable);
    const answer = await t.api(`${connectionPath(tenant, account)}/verify`, { method: 'POST' });
    expect(answer.status).toBe(502);
    expect(answer.body.error.code).toBe('NETSUITE_UNAVAILABLE');
    expect((await t.api(connectionPath(tenant, account))).body.status).toBe('active');
  });
});

describe('integration awaiting approval', () => {
  it('keeps the token as pending_approval, tells the SaaS, and verify later makes it active', async () => {
    const { tenant, account } = subject();
    t.simulator.setApprovalPending(account, true);
    const back = await connect(tenant, account);
    expect(back).toMatchObject({ status: 'error', reason: 'integration_pending_approval', account });
    expect((await t.api(connectionPath(tenant, account))).body.status).toBe('pending_approval');
    expect((await t.tokenSecretValue(tenant, account)).tokenId).toBe(
      t.simulator.accessTokens.at(-1)?.tokenId,
    );

    const stillWaiting = await t.api(`${connectionPath(tenant, account)}/verify`, { method: 'POST' });
    expect(stillWaiting.body).toMatchObject({ ok: false, status: 'pending_approval' });

    t.simulator.setApprovalPending(account, false);
    const approved = await t.api(`${connectionPath(tenant, account)}/verify`, { method: 'POST' });
    expect(approved.body).toMatchObject({ ok: true, status: 'active' });
  });
});

describe('account checks', () => {
  it('refuses a callback for another company before any token exists for it', async () => {
    const { tenant, account } = subject();
    const created = await t.createLink(tenant, { returnUrl: RETURN_URL, accountId: account });
    const browser = new TestBrowser();
    const start = await browser.get(created.body.url);
    const consent = await browser.get(start.location ?? '');
    const callback = new URL(consent.location ?? '');
    callback.searchParams.set('company', '7777777');
    const exchanges = t.simulator.exchanges;
    const answer = await browser.get(callback.href);
    expect(new URL(answer.location ?? '').searchParams.get('reason')).toBe('account_mismatch');
    expect(t.simulator.exchanges).toBe(exchanges);
    expect(t.simulator.liveTokens({ accountId: '7777777' })).toEqual([]);
    expect((await t.events()).map((event) => [event['detail-type'], event.detail.reason])).toEqual([
      ['connection.failed', 'account_mismatch'],
    ]);
  });

  it('keeps sandbox and production of one customer as separate connections', async () => {
    const { tenant } = subject();
    await connect(tenant, '4242424');
    await connect(tenant, '4242424_SB1');
    const listed = await t.api(`/tenants/${tenant}/connections`);
    expect(listed.body.connections.map((c: { accountId: string }) => c.accountId).sort()).toEqual([
      '4242424',
      '4242424_SB1',
    ]);
    expect(t.simulator.liveTokens({ accountId: '4242424' })).toHaveLength(1);
    expect(t.simulator.liveTokens({ accountId: '4242424_SB1' })).toHaveLength(1);
  });
});

describe("a tenant's own integration record", () => {
  it('serves that tenant’s flows, verifies and revokes, and can be removed again', async () => {
    const { tenant, account } = subject();
    const own = { consumerKey: 'a1'.repeat(32), consumerSecret: 'b2'.repeat(32) };
    t.simulator.registerIntegration({
      applicationName: 'Tenant-owned integration',
      consumerKey: own.consumerKey,
      consumerSecret: own.consumerSecret,
      callbackUrl: `${t.stack.apiUrl}/connect/callback`,
    });
    const put = await t.api(`/tenants/${tenant}/consumer`, { method: 'PUT', body: JSON.stringify(own) });
    expect(put.status).toBe(204);

    expect(await connect(tenant, account)).toMatchObject({ status: 'connected' });
    expect(t.simulator.accessTokens.at(-1)?.consumerKey).toBe(own.consumerKey);
    expect((await t.api(connectionPath(tenant, account))).body.consumerKey).toBe(own.consumerKey);
    expect((await t.tokenSecretValue(tenant, account)).consumerKey).toBe(own.consumerKey);
    expect((await t.api(`${connectionPath(tenant, account)}/verify`, { method: 'POST' })).body.ok).toBe(true);

    expect((await t.api(connectionPath(tenant, account), { method: 'DELETE' })).status).toBe(204);
    expect(t.simulator.liveTokens({ accountId: account })).toEqual([]);
    expect((await t.api(`/tenants/${tenant}/consumer`, { method: 'DELETE' })).status).toBe(204);
  });

  it('validates the consumer key and secret', async () => {
    const answer = await t.api('/tenants/acme/consumer', {
      method: 'PUT',
      body: JSON.stringify({ consumerKey: 'short', consumerSecret: 'x' }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('lifecycle events', () => {
  it('carry tenant, account, role, entity and the correlation id, never a secret', async () => {
    const { tenant, account } = subject();
    const created = await t.createLink(tenant, { returnUrl: RETURN_URL, accountId: account });
    const { final } = await t.onboard(created.body.url);
    expect(final.searchParams.get('status')).toBe('connected');
    t.simulator.setConsent({ kind: 'deny' });
    const denied = await t.createLink(tenant, { returnUrl: RETURN_URL, accountId: account });
    const { final: deniedBack } = await t.onboard(denied.body.url);

    const events = await t.events();
    expect(events).toHaveLength(2);
    // The bus promises no order: the failure is put at once, the creation follows the table's stream.
    const connected = events.find((event) => event['detail-type'] === 'connection.created');
    const failed = events.find((event) => event['detail-type'] === 'connection.failed');
    expect(connected).toMatchObject({
      source: 'netsuite-connect',
      'detail-type': 'connection.created',
      detail: { tenantId: tenant, accountId: account, role: '3', entity: '7', status: 'active' },
    });
    expect(connected?.detail.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(String(connected?.detail.time))).not.toBeNaN();
    expect(failed).toMatchObject({
      'detail-type': 'connection.failed',
      detail: {
        tenantId: tenant,
        accountId: account,
        reason: 'access_denied',
        correlationId: deniedBack.searchParams.get('ref'),
      },
    });
    const serialized = JSON.stringify(events);
    for (const token of t.simulator.accessTokens) expect(serialized).not.toContain(token.tokenSecret);
    for (const issued of t.simulator.issuedRequestTokens) expect(serialized).not.toContain(issued.secret);
  });
});
