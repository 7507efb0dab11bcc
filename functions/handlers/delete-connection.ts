import { deleteConnection } from '../core/connection-lifecycle.js';
import type { Container } from '../runtime/container.js';
import { apiErrorResponse, type HttpEvent, type HttpResult, requestIdOf } from '../runtime/http.js';
import { parseWith } from '../runtime/validation.js';
import { connectionPath } from './paths.js';

/** `DELETE /tenants/{tenantId}/connections/{accountId}` → revokes at NetSuite, deletes secret and record, 204. */
export function createDeleteConnectionHandler(container: Container) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const requestId = requestIdOf(event);
    const logger = container.logger.child({ requestId, route: 'delete-connection' });
    try {
      const { tenantId, accountId } = parseWith(connectionPath, event.pathParameters ?? {}, 'path');
      await deleteConnection(
        { ...container.lifecycle, logger },
        { tenantId, accountId, correlationId: requestId },
      );
      logger.info('connection.deleted', { tenantId, accountId });
      return { statusCode: 204, headers: { 'Cache-Control': 'no-store' }, body: '' };
    } catch (error) {
      return apiErrorResponse(error, logger);
    }
  };
}
