import { z } from 'zod';
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

const bodySchema = z
  .object({
    returnUrl: z.string().max(2048),
    accountId: accountIdSchema.optional(),
    expiresInSeconds: z
      .int()
      .min(MIN_LINK_LIFETIME_SECONDS)
      .max(MAX_LINK_LIFETIME_SECONDS)
      .default(DEFAULT_LINK_LIFETIME_SECONDS),
  })
  .strict();

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
