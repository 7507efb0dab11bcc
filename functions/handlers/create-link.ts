import * as z from 'zod/mini';
import { accountIdSchema } from '../core/ids.js';
import {
  createOnboardingLink,
  DEFAULT_LINK_LIFETIME_SECONDS,
  MAX_LINK_LIFETIME_SECONDS,
  MIN_LINK_LIFETIME_SECONDS,
} from '../core/onboarding-links.js';
import type { Container } from '../runtime/container.js';
import { apiErrorResponse, type HttpEvent, type HttpResult, json, requestIdOf } from '../runtime/http.js';
import { parseJsonBody, parseWith } from '../runtime/validation.js';
import { tenantPath } from './paths.js';

const bodySchema = z.strictObject({
  returnUrl: z.string().check(z.maxLength(2048)),
  accountId: z.optional(accountIdSchema),
  expiresInSeconds: z._default(
    z.int().check(z.minimum(MIN_LINK_LIFETIME_SECONDS), z.maximum(MAX_LINK_LIFETIME_SECONDS)),
    DEFAULT_LINK_LIFETIME_SECONDS,
  ),
});

/** `POST /tenants/{tenantId}/links` → `201 { url, linkId, expiresAt }` */
export function createCreateLinkHandler(container: Container) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const logger = container.logger.child({ requestId: requestIdOf(event), route: 'create-link' });
    try {
      const { tenantId } = parseWith(tenantPath, event.pathParameters ?? {}, 'path');
      const body = parseJsonBody(event, bodySchema);
      const link = await createOnboardingLink(container.onboardingLinks, {
        tenantId,
        returnUrl: body.returnUrl,
        accountId: body.accountId,
        expiresInSeconds: body.expiresInSeconds,
      });
      logger.info('link.created', { tenantId, linkId: link.linkId, accountId: body.accountId });
      return json(201, link);
    } catch (error) {
      return apiErrorResponse(error, logger);
    }
  };
}
