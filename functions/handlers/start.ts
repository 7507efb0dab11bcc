import * as z from 'zod/mini';
import { startAuthorization } from '../core/authorization.js';
import { FlowError } from '../core/errors.js';
import { cspSourceOf } from '../core/netsuite-endpoints.js';
import type { Container } from '../runtime/container.js';
import {
  browserErrorResponse,
  flowCookie,
  type HttpEvent,
  type HttpResult,
  html,
  redirect,
  requestIdOf,
} from '../runtime/http.js';
import { renderAccountForm } from '../runtime/pages.js';

// Not strict: mail clients and trackers append their own parameters to links people click.
const querySchema = z.object({
  link: z.string().check(z.minLength(1), z.maxLength(4096)),
  account: z.optional(z.string().check(z.maxLength(64))),
});

/** `GET /connect/start?link=…[&account=…]` → 302 to NetSuite's consent page, or the account form. */
export function createStartHandler(container: Container) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const requestId = requestIdOf(event);
    const logger = container.logger.child({ requestId, route: 'start' });
    try {
      const query = querySchema.safeParse(event.queryStringParameters ?? {});
      if (!query.success) throw new FlowError('link_invalid', 'The start request has no usable link');
      const outcome = await startAuthorization(
        { ...container.authorization, logger },
        { link: query.data.link, account: query.data.account, correlationId: requestId },
      );
      if (outcome.kind === 'account-required') {
        const status = outcome.rejectedInput === undefined ? 200 : 400;
        return html(
          status,
          renderAccountForm({ link: query.data.link, rejectedInput: outcome.rejectedInput }),
          {
            formSources: [cspSourceOf(container.config.netsuite.templates.app)],
          },
        );
      }
      const cookie = flowCookie(outcome.binding.cookieName, outcome.binding.value, {
        maxAgeSeconds: outcome.binding.maxAgeSeconds,
        secure: container.config.secureCookies,
      });
      return redirect(outcome.consentUrl, [cookie]);
    } catch (error) {
      return browserErrorResponse(error, { requestId, logger });
    }
  };
}
