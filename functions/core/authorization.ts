import { emit, type LifecycleDeps, takeCustody } from './connection-lifecycle.js';
import { sha256Hex } from './digest.js';
import { asFlowError, FlowError } from './errors.js';
import { parseAccountId } from './ids.js';
import { LINK_ID_BODY, LINK_ID_PREFIX, type LinkClaims, type LinkCodec } from './links.js';
import type { CallbackParams } from './netsuite-protocol.js';
import type { PendingAuthorizationStore, RandomSource } from './ports.js';
import { buildReturnUrl, isAllowedReturnUrl } from './return-urls.js';
import { nowSeconds } from './time.js';
import { verifyCallback } from './verified-callback.js';

export interface AuthorizationSettings {
  /** Our callback URL, registered in the NetSuite integration record. */
  readonly callbackUrl: string;
  readonly allowedReturnUrls: readonly string[];
  /** How long a started authorization may take (request token to callback). */
  readonly pendingTtlSeconds: number;
  /**
   * When the link names no account: `system` starts at NetSuite's account-agnostic domain and learns the
   * account from the callback; `form` asks the user for the account id first.
   */
  readonly accountDiscovery: 'system' | 'form';
}

export interface AuthorizationDeps extends LifecycleDeps {
  readonly settings: AuthorizationSettings;
  readonly random: RandomSource;
  readonly links: LinkCodec;
  readonly pending: PendingAuthorizationStore;
}

/** Ties the callback to the browser that started the flow; one cookie per flow so parallel tabs coexist. */
export interface BrowserBinding {
  readonly cookieName: string;
  readonly value: string;
  readonly maxAgeSeconds: number;
}

export type StartOutcome =
  | { readonly kind: 'consent'; readonly consentUrl: string; readonly binding: BrowserBinding }
  /** The link names no account: the admin must type one (`rejectedInput` when the last try was not valid). */
  | { readonly kind: 'account-required'; readonly rejectedInput: string | undefined };

export interface CompleteOutcome {
  readonly redirectUrl: string;
  /** The binding cookie to clear now that the flow is over. */
  readonly bindingCookieName: string;
}

const STATE_NONCE_LENGTH = 32;
// 43 letters/digits ≈ 256 bits: the binding is a bearer secret for the callback.
const BINDING_LENGTH = 43;

/**
 * `state` is a random part followed by the link id's letters and digits (NetSuite allows nothing else):
 * the callback finds the flow on its link's record, so consuming it and claiming the link is one write.
 */
function stateFor(random: RandomSource, linkId: string): string {
  return `${random.alphanumeric(STATE_NONCE_LENGTH)}${linkId.slice(LINK_ID_PREFIX.length)}`;
}

const STATE_PATTERN = new RegExp(`^[A-Za-z0-9]{${STATE_NONCE_LENGTH}}(${LINK_ID_BODY})$`);

function linkIdOfState(state: string | undefined): string | undefined {
  const match = STATE_PATTERN.exec(state ?? '');
  return match?.[1] === undefined ? undefined : `${LINK_ID_PREFIX}${match[1]}`;
}

/** Named after the state's random part, so flows from different links in one browser keep their own. */
export function bindingCookieName(state: string): string {
  return `nsc_binding_${state.slice(0, 12)}`;
}

/**
 * Step 1: verify the link, get a request token from the tenant's NetSuite account (or from the system
 * domain when the account is unknown), remember its secret (pending, with expiry), and send the browser
 * to NetSuite's consent page.
 */
export async function startAuthorization(
  deps: AuthorizationDeps,
  input: { link: string; account: string | undefined; correlationId: string },
): Promise<StartOutcome> {
  const claims = await verifyLink(deps, input.link);
  try {
    const choice = chooseAccount(claims, input.account, deps.settings.accountDiscovery);
    if (choice.kind === 'account-required') {
      // No form for a link that can no longer connect anything.
      if (await deps.pending.isLinkUsed(claims.linkId)) {
        throw new FlowError('link_used', 'This onboarding link has already connected an account');
      }
      return choice;
    }
    const consumer = await linkConsumer(deps, claims);
    const requestToken = await deps.netsuite.getRequestToken({
      consumer,
      accountId: choice.accountId,
      callbackUrl: deps.settings.callbackUrl,
    });
    const state = stateFor(deps.random, claims.linkId);
    const binding = deps.random.alphanumeric(BINDING_LENGTH);
    const createdAt = nowSeconds(deps.clock);
    // Refused (`link_used`) once the link has connected an account: the used check costs no call of its
    // own. An unauthorized request token left behind is harmless.
    await deps.pending.save({
      requestToken: requestToken.token,
      requestTokenSecret: requestToken.secret,
      tenantId: claims.tenantId,
      accountId: choice.accountId,
      stateHash: sha256Hex(state),
      bindingHash: sha256Hex(binding),
      returnUrl: claims.returnUrl,
      linkId: claims.linkId,
      linkExpiresAt: claims.expiresAt,
      consumerKey: consumer.key,
      createdAt,
      expiresAt: createdAt + deps.settings.pendingTtlSeconds,
    });
    deps.logger.info('authorization.started', {
      tenantId: claims.tenantId,
      accountId: choice.accountId ?? '(from callback)',
      linkId: claims.linkId,
    });
    return {
      kind: 'consent',
      consentUrl: deps.netsuite.consentUrl(choice.accountId, requestToken.token, state),
      binding: {
        cookieName: bindingCookieName(state),
        value: binding,
        maxAgeSeconds: deps.settings.pendingTtlSeconds,
      },
    };
  } catch (error) {
    const failure = asFlowError(error);
    await emit(deps, {
      type: 'connection.failed',
      tenantId: claims.tenantId,
      accountId: claims.accountId,
      role: undefined,
      entity: undefined,
      correlationId: input.correlationId,
      reason: failure.reason,
    });
    throw failure.returningTo(claims.returnUrl);
  }
}

/**
 * Step 3: consume the pending record exactly once, verify the callback against it, exchange the verified
 * request token for the permanent token and take it into custody (store, verify, revoke what it replaces).
 */
export async function completeAuthorization(
  deps: AuthorizationDeps,
  input: { params: CallbackParams; cookies: Readonly<Record<string, string>>; correlationId: string },
): Promise<CompleteOutcome> {
  const { params } = input;
  if (params.requestToken === undefined) {
    // Without the request token nothing ties this callback to a flow, so there is no trusted return URL.
    throw params.verifier === undefined
      ? new FlowError('access_denied', 'The NetSuite user did not allow access')
      : new FlowError('request_unknown', 'The callback names no request token');
  }
  const linkId = linkIdOfState(params.state);
  // Consuming the flow claims its link (of two flows from one link, only one connects); a flow that
  // fails from here on gives the link back.
  const pending =
    linkId === undefined
      ? undefined
      : await deps.pending.consume(linkId, params.requestToken, nowSeconds(deps.clock));
  if (pending === undefined) {
    throw new FlowError(
      'request_unknown',
      'No authorization is waiting for this callback (finished, replaced by a newer start, or never started)',
    );
  }
  const log = { tenantId: pending.tenantId, linkId: pending.linkId };
  let accountId = pending.accountId;
  try {
    const callback = verifyCallback({
      pending,
      params,
      binding: params.state === undefined ? undefined : input.cookies[bindingCookieName(params.state)],
      nowSeconds: nowSeconds(deps.clock),
    });
    accountId = callback.accountId;
    const consumer = await deps.credentials.get(callback.tenantId, pending.consumerKey);
    const token = await deps.netsuite.exchangeAccessToken(consumer, callback);
    const subject = {
      tenantId: callback.tenantId,
      accountId: callback.accountId,
      correlationId: input.correlationId,
    };
    const custody = await takeCustody(deps, subject, {
      consumer,
      token,
      role: callback.role,
      entity: callback.entity,
      // One flow, one secret version, however often this write is retried.
      idempotencyKey: sha256Hex(`token:${pending.requestToken}`),
    });
    // The connection.created / connection.reauthorized event was written with the record.
    deps.logger.info(custody.reauthorized ? 'connection.reauthorized' : 'connection.created', {
      ...log,
      accountId,
      role: callback.role,
      entity: callback.entity,
      status: custody.status,
    });
    const outcome =
      custody.status === 'pending_approval'
        ? // The token is held; the SaaS shows "waiting for your NetSuite admin" and calls verify later.
          {
            status: 'error',
            reason: 'integration_pending_approval',
            account: callback.accountId,
            ref: input.correlationId,
          }
        : { status: 'connected', account: callback.accountId };
    return {
      redirectUrl: buildReturnUrl(pending.returnUrl, outcome),
      bindingCookieName: bindingCookieName(params.state ?? ''),
    };
  } catch (error) {
    const failure = asFlowError(error);
    // The flow connected nothing: the link stays usable for another try.
    await deps.pending.release(pending.linkId).catch(() => undefined);
    deps.logger.warn('authorization.failed', { ...log, accountId, reason: failure.reason });
    await emit(deps, {
      type: 'connection.failed',
      tenantId: pending.tenantId,
      accountId,
      role: params.role,
      entity: params.entity,
      correlationId: input.correlationId,
      reason: failure.reason,
    });
    throw failure.returningTo(pending.returnUrl);
  }
}

/** The integration record the link was created with, or (older links) the tenant's current one. */
async function linkConsumer(deps: AuthorizationDeps, claims: LinkClaims) {
  if (claims.consumerKey === undefined) return await deps.credentials.get(claims.tenantId);
  const consumer = await deps.credentials.find(claims.tenantId, claims.consumerKey);
  if (consumer === undefined) {
    throw new FlowError(
      'link_invalid',
      'The integration record this link was created for is no longer configured; create a new link',
    );
  }
  return consumer;
}

/** Integrity, then the allow-list (config may have narrowed since issue), then expiry. */
async function verifyLink(deps: AuthorizationDeps, link: string): Promise<LinkClaims> {
  const claims = await deps.links.verify(link);
  if (!isAllowedReturnUrl(claims.returnUrl, deps.settings.allowedReturnUrls)) {
    throw new FlowError('link_invalid', 'The link returns to a URL that is no longer allowed');
  }
  if (nowSeconds(deps.clock) >= claims.expiresAt) {
    throw new FlowError('link_expired', 'This onboarding link has expired', { returnUrl: claims.returnUrl });
  }
  return claims;
}

/** The link's account wins; a typed one must agree; none at all means the system domain or the form. */
function chooseAccount(
  claims: LinkClaims,
  typed: string | undefined,
  discovery: AuthorizationSettings['accountDiscovery'],
): { kind: 'chosen'; accountId: string | undefined } | Extract<StartOutcome, { kind: 'account-required' }> {
  const input = typed?.trim() ? typed.trim() : undefined;
  const accountId = input === undefined ? undefined : parseAccountId(input);
  if (claims.accountId !== undefined) {
    if (input !== undefined && accountId !== claims.accountId) {
      throw new FlowError('account_mismatch', 'The account given differs from the one this link is for');
    }
    return { kind: 'chosen', accountId: claims.accountId };
  }
  if (accountId !== undefined) return { kind: 'chosen', accountId };
  if (input === undefined && discovery === 'system') return { kind: 'chosen', accountId: undefined };
  return { kind: 'account-required', rejectedInput: input };
}
