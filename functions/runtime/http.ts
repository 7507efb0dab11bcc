import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  FlowError,
  NetSuiteError,
  type ReasonCode,
  RequestError,
  type RequestErrorCode,
} from '../core/errors.js';
import { buildReturnUrl } from '../core/return-urls.js';
import { describeError, type StructuredLogger } from './logger.js';
import { renderErrorPage } from './pages.js';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

// Pages and redirects of the flow carry one-time values in their URLs: never cache them, never leak
// them through Referer, never let another site frame them.
const BROWSER_HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

/**
 * `formSources` are where a form on the page may lead. Browsers apply form-action to the redirects that
 * follow a submission too, so the account form must also allow NetSuite's consent page it redirects to.
 */
function pagePolicy(formSources: readonly string[]): string {
  const forms = ["'self'", ...formSources].join(' ');
  return `default-src 'none'; style-src 'unsafe-inline'; form-action ${forms}; frame-ancestors 'none'; base-uri 'none'`;
}

export function json(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    body: JSON.stringify(body),
  };
}

export function html(
  statusCode: number,
  body: string,
  options: { cookies?: string[]; formSources?: readonly string[] } = {},
): HttpResult {
  return {
    statusCode,
    headers: {
      ...BROWSER_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': pagePolicy(options.formSources ?? []),
    },
    body,
    cookies: options.cookies ?? [],
  };
}

export function redirect(location: string, cookies: string[] = []): HttpResult {
  return { statusCode: 302, headers: { ...BROWSER_HEADERS, Location: location }, body: '', cookies };
}

/** Cookies of the flow live under /connect only, HttpOnly, and Lax so NetSuite's redirect back carries them. */
export function flowCookie(
  name: string,
  value: string,
  options: { maxAgeSeconds: number; secure: boolean },
): string {
  const parts = [
    `${name}=${value}`,
    'Path=/connect',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${options.maxAgeSeconds}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

export function readCookies(event: HttpEvent): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const cookie of event.cookies ?? []) {
    const at = cookie.indexOf('=');
    if (at > 0) cookies[cookie.slice(0, at).trim()] = cookie.slice(at + 1).trim();
  }
  return cookies;
}

export function requestIdOf(event: HttpEvent): string {
  return event.requestContext?.requestId ?? 'unknown';
}

// ── The one place where errors become HTTP ───────────────────────────────────────────────────────────

const REQUEST_ERROR_STATUS: Record<RequestErrorCode, number> = {
  VALIDATION_FAILED: 400,
  RETURN_URL_NOT_ALLOWED: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
};

const FLOW_ERROR_STATUS: Partial<Record<ReasonCode, number>> = {
  netsuite_rejected: 502,
  netsuite_unavailable: 502,
  storage_unavailable: 503,
  internal: 500,
};

/** Management API: `{ error: { code, message } }`; details only for 4xx, never a stack or an SDK error. */
export function apiErrorResponse(error: unknown, logger: StructuredLogger): HttpResult {
  if (error instanceof RequestError) {
    logger.info('request.rejected', { code: error.code });
    return json(REQUEST_ERROR_STATUS[error.code], {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      },
    });
  }
  const reason = error instanceof FlowError ? error.reason : 'internal';
  const status = FLOW_ERROR_STATUS[reason] ?? 500;
  logger.error('request.failed', describeError(error));
  const code = reason.toUpperCase();
  const message =
    error instanceof NetSuiteError
      ? `NetSuite answered ${error.netsuiteCode} (HTTP ${error.httpStatus})`
      : status !== 500 && error instanceof Error
        ? error.message
        : 'Internal error';
  return json(status, { error: { code, message } });
}

/**
 * Browser routes: back to the tenant's return URL with `status=error&reason&ref` when the flow knows a
 * trusted one, else an HTML page. `ref` lets support find the log lines of this request.
 */
export function browserErrorResponse(
  error: unknown,
  context: { requestId: string; logger: StructuredLogger; cookies?: string[] },
): HttpResult {
  const failure =
    error instanceof FlowError ? error : new FlowError('internal', 'Unexpected failure', { cause: error });
  const log = { ...describeError(failure), reason: failure.reason };
  if (failure.reason === 'internal') context.logger.error('browser.failed', log);
  else context.logger.warn('browser.failed', log);
  if (failure.returnUrl !== undefined) {
    const location = buildReturnUrl(failure.returnUrl, {
      status: 'error',
      reason: failure.reason,
      ref: context.requestId,
    });
    return redirect(location, context.cookies);
  }
  const status = FLOW_ERROR_STATUS[failure.reason] ?? 400;
  return html(
    status,
    renderErrorPage(failure.reason, context.requestId),
    context.cookies ? { cookies: context.cookies } : {},
  );
}
