import type { Container } from '../runtime/container.js';
import { apiErrorResponse, type HttpEvent, type HttpResult, requestIdOf } from '../runtime/http.js';
import { parseWith } from '../runtime/validation.js';
import { tenantPath } from './paths.js';

/** `DELETE /tenants/{tenantId}/consumer` → 204: the tenant's flows use the deployment's record again. */
export function createDeleteTenantConsumerHandler(container: Container) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const logger = container.logger.child({ requestId: requestIdOf(event), route: 'delete-tenant-consumer' });
    try {
      const { tenantId } = parseWith(tenantPath, event.pathParameters ?? {}, 'path');
      await container.tenantConsumers.remove(tenantId);
      logger.info('tenant.consumer_removed', { tenantId });
      return { statusCode: 204, headers: { 'Cache-Control': 'no-store' }, body: '' };
    } catch (error) {
      return apiErrorResponse(error, logger);
    }
  };
}
