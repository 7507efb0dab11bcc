import { describe, expect, it } from 'vitest';
import { FlowError, NetSuiteError } from '../../../functions/core/errors.js';
import { netsuiteEndpoints } from '../../../functions/core/netsuite-endpoints.js';
import {
  buildAccessTokenRequest,
  buildConsentUrl,
  buildRequestTokenRequest,
  parseAccessTokenResponse,
  parseCallbackParams,
  parseErrorResponse,
  parseRequestTokenResponse,
} from '../../../functions/core/netsuite-protocol.js';

const ck = '60712990bc09623786e7047c226bcb3f86d49dca0b04efc21001dc76d97a81f5';
const endpoints = netsuiteEndpoints(
  {
    restlets: 'https://{host}.restlets.api.netsuite.com',
    app: 'https://{host}.app.netsuite.com',
    system: 'https://system.netsuite.com',
  },
  '1234567',
);

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof FlowError ? error.reason : 'not a FlowError';
  }
  return undefined;
}

describe('buildRequestTokenRequest', () => {
  it('produces the NS-1 request: POST, empty body, everything in the header', () => {
    const request = buildRequestTokenRequest({
      endpoints,
      consumer: { key: ck, secret: ck },
      realm: '1234567',
      callbackUrl: 'https://my.example.com/TBA/?callbackRequest',
      attempt: { nonce: 'bUvpxBX93OWo0FLswq5M', timestamp: 1575998103 },
    });
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://1234567.restlets.api.netsuite.com/rest/requesttoken');
    expect(request.headers.Authorization).toContain(
      'oauth_signature="KPBoxLKj2sTc%2B7dmTT9K2dsVnK5r7n5%2FRopNeuZrn70%3D"',
    );
    expect(request.headers.Authorization).toContain(
      'oauth_callback="https%3A%2F%2Fmy.example.com%2FTBA%2F%3FcallbackRequest"',
    );
  });
});

describe('parseRequestTokenResponse', () => {
  it('trims the trailing newline and every value', () => {
    const body = 'oauth_token=abc &oauth_token_secret= def&oauth_callback_confirmed=true\n';
    expect(parseRequestTokenResponse({ status: 200, body })).toEqual({ token: 'abc', secret: 'def' });
  });

  it('refuses an answer whose callback was not confirmed', () => {
    const body = 'oauth_token=abc&oauth_token_secret=def&oauth_callback_confirmed=false\n';
    expect(reasonOf(() => parseRequestTokenResponse({ status: 200, body }))).toBe('callback_not_confirmed');
    const missing = 'oauth_token=abc&oauth_token_secret=def\n';
    expect(reasonOf(() => parseRequestTokenResponse({ status: 200, body: missing }))).toBe(
      'callback_not_confirmed',
    );
  });

  it('treats a truncated success body as NetSuite being unavailable', () => {
    const body = 'oauth_token=abc&oauth_callback_confirmed=true';
    expect(reasonOf(() => parseRequestTokenResponse({ status: 200, body }))).toBe('netsuite_unavailable');
  });

  it("turns NetSuite's JSON error envelope into a typed error keeping NetSuite's code", () => {
    const body = '{"error":{"code":"INVALID_LOGIN_ATTEMPT","message":"Invalid login attempt."}}';
    try {
      parseRequestTokenResponse({ status: 401, body });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NetSuiteError);
      expect(error).toMatchObject({
        reason: 'netsuite_rejected',
        netsuiteCode: 'INVALID_LOGIN_ATTEMPT',
        httpStatus: 401,
      });
    }
  });
});

describe('parseErrorResponse', () => {
  it('gives a synthetic code for a body that is not the envelope (405 without body, HTML)', () => {
    expect(parseErrorResponse({ status: 405, body: '' })).toMatchObject({
      netsuiteCode: 'HTTP_405',
      reason: 'netsuite_rejected',
    });
    expect(parseErrorResponse({ status: 503, body: '<html>down</html>' })).toMatchObject({
      netsuiteCode: 'HTTP_503',
      reason: 'netsuite_unavailable',
    });
    expect(parseErrorResponse({ status: 401, body: '{"error":{}}' }).netsuiteCode).toBe('HTTP_401');
  });

  it('explains clock and replay refusals to the operator', () => {
    const skew = parseErrorResponse({
      status: 401,
      body: '{"error":{"code":"InvalidTimestamp","message":"Invalid timestamp"}}',
    });
    expect(skew).toMatchObject({ reason: 'netsuite_rejected', netsuiteCode: 'InvalidTimestamp' });
    expect(skew.message).toContain('differ by more than 5 minutes');
    const replay = parseErrorResponse({ status: 401, body: '{"error":{"code":"NonceUsed"}}' });
    expect(replay.message).toContain('replayed');
  });

  it('keeps documented flow codes such as InvalidSignature', () => {
    const error = parseErrorResponse({ status: 401, body: '{"error":{"code":"InvalidSignature"}}' });
    expect(error.netsuiteCode).toBe('InvalidSignature');
  });
});

describe('buildAccessTokenRequest and parseAccessTokenResponse', () => {
  it('produces the NS-3 signature and no oauth_callback', () => {
    const token = '447d0cba5569a2d616e32a537110bc8c10ebcf42cc1fa34d6f76d08531abc179';
    const request = buildAccessTokenRequest({
      endpoints,
      consumer: { key: ck, secret: ck },
      realm: '1234567',
      requestToken: { token, secret: token },
      verifier: '3eff1ae4de6f924014b88e489a41e88da8ed1ba8bd5ad7684a71579d7e97f4ee',
      attempt: { nonce: 'wjRgXQPWhYtKl0A7bO8Z', timestamp: 1576079512 },
    });
    expect(request.url).toBe('https://1234567.restlets.api.netsuite.com/rest/accesstoken');
    expect(request.headers.Authorization).toContain(
      'oauth_signature="BBzawyjesZyFrwBjUAJfBsPDDGUY2FRdp3k4NwGDAO0%3D"',
    );
    expect(request.headers.Authorization).not.toContain('oauth_callback');
  });

  it('parses the permanent token and rejects a missing secret', () => {
    expect(
      parseAccessTokenResponse({ status: 200, body: 'oauth_token=id1&oauth_token_secret=s1\n' }),
    ).toEqual({
      tokenId: 'id1',
      tokenSecret: 's1',
    });
    expect(reasonOf(() => parseAccessTokenResponse({ status: 200, body: 'oauth_token=id1\n' }))).toBe(
      'netsuite_unavailable',
    );
  });
});

describe('buildConsentUrl', () => {
  it('adds the request token and an alphanumeric state', () => {
    expect(buildConsentUrl(endpoints, 'tok', 'abc123')).toBe(
      'https://1234567.app.netsuite.com/app/login/secure/authorizetoken.nl?oauth_token=tok&state=abc123',
    );
  });

  it('refuses a state NetSuite would not echo', () => {
    expect(reasonOf(() => buildConsentUrl(endpoints, 'tok', 'a-b'))).toBe('internal');
    expect(reasonOf(() => buildConsentUrl(endpoints, 'tok', 'a'.repeat(513)))).toBe('internal');
  });
});

describe('parseCallbackParams', () => {
  it('reads every parameter NetSuite appends, canonicalising the company', () => {
    expect(
      parseCallbackParams({
        oauth_token: 'tok',
        oauth_verifier: 'ver',
        company: '1234567-sb1',
        role: '3',
        entity: '-5',
        state: 'abc',
      }),
    ).toEqual({
      requestToken: 'tok',
      verifier: 'ver',
      company: '1234567_SB1',
      companyMalformed: false,
      role: '3',
      entity: '-5',
      state: 'abc',
    });
  });

  it('treats a missing or empty verifier as absent (a denial)', () => {
    expect(parseCallbackParams({ oauth_token: 'tok', oauth_verifier: '' }).verifier).toBeUndefined();
    expect(parseCallbackParams({ oauth_token: 'tok' }).verifier).toBeUndefined();
  });

  it('drops malformed values and flags a malformed company', () => {
    const params = parseCallbackParams({
      oauth_token: 'tok\r\nSet-Cookie: x=1',
      role: 'admin',
      company: 'evil.com',
      state: 'a-b',
    });
    expect(params).toMatchObject({
      requestToken: undefined,
      role: undefined,
      state: undefined,
      companyMalformed: true,
    });
  });
});
