import { RequestError } from './errors.js';
import { LINK_ID_PREFIX, type LinkCodec } from './links.js';
import type { Clock, ConsumerCredentialsSource, RandomSource } from './ports.js';
import { isAllowedReturnUrl } from './return-urls.js';
import { nowSeconds } from './time.js';

export const DEFAULT_LINK_LIFETIME_SECONDS = 24 * 60 * 60;
export const MAX_LINK_LIFETIME_SECONDS = 7 * 24 * 60 * 60;
export const MIN_LINK_LIFETIME_SECONDS = 60;

export interface OnboardingLinkDeps {
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly links: LinkCodec;
  readonly credentials: Pick<ConsumerCredentialsSource, 'get'>;
  readonly settings: { readonly startUrl: string; readonly allowedReturnUrls: readonly string[] };
}

export interface OnboardingLink {
  readonly url: string;
  readonly linkId: string;
  /** ISO 8601. */
  readonly expiresAt: string;
}

/** A signed, expiring link that lets one tenant's admin connect one NetSuite account. */
export async function createOnboardingLink(
  deps: OnboardingLinkDeps,
  request: { tenantId: string; returnUrl: string; accountId: string | undefined; expiresInSeconds: number },
): Promise<OnboardingLink> {
  if (!isAllowedReturnUrl(request.returnUrl, deps.settings.allowedReturnUrls)) {
    throw new RequestError('RETURN_URL_NOT_ALLOWED', 'returnUrl does not match ALLOWED_RETURN_URLS');
  }
  const linkId = `${LINK_ID_PREFIX}${deps.random.alphanumeric(22)}`;
  const expiresAt = nowSeconds(deps.clock) + request.expiresInSeconds;
  // Resolved now, off the admin's path: the start then signs without a lookup.
  const consumer = await deps.credentials.get(request.tenantId);
  const link = await deps.links.sign({
    linkId,
    tenantId: request.tenantId,
    returnUrl: request.returnUrl,
    accountId: request.accountId,
    consumerKey: consumer.key,
    expiresAt,
  });
  const url = new URL(deps.settings.startUrl);
  url.searchParams.set('link', link);
  return { url: url.href, linkId, expiresAt: new Date(expiresAt * 1000).toISOString() };
}
