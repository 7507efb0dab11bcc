import { hashesEqual, sha256Hex } from './digest.js';
import { FlowError } from './errors.js';
import type { CallbackParams, RequestToken } from './netsuite-protocol.js';
import type { PendingAuthorization } from './ports.js';

declare const verifiedBrand: unique symbol;

/**
 * A callback that matched a consumed pending record on every check. Only `verifyCallback` makes one, and
 * only a VerifiedCallback can be exchanged for an access token: the type system enforces the step order.
 */
export type VerifiedCallback = {
  readonly tenantId: string;
  readonly accountId: string;
  readonly requestToken: RequestToken;
  readonly verifier: string;
  readonly role: string | undefined;
  readonly entity: string | undefined;
} & { readonly [verifiedBrand]: true };

/**
 * Checks, in order: expiry (the TTL deletes late, or never in emulators), `state`, the browser binding
 * cookie (so a consent obtained in one browser cannot be completed in another: login CSRF and session
 * fixation), denial, and the account NetSuite says the user authorised.
 */
export function verifyCallback(input: {
  pending: PendingAuthorization;
  params: CallbackParams;
  binding: string | undefined;
  nowSeconds: number;
}): VerifiedCallback {
  const { pending, params, binding } = input;
  if (input.nowSeconds >= pending.expiresAt) {
    throw new FlowError('request_expired', 'The authorization took too long; start again from the link');
  }
  if (params.state === undefined || !hashesEqual(sha256Hex(params.state), pending.stateHash)) {
    throw new FlowError('state_mismatch', 'The callback state does not match the authorization it names');
  }
  if (binding === undefined || !hashesEqual(sha256Hex(binding), pending.bindingHash)) {
    throw new FlowError(
      'session_mismatch',
      'The callback arrived in a different browser session than the start',
    );
  }
  if (params.verifier === undefined) {
    throw new FlowError('access_denied', 'The NetSuite user did not allow access');
  }
  // Checked before the exchange, so a token for another account than the declared one is never minted.
  const declared = pending.accountId;
  if (
    params.companyMalformed ||
    (declared !== undefined && params.company !== undefined && params.company !== declared)
  ) {
    throw new FlowError(
      'account_mismatch',
      'NetSuite reports a different account than the one being connected',
    );
  }
  const accountId = declared ?? params.company;
  if (accountId === undefined) {
    throw new FlowError('account_mismatch', 'NetSuite did not say which account was authorized');
  }
  const verified: Omit<VerifiedCallback, typeof verifiedBrand> = {
    tenantId: pending.tenantId,
    accountId,
    requestToken: { token: pending.requestToken, secret: pending.requestTokenSecret },
    verifier: params.verifier,
    role: params.role,
    entity: params.entity,
  };
  return verified as VerifiedCallback;
}
