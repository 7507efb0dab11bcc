import type { Container } from '../runtime/container.js';
import { apiErrorResponse, type HttpEvent, type HttpResult, json, requestIdOf } from '../runtime/http.js';
import { parseWith } from '../runtime/validation.js';
import { connectionView } from './connection-view.js';
import { tenantPath } from './paths.js';

/** `GET /tenants/{tenantId}/connections` → metadata of every connected account, never a token value. */
export function createListConnectionsHandler(container: Container) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const logger = container.logger.child({ requestId: requestIdOf(event), route: 'list-connections' });
    try {
      const { tenantId } = parseWith(tenantPath, event.pathParameters ?? {}, 'path');
      const connections = await container.lifecycle.connections.list(tenantId);
      return json(200, { connections: connections.map(connectionView) });
    } catch (error) {
      return apiErrorResponse(error, logger);
    }
  };
}
