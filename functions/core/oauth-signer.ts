import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';

export type SignatureMethod = 'HMAC-SHA256' | 'HMAC-SHA1';

export interface SigningRequest {
  readonly method: 'GET' | 'POST';
  /** Absolute URL with a lowercase scheme and host; its query parameters are signed. */
  readonly url: string;
}

export interface SigningKeys {
  readonly consumerSecret: string;
  /** Empty for the request-token step. */
  readonly tokenSecret?: string;
}

export interface SigningCredentials {
  readonly consumer: { readonly key: string; readonly secret: string };
  readonly token?: { readonly key: string; readonly secret: string };
  /** Sent in the header but never signed (RFC 5849 §3.4.1.3.1). */
  readonly realm?: string;
  /** From a CSPRNG, letters and digits, fresh for every attempt (NetSuite rejects a reused one). */
  readonly nonce: string;
  /** Unix seconds. */
  readonly timestamp: number;
}

const HASHES: Record<SignatureMethod, string> = { 'HMAC-SHA256': 'sha256', 'HMAC-SHA1': 'sha1' };

function createOAuth(consumer: { key: string; secret: string }, method: SignatureMethod, realm?: string) {
  const hash = HASHES[method];
  return new OAuth({
    consumer,
    signature_method: method,
    hash_function: (baseString, key) => createHmac(hash, key).update(baseString).digest('base64'),
    ...(realm === undefined ? {} : { realm }),
  });
}

/**
 * The RFC 5849 signature over the request and exactly the given protocol parameters.
 * oauth-1.0a does the encoding and normalisation; nonce and timestamp are never its own (it would draw the
 * nonce from Math.random), they arrive inside `oauthParams`.
 */
export function computeSignature(
  request: SigningRequest,
  oauthParams: Readonly<Record<string, string>>,
  keys: SigningKeys,
  method: SignatureMethod = 'HMAC-SHA256',
): string {
  const oauth = createOAuth({ key: '', secret: keys.consumerSecret }, method);
  return oauth.getSignature({ ...request, data: {} }, keys.tokenSecret, {
    ...oauthParams,
  } as unknown as OAuth.Data);
}

/**
 * Builds the `Authorization: OAuth …` header for a NetSuite request, signed with HMAC-SHA256.
 * `extraParams` are further protocol parameters (`oauth_callback`, `oauth_verifier`): signed and sent.
 */
export function buildAuthorizationHeader(
  request: SigningRequest,
  credentials: SigningCredentials,
  extraParams: Readonly<Record<string, string>> = {},
): string {
  const params: Record<string, string> = {
    oauth_consumer_key: credentials.consumer.key,
    oauth_nonce: credentials.nonce,
    oauth_signature_method: 'HMAC-SHA256',
    oauth_timestamp: String(credentials.timestamp),
    oauth_version: '1.0',
    ...(credentials.token === undefined ? {} : { oauth_token: credentials.token.key }),
    ...extraParams,
  };
  const signature = computeSignature(request, params, {
    consumerSecret: credentials.consumer.secret,
    ...(credentials.token === undefined ? {} : { tokenSecret: credentials.token.secret }),
  });
  const oauth = createOAuth(credentials.consumer, 'HMAC-SHA256', credentials.realm);
  return oauth.toHeader({ ...params, oauth_signature: signature } as unknown as OAuth.Authorization)
    .Authorization;
}
