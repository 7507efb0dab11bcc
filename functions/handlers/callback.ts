import * as z from 'zod/mini';
import { completeAuthorization } from '../core/authorization.js';
import { FlowError } from '../core/errors.js';
import { parseCallbackParams } from '../core/netsuite-protocol.js';
import type { Container } from '../runtime/container.js';
import {
  browserErrorResponse,
  flowCookie,
  type HttpEvent,
  type HttpResult,
  readCookies,
  redirect,
  requestIdOf,
} from '../runtime/http.js';

const querySchema = z.record(z.string(), z.string().check(z.maxLength(2048)));

/** `GET /connect/callback?oauth_token&oauth_verifier&company&role&entity&state` → 302 to the return URL. */
export function createCallbackHandler(container: Container) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const requestId = requestIdOf(event);
    const logger = container.logger.child({ requestId, route: 'callback' });
    try {
      const query = querySchema.safeParse(event.queryStringParameters ?? {});
      if (!query.success) throw new FlowError('request_unknown', 'The callback parameters are not usable');
      const outcome = await completeAuthorization(
        { ...container.authorization, logger },
        { params: parseCallbackParams(query.data), cookies: readCookies(event), correlationId: requestId },
      );
      const expired = flowCookie(outcome.bindingCookieName, '', {
        maxAgeSeconds: 0,
        secure: container.config.secureCookies,
      });
      return redirect(outcome.redirectUrl, [expired]);
    } catch (error) {
      return browserErrorResponse(error, { requestId, logger });
    }
  };
}
