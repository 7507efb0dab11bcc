import { sha256Hex } from './digest.js';
import { asFlowError, FlowError } from './errors.js';
import { parseAccountId } from './ids.js';
import type { LinkClaims, LinkCodec } from './links.js';
import type { NetSuiteClient } from './netsuite-client.js';
import type { CallbackParams } from './netsuite-protocol.js';
import type {
  Clock,
  ConnectionStore,
  ConsumerCredentialsSource,
  LinkUsageStore,
  Logger,
  PendingAuthorizationStore,
  RandomSource,
  TokenVault,
} from './ports.js';
import { buildReturnUrl, isAllowedReturnUrl } from './return-urls.js';
import { verifyCallback } from './verified-callback.js';

export interface AuthorizationSettings {
  /** Our callback URL, registered in the NetSuite integration record. */
  readonly callbackUrl: string;
  readonly allowedReturnUrls: readonly string[];
  /** How long a started authorization may take (request token to callback). */
  readonly pendingTtlSeconds: number;
}

export interface AuthorizationDeps {
  readonly settings: AuthorizationSettings;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
  readonly links: LinkCodec;
  readonly linkUsage: LinkUsageStore;
  readonly pending: PendingAuthorizationStore;
  readonly vault: TokenVault;
  readonly connections: ConnectionStore;
  readonly netsuite: NetSuiteClient;
  readonly credentials: ConsumerCredentialsSource;
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
  readonly accountId: string;
  /** The binding cookie to clear now that the flow is over. */
  readonly bindingCookieName: string;
}

const STATE_LENGTH = 32;
// 43 letters/digits ≈ 256 bits: the binding is a bearer secret for the callback.
const BINDING_LENGTH = 43;

export function bindingCookieName(state: string): string {
  return `nsc_binding_${state.slice(0, 12)}`;
}

const nowSeconds = (clock: Clock) => Math.floor(clock.now() / 1000);

/**
 * Step 1: verify the link, get a request token from the tenant's NetSuite account, remember its secret
 * (pending, with expiry), and send the browser to NetSuite's consent page.
 */
export async function startAuthorization(
  deps: AuthorizationDeps,
  input: { link: string; account: string | undefined },
): Promise<StartOutcome> {
  const claims = await verifyLink(deps, input.link);
  try {
    if (await deps.linkUsage.isUsed(claims.linkId)) {
      throw new FlowError('link_used', 'This onboarding link has already connected an account');
    }
    const choice = chooseAccount(claims, input.account);
    if (choice.kind === 'account-required') return choice;

    const consumer = await deps.credentials.get();
    const requestToken = await deps.netsuite.getRequestToken({
      consumer,
      accountId: choice.accountId,
      callbackUrl: deps.settings.callbackUrl,
    });
    const state = deps.random.alphanumeric(STATE_LENGTH);
    const binding = deps.random.alphanumeric(BINDING_LENGTH);
    const createdAt = nowSeconds(deps.clock);
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
      createdAt,
      expiresAt: createdAt + deps.settings.pendingTtlSeconds,
    });
    deps.logger.info('authorization.started', {
      tenantId: claims.tenantId,
      accountId: choice.accountId,
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
    throw asFlowError(error).returningTo(claims.returnUrl);
  }
}

/**
 * Step 3: consume the pending record exactly once, verify the callback against it, exchange the verified
 * request token for the permanent token, store it, and record the connection.
 */
export async function completeAuthorization(
  deps: AuthorizationDeps,
  input: { params: CallbackParams; cookies: Readonly<Record<string, string>> },
): Promise<CompleteOutcome> {
  const { params } = input;
  if (params.requestToken === undefined) {
    // Without the request token nothing ties this callback to a flow, so there is no trusted return URL.
    throw params.verifier === undefined
      ? new FlowError('access_denied', 'The NetSuite user did not allow access')
      : new FlowError('request_unknown', 'The callback names no request token');
  }
  const pending = await deps.pending.consume(params.requestToken);
  if (pending === undefined) {
    throw new FlowError(
      'request_unknown',
      'No authorization is waiting for this callback (finished or never started)',
    );
  }
  const log = { tenantId: pending.tenantId, accountId: pending.accountId, linkId: pending.linkId };
  try {
    const callback = verifyCallback({
      pending,
      params,
      binding: params.state === undefined ? undefined : input.cookies[bindingCookieName(params.state)],
      nowSeconds: nowSeconds(deps.clock),
    });
    if (await deps.linkUsage.isUsed(pending.linkId)) {
      throw new FlowError('link_used', 'This onboarding link has already connected an account');
    }
    const consumer = await deps.credentials.get();
    const token = await deps.netsuite.exchangeAccessToken(consumer, callback);
    const issuedAt = nowSeconds(deps.clock);
    const { secretArn } = await deps.vault.store({
      tenantId: callback.tenantId,
      accountId: callback.accountId,
      consumerKey: consumer.key,
      tokenId: token.tokenId,
      tokenSecret: token.tokenSecret,
      role: callback.role,
      entity: callback.entity,
      issuedAt,
      // One flow, one secret version, however often this write is retried.
      idempotencyKey: sha256Hex(`token:${pending.requestToken}`),
    });
    const now = new Date(issuedAt * 1000).toISOString();
    await deps.connections.upsert({
      tenantId: callback.tenantId,
      accountId: callback.accountId,
      role: callback.role,
      entity: callback.entity,
      status: 'active',
      secretArn,
      connectedAt: now,
      updatedAt: now,
    });
    await deps.linkUsage.markUsed(pending.linkId, { usedAt: issuedAt, expiresAt: pending.linkExpiresAt });
    deps.logger.info('connection.created', { ...log, role: callback.role, entity: callback.entity });
    return {
      redirectUrl: buildReturnUrl(pending.returnUrl, { status: 'connected', account: callback.accountId }),
      accountId: callback.accountId,
      bindingCookieName: bindingCookieName(params.state ?? ''),
    };
  } catch (error) {
    const failure = asFlowError(error);
    deps.logger.warn('authorization.failed', { ...log, reason: failure.reason });
    throw failure.returningTo(pending.returnUrl);
  }
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

function chooseAccount(
  claims: LinkClaims,
  typed: string | undefined,
): { kind: 'chosen'; accountId: string } | Extract<StartOutcome, { kind: 'account-required' }> {
  const input = typed?.trim() ? typed.trim() : undefined;
  const accountId = input === undefined ? undefined : parseAccountId(input);
  if (claims.accountId !== undefined) {
    if (input !== undefined && accountId !== claims.accountId) {
      throw new FlowError('account_mismatch', 'The account given differs from the one this link is for');
    }
    return { kind: 'chosen', accountId: claims.accountId };
  }
  if (accountId === undefined) return { kind: 'account-required', rejectedInput: input };
  return { kind: 'chosen', accountId };
}
