import * as z from 'zod/mini';
import type { Container } from '../runtime/container.js';
import { apiErrorResponse, type HttpEvent, type HttpResult, requestIdOf } from '../runtime/http.js';
import { parseJsonBody, parseWith } from '../runtime/validation.js';
import { tenantPath } from './paths.js';

const credential = z
  .string()
  .check(z.regex(/^[A-Za-z0-9]{16,128}$/, 'letters and digits, as NetSuite shows it'));
const bodySchema = z.strictObject({ consumerKey: credential, consumerSecret: credential });

/** `PUT /tenants/{tenantId}/consumer` → 204: the tenant's own integration record serves its flows from now on. */
export function createPutTenantConsumerHandler(container: Container) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const logger = container.logger.child({ requestId: requestIdOf(event), route: 'put-tenant-consumer' });
    try {
      const { tenantId } = parseWith(tenantPath, event.pathParameters ?? {}, 'path');
      const body = parseJsonBody(event, bodySchema);
      await container.tenantConsumers.write(tenantId, { key: body.consumerKey, secret: body.consumerSecret });
      logger.info('tenant.consumer_set', { tenantId, consumerKey: body.consumerKey });
      return { statusCode: 204, headers: { 'Cache-Control': 'no-store' }, body: '' };
    } catch (error) {
      return apiErrorResponse(error, logger);
    }
  };
}
