import { z } from 'zod';
import { tenantIdSchema } from '../core/ids.js';
import type { Container } from '../runtime/container.js';
import { apiErrorResponse, type HttpEvent, type HttpResult, json, requestIdOf } from '../runtime/http.js';
import { parseWith } from '../runtime/validation.js';

const pathSchema = z.object({ tenantId: tenantIdSchema });

/** `GET /tenants/{tenantId}/connections` → metadata of every connected account, never a token value. */
export function createListConnectionsHandler(container: Container) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const logger = container.logger.child({ requestId: requestIdOf(event), route: 'list-connections' });
    try {
      const { tenantId } = parseWith(pathSchema, event.pathParameters ?? {}, 'path');
      const connections = await container.connections.list(tenantId);
      return json(200, {
        connections: connections.map((c) => ({
          accountId: c.accountId,
          status: c.status,
          role: c.role ?? null,
          entity: c.entity ?? null,
          secretArn: c.secretArn,
          connectedAt: c.connectedAt,
          updatedAt: c.updatedAt,
        })),
      });
    } catch (error) {
      return apiErrorResponse(error, logger);
    }
  };
}
