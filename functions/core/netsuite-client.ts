import { toRealm } from './ids.js';
import { type NetSuiteUrlTemplates, netsuiteEndpoints } from './netsuite-endpoints.js';
import {
  type AccessToken,
  type Attempt,
  buildAccessTokenRequest,
  buildConsentUrl,
  buildRequestTokenRequest,
  parseAccessTokenResponse,
  parseRequestTokenResponse,
  type RequestToken,
} from './netsuite-protocol.js';
import type { Clock, ConsumerCredentials, HttpTransport, RandomSource } from './ports.js';
import type { VerifiedCallback } from './verified-callback.js';

/** The three steps of NetSuite's TBA authorization flow, as the flow sees them. */
export interface NetSuiteClient {
  getRequestToken(input: {
    consumer: ConsumerCredentials;
    accountId: string;
    callbackUrl: string;
  }): Promise<RequestToken>;
  consentUrl(accountId: string, requestToken: string, state: string): string;
  exchangeAccessToken(consumer: ConsumerCredentials, callback: VerifiedCallback): Promise<AccessToken>;
}

export const NONCE_LENGTH = 20;

export function createNetSuiteClient(deps: {
  transport: HttpTransport;
  templates: NetSuiteUrlTemplates;
  clock: Clock;
  random: RandomSource;
}): NetSuiteClient {
  const attempt = (): Attempt => ({
    nonce: deps.random.alphanumeric(NONCE_LENGTH),
    timestamp: Math.floor(deps.clock.now() / 1000),
  });

  return {
    async getRequestToken({ consumer, accountId, callbackUrl }) {
      const request = buildRequestTokenRequest({
        endpoints: netsuiteEndpoints(deps.templates, accountId),
        consumer,
        realm: toRealm(accountId),
        callbackUrl,
        attempt: attempt(),
      });
      return parseRequestTokenResponse(await deps.transport.send(request));
    },

    consentUrl(accountId, requestToken, state) {
      return buildConsentUrl(netsuiteEndpoints(deps.templates, accountId), requestToken, state);
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
  };
}
