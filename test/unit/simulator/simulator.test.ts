import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { netsuiteEndpoints } from '../../../functions/core/netsuite-endpoints.js';
import {
  buildAccessTokenRequest,
  buildRequestTokenRequest,
  buildRevokeRequest,
  buildTokenInfoRequest,
  parseRequestTokenResponse,
} from '../../../functions/core/netsuite-protocol.js';
import { buildAuthorizationHeader } from '../../../functions/core/oauth-signer.js';
import type { HttpRequest } from '../../../functions/core/ports.js';
import { NetSuiteSimulator } from '../../local/simulator/simulator.js';

const consumer = { key: 'ck-simulator-test', secret: 'cs-simulator-test' };
const callbackUrl = 'https://connect.example.com/connect/callback';
let nowMs = Date.now();
let simulator: NetSuiteSimulator;
let nonceCounter = 0;

const nonce = () => `nonce${(nonceCounter++).toString().padStart(15, '0')}`;
const seconds = () => Math.floor(nowMs / 1000);
const endpoints = () =>
  netsuiteEndpoints(
    {
      restlets: `${simulator.url}/{host}`,
      app: `${simulator.url}/{host}`,
      system: `${simulator.url}/system`,
    },
    '1234567_SB1',
  );

async function send(request: HttpRequest) {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    redirect: 'manual',
  });
  return { status: response.status, body: await response.text(), location: response.headers.get('location') };
}

const requestTokenRequest = (overrides: Partial<Parameters<typeof buildRequestTokenRequest>[0]> = {}) =>
  buildRequestTokenRequest({
    endpoints: endpoints(),
    consumer,
    realm: '1234567_SB1',
    callbackUrl,
    attempt: { nonce: nonce(), timestamp: seconds() },
    ...overrides,
  });

async function authorizedRequestToken() {
  const token = parseRequestTokenResponse(await send(requestTokenRequest()));
  const consent = await send({
    method: 'GET',
    url: `${endpoints().consent}?oauth_token=${token.token}&state=abc`,
    headers: {},
  });
  const callback = new URL(consent.location ?? '');
  return { token, callback };
}

function exchangeRequest(token: { token: string; secret: string }, verifier: string): HttpRequest {
  return buildAccessTokenRequest({
    endpoints: endpoints(),
    consumer,
    realm: '1234567_SB1',
    requestToken: token,
    verifier,
    attempt: { nonce: nonce(), timestamp: seconds() },
  });
}

const errorCode = (body: string) => JSON.parse(body).error.code;

beforeAll(async () => {
  simulator = await new NetSuiteSimulator({
    integration: {
      applicationName: 'Test',
      consumerKey: consumer.key,
      consumerSecret: consumer.secret,
      callbackUrl,
    },
    consent: { kind: 'allow', role: '1032' },
    now: () => nowMs,
  }).listen();
});

beforeEach(() => {
  nowMs = Date.now();
  simulator.setConsent({ kind: 'allow', role: '1032' });
});

afterAll(async () => {
  await simulator.close();
});

describe('NetSuiteSimulator', () => {
  it('issues a request token, redirects consent to the callback and exchanges it once', async () => {
    const { token, callback } = await authorizedRequestToken();
    expect(`${callback.origin}${callback.pathname}`).toBe(callbackUrl);
    expect(Object.fromEntries(callback.searchParams)).toMatchObject({
      oauth_token: token.token,
      company: '1234567_SB1',
      role: '1032',
      entity: '7',
      state: 'abc',
    });
    const verifier = callback.searchParams.get('oauth_verifier') ?? '';
    const exchanged = await send(exchangeRequest(token, verifier));
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatch(/^oauth_token=[0-9a-f]{64}&oauth_token_secret=[0-9a-f]{64}\n$/);

    const again = await send(exchangeRequest(token, verifier));
    expect(again.status).toBe(401);
    expect(simulator.audit.at(-1)?.detail).toBe('request token already used');
  });

  it('rejects a signature made with the wrong consumer secret', async () => {
    const answer = await send(requestTokenRequest({ consumer: { key: consumer.key, secret: 'wrong' } }));
    expect(answer.status).toBe(401);
    expect(errorCode(answer.body)).toBe('InvalidSignature');
  });

  it('rejects a request whose signed content was altered in transit', async () => {
    const request = requestTokenRequest();
    const tampered = request.headers.Authorization?.replace(
      /oauth_timestamp="(\d+)"/,
      (_, ts) => `oauth_timestamp="${Number(ts) + 1}"`,
    );
    const answer = await send({ ...request, headers: { Authorization: tampered ?? '' } });
    expect(errorCode(answer.body)).toBe('InvalidSignature');
  });

  it('accepts ±5 minutes of clock skew and rejects more', async () => {
    expect(
      (await send(requestTokenRequest({ attempt: { nonce: nonce(), timestamp: seconds() - 290 } }))).status,
    ).toBe(200);
    const late = await send(requestTokenRequest({ attempt: { nonce: nonce(), timestamp: seconds() - 301 } }));
    expect(errorCode(late.body)).toBe('InvalidTimestamp');
  });

  it('rejects a reused nonce', async () => {
    const attempt = { nonce: nonce(), timestamp: seconds() };
    expect((await send(requestTokenRequest({ attempt }))).status).toBe(200);
    const replay = await send(requestTokenRequest({ attempt }));
    expect(errorCode(replay.body)).toBe('NonceUsed');
  });

  it('rejects a callback other than the registered one', async () => {
    const answer = await send(requestTokenRequest({ callbackUrl: 'https://evil.example.net/cb' }));
    expect(errorCode(answer.body)).toBe('InvalidCallback');
  });

  it('rejects an unknown consumer key and a missing parameter', async () => {
    expect(
      errorCode(
        (await send(requestTokenRequest({ consumer: { key: 'other', secret: consumer.secret } }))).body,
      ),
    ).toBe('UnknownIntegration');
    const url = endpoints().requestToken;
    const header = buildAuthorizationHeader(
      { method: 'POST', url },
      { consumer, nonce: nonce(), timestamp: seconds() },
    );
    expect(errorCode((await send({ method: 'POST', url, headers: { Authorization: header } })).body)).toBe(
      'MissingRequiredParameter',
    );
  });

  it('accepts only HMAC-SHA256', async () => {
    const request = requestTokenRequest();
    const sha1 = request.headers.Authorization?.replace('HMAC-SHA256', 'HMAC-SHA1') ?? '';
    expect(errorCode((await send({ ...request, headers: { Authorization: sha1 } })).body)).toBe(
      'InvalidSignature',
    );
  });

  it('refuses to exchange an expired request token, with the real reason in the audit trail', async () => {
    const { token, callback } = await authorizedRequestToken();
    nowMs += 901_000;
    const answer = await send(exchangeRequest(token, callback.searchParams.get('oauth_verifier') ?? ''));
    expect(errorCode(answer.body)).toBe('INVALID_LOGIN_ATTEMPT');
    expect(simulator.audit.at(-1)?.detail).toBe('request token expired');
  });

  it('refuses a wrong verifier and a token that was denied', async () => {
    const { token } = await authorizedRequestToken();
    expect(errorCode((await send(exchangeRequest(token, 'f'.repeat(64)))).body)).toBe(
      'INVALID_LOGIN_ATTEMPT',
    );

    simulator.setConsent({ kind: 'deny' });
    const denied = await authorizedRequestToken();
    expect(denied.callback.searchParams.has('oauth_verifier')).toBe(false);
    expect(errorCode((await send(exchangeRequest(denied.token, 'x'.repeat(64)))).body)).toBe(
      'INVALID_LOGIN_ATTEMPT',
    );
  });

  it('revokes a token with a request signed by that token, after which tokeninfo refuses it', async () => {
    const { token, callback } = await authorizedRequestToken();
    const exchanged = new URLSearchParams(
      (await send(exchangeRequest(token, callback.searchParams.get('oauth_verifier') ?? ''))).body.trim(),
    );
    const access = {
      tokenId: exchanged.get('oauth_token') ?? '',
      tokenSecret: exchanged.get('oauth_token_secret') ?? '',
    };
    const withToken = () => ({
      consumer,
      token: access,
      realm: '1234567_SB1',
      attempt: { nonce: nonce(), timestamp: seconds() },
    });

    expect((await send(buildTokenInfoRequest(endpoints(), withToken()))).status).toBe(200);
    // Query parameters are signed: altering one after signing breaks the signature.
    const revoke = buildRevokeRequest(endpoints(), withToken());
    const altered = await send({ ...revoke, url: revoke.url.replace('consumerKey=', 'consumerKey=x') });
    expect(errorCode(altered.body)).toBe('InvalidSignature');
    expect((await send(buildRevokeRequest(endpoints(), withToken()))).status).toBe(200);
    expect(simulator.liveTokens().some((live) => live.tokenId === access.tokenId)).toBe(false);
    const after = await send(buildTokenInfoRequest(endpoints(), withToken()));
    expect(errorCode(after.body)).toBe('INVALID_LOGIN_ATTEMPT');
  });

  it('refuses a new token once the user holds the maximum number of active tokens', async () => {
    simulator.maxTokensPerUser = simulator.liveTokens({ accountId: '1234567_SB1' }).length;
    try {
      const { token, callback } = await authorizedRequestToken();
      const answer = await send(exchangeRequest(token, callback.searchParams.get('oauth_verifier') ?? ''));
      expect(answer.status).toBe(400);
      expect(errorCode(answer.body)).toBe('USER_ERROR');
    } finally {
      simulator.maxTokensPerUser = 25;
    }
  });

  it('starts at the system domain without an account and binds the one the user picks', async () => {
    const system = netsuiteEndpoints(
      {
        restlets: `${simulator.url}/{host}`,
        app: `${simulator.url}/{host}`,
        system: `${simulator.url}/system`,
      },
      '1234567_SB1',
    );
    const request = buildRequestTokenRequest({
      endpoints: { requestToken: `${simulator.url}/system/rest/requesttoken`, consent: system.consent },
      consumer,
      realm: undefined,
      callbackUrl,
      attempt: { nonce: nonce(), timestamp: seconds() },
    });
    const token = parseRequestTokenResponse(await send(request));
    simulator.setConsent({ kind: 'allow', role: '3', account: '5555555' });
    const consent = await send({
      method: 'GET',
      url: `${simulator.url}/system/app/login/secure/authorizetoken.nl?oauth_token=${token.token}`,
      headers: {},
    });
    expect(new URL(consent.location ?? '').searchParams.get('company')).toBe('5555555');
  });

  it('asks a person to log in, then shows their roles with Allow and Deny', async () => {
    simulator.setConsent({ kind: 'interactive' });
    const token = parseRequestTokenResponse(await send(requestTokenRequest()));
    const post = (form: Record<string, string>, cookie = '') =>
      fetch(endpoints().consent, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          ...(cookie ? { Cookie: cookie } : {}),
        },
        body: new URLSearchParams({ oauth_token: token.token, state: 's1', ...form }),
      });
    const login = await send({
      method: 'GET',
      url: `${endpoints().consent}?oauth_token=${token.token}&state=s1`,
      headers: {},
    });
    expect(login.body).toContain('<label for="password">Password</label>');

    const wrong = await post({ action: 'login', email: 'alex.admin@example.com', password: 'nope' });
    expect(await wrong.text()).toContain('not correct');

    const signedIn = await post({ action: 'login', email: 'alex.admin@example.com', password: 'demo' });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const consentPage = await signedIn.text();
    expect(consentPage).toContain('<select id="role" name="role">');
    expect(consentPage).toContain('value="allow"');
    expect(consentPage).toContain('value="deny"');

    const chosen = await post({ action: 'allow', role: '1040' }, cookie);
    const callback = new URL(chosen.headers.get('location') ?? '');
    expect(callback.searchParams.get('role')).toBe('1040');
    expect(callback.searchParams.get('entity')).toBe('7');
    expect(callback.searchParams.get('state')).toBe('s1');
  });
});
