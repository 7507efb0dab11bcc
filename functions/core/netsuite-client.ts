import { toRealm } from './ids.js';
import { type NetSuiteUrlTemplates, netsuiteEndpoints, startEndpoints } from './netsuite-endpoints.js';
import {
  type AccessToken,
  type Attempt,
  buildAccessTokenRequest,
  buildConsentUrl,
  buildRequestTokenRequest,
  buildRevokeRequest,
  buildTokenInfoRequest,
  parseAccessTokenResponse,
  parseRequestTokenResponse,
  parseRevokeResponse,
  parseTokenInfoResponse,
  type RequestToken,
  type RevokeOutcome,
  type TokenCheck,
} from './netsuite-protocol.js';
import type { Clock, ConsumerCredentials, HttpTransport, RandomSource } from './ports.js';
import { nowSeconds } from './time.js';
import type { VerifiedCallback } from './verified-callback.js';

export interface TokenReference {
  readonly tokenId: string;
  readonly tokenSecret: string;
}

/** NetSuite's TBA authorization flow and the two calls that use a token, as the product sees them. */
export interface NetSuiteClient {
  /** `accountId` undefined: the account-agnostic system domain (the callback's `company` will tell). */
  getRequestToken(input: {
    consumer: ConsumerCredentials;
    accountId: string | undefined;
    callbackUrl: string;
  }): Promise<RequestToken>;
  consentUrl(accountId: string | undefined, requestToken: string, state: string): string;
  exchangeAccessToken(consumer: ConsumerCredentials, callback: VerifiedCallback): Promise<AccessToken>;
  verifyToken(consumer: ConsumerCredentials, accountId: string, token: TokenReference): Promise<TokenCheck>;
  revokeToken(
    consumer: ConsumerCredentials,
    accountId: string,
    token: TokenReference,
  ): Promise<RevokeOutcome>;
}

export const NONCE_LENGTH = 20;

export function createNetSuiteClient(deps: {
  transport: HttpTransport;
  templates: NetSuiteUrlTemplates;
  clock: Clock;
  random: RandomSource;
}): NetSuiteClient {
  // Every attempt, a retry included, gets a fresh nonce and timestamp: NetSuite rejects a reused nonce.
  const attempt = (): Attempt => ({
    nonce: deps.random.alphanumeric(NONCE_LENGTH),
    timestamp: nowSeconds(deps.clock),
  });
  const withToken = (consumer: ConsumerCredentials, accountId: string, token: TokenReference) => ({
    consumer,
    token,
    realm: toRealm(accountId),
    attempt: attempt(),
  });

  return {
    async getRequestToken({ consumer, accountId, callbackUrl }) {
      const request = buildRequestTokenRequest({
        endpoints: startEndpoints(deps.templates, accountId),
        consumer,
        realm: accountId === undefined ? undefined : toRealm(accountId),
        callbackUrl,
        attempt: attempt(),
      });
      return parseRequestTokenResponse(await deps.transport.send(request));
    },

    consentUrl(accountId, requestToken, state) {
      return buildConsentUrl(startEndpoints(deps.templates, accountId), requestToken, state);
    },

    async exchangeAccessToken(consumer, callback) {
      const request = buildAccessTokenRequest({
        endpoints: netsuiteEndpoints(deps.templates, callback.accountId),
        consumer,
        realm: toRealm(callback.accountId),
        requestToken: callback.requestToken,
        verifier: callback.verifier,
        attempt: attempt(),
      });
      // Never retried blindly: the request token is single-use, a second attempt could only fail.
      return parseAccessTokenResponse(await deps.transport.send(request));
    },

    async verifyToken(consumer, accountId, token) {
      const request = buildTokenInfoRequest(
        netsuiteEndpoints(deps.templates, accountId),
        withToken(consumer, accountId, token),
      );
      return parseTokenInfoResponse(await deps.transport.send(request));
    },

    async revokeToken(consumer, accountId, token) {
      const request = buildRevokeRequest(
        netsuiteEndpoints(deps.templates, accountId),
        withToken(consumer, accountId, token),
      );
      return parseRevokeResponse(await deps.transport.send(request));
    },
  };
}
