import * as z from 'zod/mini';
import { FlowError, NetSuiteError } from './errors.js';
import { parseAccountId } from './ids.js';
import type { NetSuiteEndpoints, StartEndpoints } from './netsuite-endpoints.js';
import { buildAuthorizationHeader } from './oauth-signer.js';
import type { ConsumerCredentials, HttpRequest, HttpResponse } from './ports.js';

/** Per-attempt signing inputs: every attempt, retries included, needs a fresh nonce (else `NonceUsed`). */
export interface Attempt {
  readonly nonce: string;
  /** Unix seconds. */
  readonly timestamp: number;
}

export interface RequestToken {
  readonly token: string;
  readonly secret: string;
}

export interface AccessToken {
  readonly tokenId: string;
  readonly tokenSecret: string;
}

// ── Step 1: request token ────────────────────────────────────────────────────────────────────────────

export function buildRequestTokenRequest(input: {
  endpoints: StartEndpoints;
  consumer: ConsumerCredentials;
  /** Absent on the system domain, where the account is not known yet. */
  realm: string | undefined;
  callbackUrl: string;
  attempt: Attempt;
}): HttpRequest {
  const url = input.endpoints.requestToken;
  const authorization = buildAuthorizationHeader(
    { method: 'POST', url },
    {
      consumer: input.consumer,
      ...(input.realm === undefined ? {} : { realm: input.realm }),
      ...input.attempt,
    },
    { oauth_callback: input.callbackUrl },
  );
  return { method: 'POST', url, headers: { Authorization: authorization } };
}

export function parseRequestTokenResponse(response: HttpResponse): RequestToken {
  const fields = parseFormResponse(response);
  // A body cut short is a transport failure; only a complete answer can tell about the callback.
  const token = {
    token: requiredField(fields, 'oauth_token'),
    secret: requiredField(fields, 'oauth_token_secret'),
  };
  // RFC 5849 §2.1: without the confirmation NetSuite did not register our callback (session-fixation fix).
  if (fields.get('oauth_callback_confirmed') !== 'true') {
    throw new FlowError('callback_not_confirmed', 'NetSuite did not confirm the callback URL');
  }
  return token;
}

// ── Step 2: consent in the browser ───────────────────────────────────────────────────────────────────

/** `state` is echoed by NetSuite only if it is letters and digits, at most 512 characters. */
const STATE = /^[A-Za-z0-9]{1,512}$/;

export function buildConsentUrl(endpoints: StartEndpoints, requestToken: string, state: string): string {
  if (!STATE.test(state)) throw new FlowError('internal', 'state must be 1-512 letters and digits');
  const url = new URL(endpoints.consent);
  url.searchParams.set('oauth_token', requestToken);
  url.searchParams.set('state', state);
  return url.href;
}

/** What NetSuite appends to the callback URL. Fields that are absent or malformed are left undefined. */
export interface CallbackParams {
  readonly requestToken: string | undefined;
  readonly verifier: string | undefined;
  /** Canonical (realm) form, when present and well-formed. */
  readonly company: string | undefined;
  /** True when `company` was sent but is not an account id. */
  readonly companyMalformed: boolean;
  readonly role: string | undefined;
  readonly entity: string | undefined;
  readonly state: string | undefined;
}

const opaqueToken = z.string().check(z.regex(/^[A-Za-z0-9._~+/=-]{1,512}$/));
const internalId = z.string().check(z.regex(/^-?\d{1,18}$/));

function pick<T>(schema: z.ZodMiniType<T>, value: string | undefined): T | undefined {
  if (value === undefined || value === '') return undefined;
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

export function parseCallbackParams(query: Readonly<Record<string, string | undefined>>): CallbackParams {
  const company = query.company === undefined || query.company === '' ? undefined : query.company;
  const canonicalCompany = company === undefined ? undefined : parseAccountId(company);
  return {
    requestToken: pick(opaqueToken, query.oauth_token),
    verifier: pick(opaqueToken, query.oauth_verifier),
    company: canonicalCompany,
    companyMalformed: company !== undefined && canonicalCompany === undefined,
    role: pick(internalId, query.role),
    entity: pick(internalId, query.entity),
    state: pick(z.string().check(z.regex(STATE)), query.state),
  };
}

// ── Step 3: access token ─────────────────────────────────────────────────────────────────────────────

export function buildAccessTokenRequest(input: {
  endpoints: NetSuiteEndpoints;
  consumer: ConsumerCredentials;
  realm: string;
  requestToken: RequestToken;
  verifier: string;
  attempt: Attempt;
}): HttpRequest {
  const url = input.endpoints.accessToken;
  const authorization = buildAuthorizationHeader(
    { method: 'POST', url },
    {
      consumer: input.consumer,
      token: { key: input.requestToken.token, secret: input.requestToken.secret },
      realm: input.realm,
      ...input.attempt,
    },
    { oauth_verifier: input.verifier },
  );
  return { method: 'POST', url, headers: { Authorization: authorization } };
}

export function parseAccessTokenResponse(response: HttpResponse): AccessToken {
  const fields = parseFormResponse(response);
  return {
    tokenId: requiredField(fields, 'oauth_token'),
    tokenSecret: requiredField(fields, 'oauth_token_secret'),
  };
}

// ── Using a token: verification and revocation ──────────────────────────────────────────────────────

export interface TokenCredentials {
  readonly consumer: ConsumerCredentials;
  readonly token: { readonly tokenId: string; readonly tokenSecret: string };
  readonly realm: string;
  readonly attempt: Attempt;
}

function signedWithToken(method: 'GET' | 'POST', url: string, input: TokenCredentials): HttpRequest {
  const authorization = buildAuthorizationHeader(
    { method, url },
    {
      consumer: input.consumer,
      token: { key: input.token.tokenId, secret: input.token.tokenSecret },
      realm: input.realm,
      ...input.attempt,
    },
  );
  return { method, url, headers: { Authorization: authorization } };
}

/** A cheap signed call that succeeds only while the token works (NetSuite's `tokeninfo`). */
export function buildTokenInfoRequest(endpoints: NetSuiteEndpoints, input: TokenCredentials): HttpRequest {
  return signedWithToken('GET', endpoints.tokenInfo, input);
}

export type TokenCheck = { readonly ok: true } | { readonly ok: false; readonly netsuiteCode: string };

/** 401/403 mean the token does not work (revoked, or its integration not yet approved); 5xx throws. */
export function parseTokenInfoResponse(response: HttpResponse): TokenCheck {
  if (response.status === 200) return { ok: true };
  const error = parseErrorResponse(response);
  if (response.status === 401 || response.status === 403)
    return { ok: false, netsuiteCode: error.netsuiteCode };
  throw error;
}

/** Revocation is signed with the token being revoked; its query parameters are part of the signature. */
export function buildRevokeRequest(endpoints: NetSuiteEndpoints, input: TokenCredentials): HttpRequest {
  const url = new URL(endpoints.revokeToken);
  url.searchParams.set('consumerKey', input.consumer.key);
  url.searchParams.set('token', input.token.tokenId);
  return signedWithToken('GET', url.href, input);
}

export type RevokeOutcome = 'revoked' | 'already_invalid';

/**
 * Any 2xx revokes. NetSuite refuses a token it no longer accepts with INVALID_LOGIN_ATTEMPT, which for
 * a revocation means the goal is already reached; any other refusal (a bad signature) is an error.
 */
export function parseRevokeResponse(response: HttpResponse): RevokeOutcome {
  if (response.status >= 200 && response.status < 300) return 'revoked';
  const error = parseErrorResponse(response);
  if (response.status === 401 && error.netsuiteCode === 'INVALID_LOGIN_ATTEMPT') return 'already_invalid';
  throw error;
}

// ── Shared codecs ────────────────────────────────────────────────────────────────────────────────────

/** What an operator should check for NetSuite's documented refusals; the code alone is cryptic. */
const NETSUITE_HINTS: Readonly<Record<string, string>> = {
  InvalidTimestamp: "our clock and NetSuite's differ by more than 5 minutes",
  NonceUsed: 'NetSuite saw this nonce before: a request was replayed',
  NonceRejected: 'NetSuite refused the nonce',
  InvalidSignature: 'the consumer key and secret do not match the integration record',
  UnknownIntegration: 'no integration record has this consumer key',
  IntegrationBlocked: 'the integration record is blocked in this account',
  AuthorizationFlowRequired: "the integration record lacks 'TBA: Authorization Flow'",
  InvalidCallback: "the callback URL differs from the integration record's",
  INVALID_LOGIN_ATTEMPT: "the account's Login Audit Trail shows the real reason",
};

const errorEnvelope = z.object({
  error: z.object({
    code: z.string().check(z.minLength(1), z.maxLength(200)),
    message: z.optional(z.string().check(z.maxLength(2000))),
  }),
});

/**
 * NetSuite's JSON error envelope, e.g. `{"error":{"code":"INVALID_LOGIN_ATTEMPT","message":"…"}}`.
 * A body of another shape (HTML from a proxy, an empty 405) still yields an error with a synthetic code.
 */
export function parseErrorResponse(response: HttpResponse): NetSuiteError {
  let parsed: z.infer<typeof errorEnvelope> | undefined;
  try {
    const result = errorEnvelope.safeParse(JSON.parse(response.body));
    parsed = result.success ? result.data : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) {
    return new NetSuiteError(
      response.status,
      `HTTP_${response.status}`,
      `NetSuite answered HTTP ${response.status}`,
    );
  }
  const message = parsed.error.message ?? parsed.error.code;
  const hint = NETSUITE_HINTS[parsed.error.code];
  return new NetSuiteError(
    response.status,
    parsed.error.code,
    `NetSuite: ${message}${hint ? ` (${hint})` : ''}`,
  );
}

/** Success bodies are form-encoded and end with a newline; values are trimmed too. */
function parseFormResponse(response: HttpResponse): URLSearchParams {
  if (response.status !== 200) throw parseErrorResponse(response);
  const fields = new URLSearchParams(response.body.trim());
  for (const [name, value] of [...fields]) fields.set(name, value.trim());
  return fields;
}

function requiredField(fields: URLSearchParams, name: string): string {
  const value = fields.get(name);
  if (value === null || value === '') {
    // A truncated or garbled success body is a transport failure, not a refusal: retrying may work.
    throw new NetSuiteError(
      200,
      'MALFORMED_RESPONSE',
      `NetSuite's answer has no ${name}`,
      'netsuite_unavailable',
    );
  }
  return value;
}
