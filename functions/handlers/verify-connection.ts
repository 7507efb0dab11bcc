import { verifyConnection } from '../core/connection-lifecycle.js';
import type { Container } from '../runtime/container.js';
import { apiErrorResponse, type HttpEvent, type HttpResult, json, requestIdOf } from '../runtime/http.js';
import { parseWith } from '../runtime/validation.js';
import { connectionPath } from './paths.js';

/** `POST /tenants/{tenantId}/connections/{accountId}/verify` → `{ ok, status, checkedAt, … }`. */
export function createVerifyConnectionHandler(container: Container) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const requestId = requestIdOf(event);
    const logger = container.logger.child({ requestId, route: 'verify-connection' });
    try {
      const { tenantId, accountId } = parseWith(connectionPath, event.pathParameters ?? {}, 'path');
      const verification = await verifyConnection(
        { ...container.lifecycle, logger },
        { tenantId, accountId, correlationId: requestId },
      );
      logger.info('connection.verified', {
        tenantId,
        accountId,
        ok: verification.ok,
        status: verification.status,
      });
      return json(200, { ...verification, netsuiteCode: verification.netsuiteCode ?? null });
    } catch (error) {
      return apiErrorResponse(error, logger);
    }
  };
}
