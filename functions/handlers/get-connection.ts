import { getConnection } from '../core/connection-lifecycle.js';
import type { Container } from '../runtime/container.js';
import { apiErrorResponse, type HttpEvent, type HttpResult, json, requestIdOf } from '../runtime/http.js';
import { parseWith } from '../runtime/validation.js';
import { connectionView } from './connection-view.js';
import { connectionPath } from './paths.js';

/** `GET /tenants/{tenantId}/connections/{accountId}` → one connection, or 404. */
export function createGetConnectionHandler(container: Container) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const logger = container.logger.child({ requestId: requestIdOf(event), route: 'get-connection' });
    try {
      const { tenantId, accountId } = parseWith(connectionPath, event.pathParameters ?? {}, 'path');
      return json(200, connectionView(await getConnection(container.lifecycle, tenantId, accountId)));
    } catch (error) {
      return apiErrorResponse(error, logger);
    }
  };
}
