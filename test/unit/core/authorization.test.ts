import { beforeEach, describe, expect, it } from 'vitest';
import {
  type AuthorizationDeps,
  bindingCookieName,
  completeAuthorization,
  startAuthorization,
} from '../../../functions/core/authorization.js';
import { sha256Hex } from '../../../functions/core/digest.js';
import { FlowError } from '../../../functions/core/errors.js';
import { createLinkCodec, type LinkClaims } from '../../../functions/core/links.js';
import { createNetSuiteClient } from '../../../functions/core/netsuite-client.js';
import { parseCallbackParams } from '../../../functions/core/netsuite-protocol.js';
import type { HttpRequest } from '../../../functions/core/ports.js';
import {
  fixedClock,
  fixedCredentials,
  MemoryConnections,
  MemoryEvents,
  MemoryLocks,
  MemoryLogger,
  MemoryPendingStore,
  MemoryVault,
  ScriptedTransport,
  sequenceRandom,
} from './fakes.js';

const RETURN_URL = 'https://saas.example.com/return';
const LINK_ID = 'lnk_abcdefghijklmnopqrstuv';
const NOW_MS = 1_700_000_000_000;

function headerParam(request: HttpRequest | undefined, name: string): string | undefined {
  const match = new RegExp(`${name}="([^"]*)"`).exec(request?.headers.Authorization ?? '');
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

function setup() {
  const clock = fixedClock(NOW_MS);
  let exchanges = 0;
  let requestTokens = 0;
  const netsuite = {
    tokenInfo: { status: 200, body: '{}' },
    accessToken: undefined as { status: number; body: string } | undefined,
  };
  const transport = new ScriptedTransport((request) => {
    const path = new URL(request.url).pathname;
    if (path.endsWith('/rest/requesttoken')) {
      requestTokens += 1;
      const token = `RT${requestTokens}`;
      return {
        status: 200,
        body: `oauth_token=${token}&oauth_token_secret=${token}S&oauth_callback_confirmed=true\n`,
      };
    }
    if (path.endsWith('/rest/tokeninfo')) return netsuite.tokenInfo;
    if (path.endsWith('/rest/revoketoken')) return { status: 200, body: '{}' };
    if (netsuite.accessToken) return netsuite.accessToken;
    exchanges += 1;
    return { status: 200, body: `oauth_token=TID${exchanges}&oauth_token_secret=TS${exchanges}\n` };
  });
  const random = sequenceRandom();
  const links = createLinkCodec({ get: async () => 'k'.repeat(43) });
  const deps = {
    settings: {
      callbackUrl: 'https://connect.example.com/connect/callback',
      allowedReturnUrls: [RETURN_URL],
      pendingTtlSeconds: 900,
      accountDiscovery: 'form',
    },
    clock,
    random,
    logger: new MemoryLogger(),
    links,
    pending: new MemoryPendingStore(),
    vault: new MemoryVault(),
    connections: new MemoryConnections(),
    locks: new MemoryLocks(),
    events: new MemoryEvents(),
    netsuite: createNetSuiteClient({
      transport,
      templates: {
        restlets: 'https://{host}.restlets.api.netsuite.com',
        app: 'https://{host}.app.netsuite.com',
        system: 'https://system.netsuite.com',
      },
      clock,
      random,
    }),
    credentials: fixedCredentials({ key: 'ck', secret: 'cs' }),
  } satisfies AuthorizationDeps;
  const sign = (overrides: Partial<LinkClaims> = {}) =>
    links.sign({
      linkId: LINK_ID,
      tenantId: 'acme',
      returnUrl: RETURN_URL,
      accountId: '1234567_SB1',
      consumerKey: 'ck',
      expiresAt: NOW_MS / 1000 + 3600,
      ...overrides,
    });
  return { deps, transport, clock, sign, netsuite };
}

async function failure(promise: Promise<unknown>): Promise<FlowError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FlowError) return error;
    throw error;
  }
  throw new Error('expected a FlowError');
}

describe('startAuthorization', () => {
  it('gets a request token, keeps its secret pending with hashes only, and points to the consent page', async () => {
    const { deps, transport, sign } = setup();
    const outcome = await startAuthorization(deps, {
      link: await sign(),
      account: undefined,
      correlationId: 'req-1',
    });
    if (outcome.kind !== 'consent') throw new Error('expected consent');

    const consent = new URL(outcome.consentUrl);
    expect(consent.host).toBe('1234567-sb1.app.netsuite.com');
    expect(consent.searchParams.get('oauth_token')).toBe('RT1');
    const state = consent.searchParams.get('state') ?? '';
    // A random part, then the link id's letters and digits: the callback finds the link's record by it.
    expect(state).toMatch(/^[A-Za-z0-9]{32}abcdefghijklmnopqrstuv$/);

    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0]?.url).toBe('https://1234567-sb1.restlets.api.netsuite.com/rest/requesttoken');
    expect(headerParam(transport.sent[0], 'oauth_callback')).toBe(
      'https://connect.example.com/connect/callback',
    );
    expect(headerParam(transport.sent[0], 'realm')).toBe('1234567_SB1');

    const pending = deps.pending.pendingFor('RT1');
    expect(pending).toMatchObject({
      linkId: LINK_ID,
      requestTokenSecret: 'RT1S',
      tenantId: 'acme',
      accountId: '1234567_SB1',
      stateHash: sha256Hex(state),
      bindingHash: sha256Hex(outcome.binding.value),
      returnUrl: RETURN_URL,
      createdAt: NOW_MS / 1000,
      expiresAt: NOW_MS / 1000 + 900,
    });
    expect(JSON.stringify(pending)).not.toContain(outcome.binding.value);
    expect(outcome.binding).toMatchObject({ cookieName: bindingCookieName(state), maxAgeSeconds: 900 });
  });

  it('asks for the account when the link names none, and again when the input is not an account id', async () => {
    const { deps, transport, sign } = setup();
    const link = await sign({ accountId: undefined });
    expect(await startAuthorization(deps, { link, account: undefined, correlationId: 'req-1' })).toEqual({
      kind: 'account-required',
      rejectedInput: undefined,
    });
    expect(await startAuthorization(deps, { link, account: 'nope.example', correlationId: 'req-1' })).toEqual(
      {
        kind: 'account-required',
        rejectedInput: 'nope.example',
      },
    );
    expect(transport.sent).toHaveLength(0);
    const typed = await startAuthorization(deps, { link, account: '7654321-sb2', correlationId: 'req-1' });
    expect(typed.kind).toBe('consent');
    expect(deps.pending.pendingFor('RT1')?.accountId).toBe('7654321_SB2');
  });

  it('starts at the system domain when the account is unknown and the deployment chose it', async () => {
    const { deps, transport, sign } = setup();
    const system = { ...deps, settings: { ...deps.settings, accountDiscovery: 'system' as const } };
    const outcome = await startAuthorization(system, {
      link: await sign({ accountId: undefined }),
      account: undefined,
      correlationId: 'req-1',
    });
    if (outcome.kind !== 'consent') throw new Error('expected consent');
    expect(transport.sent[0]?.url).toBe('https://system.netsuite.com/rest/requesttoken');
    expect(transport.sent[0]?.headers.Authorization).not.toContain('realm=');
    expect(new URL(outcome.consentUrl).host).toBe('system.netsuite.com');
    expect(deps.pending.pendingFor('RT1')?.accountId).toBeUndefined();
  });

  it('refuses an account that differs from the one the link names', async () => {
    const { deps, sign } = setup();
    const error = await failure(
      startAuthorization(deps, { link: await sign(), account: '7654321', correlationId: 'req-1' }),
    );
    expect(error).toMatchObject({ reason: 'account_mismatch', returnUrl: RETURN_URL });
  });

  it('answers link_expired (with a trusted return URL) once the link has expired', async () => {
    const { deps, clock, sign } = setup();
    const link = await sign();
    clock.advance(3600);
    expect(
      await failure(startAuthorization(deps, { link, account: undefined, correlationId: 'req-1' })),
    ).toMatchObject({
      reason: 'link_expired',
      returnUrl: RETURN_URL,
    });
  });

  it('answers link_used for a link whose flow has completed, keeping no pending record', async () => {
    const { deps, sign } = setup();
    deps.pending.links.set(LINK_ID, { usedAt: 1, returnUrl: RETURN_URL });
    expect(
      await failure(
        startAuthorization(deps, { link: await sign(), account: undefined, correlationId: 'req-1' }),
      ),
    ).toMatchObject({
      reason: 'link_used',
      returnUrl: RETURN_URL,
    });
    expect(deps.pending.links.get(LINK_ID)).toEqual({ usedAt: 1, returnUrl: RETURN_URL });
    expect(
      await failure(
        startAuthorization(deps, {
          link: await sign({ accountId: undefined }),
          account: undefined,
          correlationId: 'req-1',
        }),
      ),
    ).toMatchObject({ reason: 'link_used' });
  });

  it('answers link_invalid when the integration record the link was made for is gone', async () => {
    const { deps, sign, transport } = setup();
    const outcome = await failure(
      startAuthorization(deps, {
        link: await sign({ consumerKey: 'retired' }),
        account: undefined,
        correlationId: 'req-1',
      }),
    );
    expect(outcome).toMatchObject({ reason: 'link_invalid', returnUrl: RETURN_URL });
    expect(transport.sent).toHaveLength(0);
  });

  it('answers link_invalid without a return URL when the allow-list no longer holds it', async () => {
    const { deps, sign } = setup();
    const narrowed = {
      ...deps,
      settings: { ...deps.settings, allowedReturnUrls: ['https://other.example.com'] },
    };
    const error = await failure(
      startAuthorization(narrowed, { link: await sign(), account: undefined, correlationId: 'req-1' }),
    );
    expect(error.reason).toBe('link_invalid');
    expect(error.returnUrl).toBeUndefined();
  });

  it('maps NetSuite refusing the request token to netsuite_rejected, storing nothing', async () => {
    const { deps, sign } = setup();
    const refusing = {
      ...deps,
      netsuite: createNetSuiteClient({
        transport: new ScriptedTransport(() => ({
          status: 401,
          body: '{"error":{"code":"InvalidSignature","message":"bad"}}',
        })),
        templates: {
          restlets: 'https://{host}.r.example',
          app: 'https://{host}.a.example',
          system: 'https://s.example',
        },
        clock: deps.clock,
        random: deps.random,
      }),
    };
    expect(
      await failure(
        startAuthorization(refusing, { link: await sign(), account: undefined, correlationId: 'req-1' }),
      ),
    ).toMatchObject({
      reason: 'netsuite_rejected',
      netsuiteCode: 'InvalidSignature',
      returnUrl: RETURN_URL,
    });
    expect(deps.pending.links.size).toBe(0);
  });
});

describe('completeAuthorization', () => {
  let t: ReturnType<typeof setup>;
  let callback: Record<string, string>;
  let cookies: Record<string, string>;

  beforeEach(async () => {
    t = setup();
    const outcome = await startAuthorization(t.deps, {
      link: await t.sign(),
      account: undefined,
      correlationId: 'req-1',
    });
    if (outcome.kind !== 'consent') throw new Error('expected consent');
    const state = new URL(outcome.consentUrl).searchParams.get('state') ?? '';
    callback = {
      oauth_token: 'RT1',
      oauth_verifier: 'V1',
      company: '1234567_SB1',
      role: '3',
      entity: '7',
      state,
    };
    cookies = { [outcome.binding.cookieName]: outcome.binding.value };
  });

  const complete = (params = callback, jar = cookies) =>
    completeAuthorization(t.deps, {
      params: parseCallbackParams(params),
      cookies: jar,
      correlationId: 'req-2',
    });

  it('exchanges the verified token, stores it, records the connection and leaves the link used', async () => {
    const outcome = await complete();
    expect(outcome.redirectUrl).toBe(`${RETURN_URL}?status=connected&account=1234567_SB1`);

    const exchange = t.transport.sent[1];
    expect(exchange?.url).toBe('https://1234567-sb1.restlets.api.netsuite.com/rest/accesstoken');
    expect(headerParam(exchange, 'oauth_token')).toBe('RT1');
    expect(headerParam(exchange, 'oauth_verifier')).toBe('V1');
    expect(headerParam(exchange, 'oauth_nonce')).not.toBe(headerParam(t.transport.sent[0], 'oauth_nonce'));

    const held = await t.deps.vault.read('acme', '1234567_SB1');
    expect(held).toMatchObject({
      current: { tokenId: 'TID1', tokenSecret: 'TS1', consumerKey: 'ck', role: '3', entity: '7' },
      superseded: [],
    });
    expect(t.deps.vault.versions.get('acme/1234567_SB1')?.[0]?.key).toBe(sha256Hex('token:RT1'));
    expect(await t.deps.connections.list('acme')).toEqual([
      expect.objectContaining({
        accountId: '1234567_SB1',
        role: '3',
        entity: '7',
        status: 'active',
        secretArn: 'arn:test:acme/1234567_SB1',
      }),
    ]);
    // The authorization is gone from the link's record; the claim remains.
    expect(t.deps.pending.links.get(LINK_ID)).toEqual({
      usedAt: NOW_MS / 1000,
      usedBy: 'RT1',
      returnUrl: RETURN_URL,
    });
  });

  it('consumes the pending record: a replay is request_unknown with no second exchange', async () => {
    await complete();
    const replay = await failure(complete());
    expect(replay.reason).toBe('request_unknown');
    expect(replay.returnUrl).toBeUndefined();
    expect(t.transport.sent.filter((request) => request.url.endsWith('/rest/accesstoken'))).toHaveLength(1);
  });

  it.each([
    ['a denial (no verifier)', { oauth_verifier: '' }, 'access_denied'],
    ['an altered state', { state: `${'B'.repeat(32)}abcdefghijklmnopqrstuv` }, 'state_mismatch'],
    ['another company', { company: '1234567' }, 'account_mismatch'],
    ['a malformed company', { company: 'x.example' }, 'account_mismatch'],
  ])('refuses %s before any exchange', async (_, change, reason) => {
    const error = await failure(complete({ ...callback, ...change }));
    expect(error).toMatchObject({ reason, returnUrl: RETURN_URL });
    expect(t.transport.sent).toHaveLength(1);
    expect(t.deps.vault.versions.size).toBe(0);
    // The flow is spent and its link free again.
    expect(t.deps.pending.links.size).toBe(0);
  });

  it.each([
    ['a missing state', { state: '' }],
    ['a state naming another link', { state: `${'B'.repeat(32)}otherlinkotherlink` }],
  ])('answers request_unknown, with no return URL to trust, for %s', async (_, change) => {
    const error = await failure(complete({ ...callback, ...change }));
    expect(error).toMatchObject({ reason: 'request_unknown', returnUrl: undefined });
    expect(t.transport.sent).toHaveLength(1);
    // The real flow is untouched: it can still complete.
    expect((await complete()).redirectUrl).toContain('status=connected');
  });

  it('lets only the newest start from a link complete: an earlier one is request_unknown', async () => {
    const newer = await startAuthorization(t.deps, {
      link: await t.sign(),
      account: undefined,
      correlationId: 'req-3',
    });
    if (newer.kind !== 'consent') throw new Error('expected consent');
    expect(await failure(complete())).toMatchObject({ reason: 'request_unknown' });
    const outcome = await completeAuthorization(t.deps, {
      params: parseCallbackParams({
        ...callback,
        oauth_token: 'RT2',
        state: new URL(newer.consentUrl).searchParams.get('state') ?? '',
      }),
      cookies: { [newer.binding.cookieName]: newer.binding.value },
      correlationId: 'req-4',
    });
    expect(outcome.redirectUrl).toContain('status=connected');
  });

  it('refuses a callback without the binding cookie (another browser) as session_mismatch', async () => {
    expect(await failure(complete(callback, {}))).toMatchObject({ reason: 'session_mismatch' });
    expect(t.transport.sent).toHaveLength(1);
  });

  it('refuses a pending record past its expiry even though it was never deleted', async () => {
    t.clock.advance(900);
    expect(await failure(complete())).toMatchObject({ reason: 'request_expired', returnUrl: RETURN_URL });
    expect(t.transport.sent).toHaveLength(1);
  });

  it('treats a callback without request token as a denial, with no return URL to trust', async () => {
    expect(await failure(complete({ state: callback.state ?? '' }))).toMatchObject({
      reason: 'access_denied',
      returnUrl: undefined,
    });
    expect(await failure(complete({ oauth_verifier: 'V1' }))).toMatchObject({ reason: 'request_unknown' });
  });

  it('answers link_used when another flow from the same link claimed it first, minting no token', async () => {
    t.deps.pending.links.set(LINK_ID, { usedAt: 1, returnUrl: RETURN_URL });
    expect(await failure(complete())).toMatchObject({ reason: 'link_used', returnUrl: RETURN_URL });
    expect(t.transport.sent).toHaveLength(1);
    expect(t.deps.vault.versions.size).toBe(0);
    expect(await t.deps.connections.list('acme')).toEqual([]);
    // The other flow's claim stands.
    expect(t.deps.pending.links.get(LINK_ID)).toEqual({ usedAt: 1, returnUrl: RETURN_URL });
  });

  it('gives the link back when NetSuite refuses the exchange', async () => {
    t.netsuite.accessToken = { status: 401, body: '{"error":{"code":"INVALID_LOGIN_ATTEMPT"}}' };
    expect(await failure(complete())).toMatchObject({ reason: 'netsuite_rejected', returnUrl: RETURN_URL });
    expect(await t.deps.pending.isLinkUsed(LINK_ID)).toBe(false);
    expect(t.deps.vault.versions.size).toBe(0);
  });

  it('gives the link back when the flow fails after claiming it, so the admin can try again', async () => {
    t.deps.connections.create = async () => {
      throw new FlowError('storage_unavailable', 'down');
    };
    expect(await failure(complete())).toMatchObject({ reason: 'storage_unavailable' });
    expect(await t.deps.pending.isLinkUsed(LINK_ID)).toBe(false);
    // The token reached the vault, so it is held (to be superseded by the next try), not revoked.
    expect((await t.deps.vault.read('acme', '1234567_SB1'))?.current.tokenId).toBe('TID1');
    expect(t.transport.sent.some((request) => request.url.includes('/rest/revoketoken'))).toBe(false);
  });

  it('answers storage_unavailable and records no connection when the vault fails', async () => {
    t.deps.vault.failWith = new FlowError('storage_unavailable', 'down');
    expect(await failure(complete())).toMatchObject({ reason: 'storage_unavailable', returnUrl: RETURN_URL });
    expect(await t.deps.connections.list('acme')).toEqual([]);
    expect(await t.deps.pending.isLinkUsed(LINK_ID)).toBe(false);
  });

  it('holds a pending_approval token when it cannot be verified yet, and says so', async () => {
    t.netsuite.tokenInfo = { status: 401, body: '{"error":{"code":"INVALID_LOGIN_ATTEMPT"}}' };
    const outcome = await complete();
    const back = new URL(outcome.redirectUrl);
    expect(Object.fromEntries(back.searchParams)).toEqual({
      status: 'error',
      reason: 'integration_pending_approval',
      account: '1234567_SB1',
      ref: 'req-2',
    });
    expect((await t.deps.connections.get('acme', '1234567_SB1'))?.status).toBe('pending_approval');
    expect((await t.deps.vault.read('acme', '1234567_SB1'))?.current.tokenId).toBe('TID1');
  });

  it('revokes the new token when it cannot be stored, so none escapes custody', async () => {
    t.deps.vault.failWith = new FlowError('storage_unavailable', 'down');
    await failure(complete());
    const revoke = t.transport.sent.find((request) => request.url.includes('/rest/revoketoken'));
    expect(new URL(revoke?.url ?? 'http://x').searchParams.get('token')).toBe('TID1');
  });

  it('publishes connection.created, then connection.reauthorized and revokes the superseded token', async () => {
    await complete();
    t.deps.pending.links.clear(); // a new link for the same account
    const again = await startAuthorization(t.deps, {
      link: await t.sign(),
      account: undefined,
      correlationId: 'req-3',
    });
    if (again.kind !== 'consent') throw new Error('expected consent');
    const state = new URL(again.consentUrl).searchParams.get('state') ?? '';
    await completeAuthorization(t.deps, {
      params: parseCallbackParams({ ...callback, oauth_token: 'RT2', state }),
      cookies: { [again.binding.cookieName]: again.binding.value },
      correlationId: 'req-4',
    });
    // Both travel with the connection writes (the change stream publishes them), not on the request.
    expect(t.deps.connections.events.map((event) => [event.type, event.correlationId])).toEqual([
      ['connection.created', 'req-2'],
      ['connection.reauthorized', 'req-4'],
    ]);
    expect(t.deps.events.published).toEqual([]);
    const revoke = t.transport.sent.find((request) => request.url.includes('/rest/revoketoken'));
    expect(new URL(revoke?.url ?? 'http://x').searchParams.get('token')).toBe('TID1');
    expect(await t.deps.vault.read('acme', '1234567_SB1')).toMatchObject({
      current: { tokenId: 'TID2' },
      superseded: [],
    });
  });

  it('logs the outcome without any secret', async () => {
    await complete();
    const logged = JSON.stringify(t.deps.logger.lines);
    expect(logged).toContain('connection.created');
    for (const secret of ['RT1S', 'TS1', 'V1', 'cs', cookies[Object.keys(cookies)[0] ?? ''] ?? '']) {
      expect(logged).not.toContain(`"${secret}"`);
    }
  });
});
