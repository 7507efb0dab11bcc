import { describe, expect, it } from 'vitest';
import { FlowError, NetSuiteError, RequestError } from '../../../functions/core/errors.js';
import { apiErrorResponse, browserErrorResponse, flowCookie } from '../../../functions/runtime/http.js';
import { createLogger } from '../../../functions/runtime/logger.js';

const logs: string[] = [];
const logger = createLogger((line) => logs.push(line));

describe('apiErrorResponse', () => {
  it('exposes 4xx details and never a 5xx cause', () => {
    const invalid = apiErrorResponse(
      new RequestError('VALIDATION_FAILED', 'Invalid path', ['tenantId: bad']),
      logger,
    );
    expect(invalid.statusCode).toBe(400);
    expect(JSON.parse(invalid.body ?? '')).toEqual({
      error: { code: 'VALIDATION_FAILED', message: 'Invalid path', details: ['tenantId: bad'] },
    });

    const crash = apiErrorResponse(new Error('at SomeSdk.send (/var/task/x.js:1) secret=abc'), logger);
    expect(crash.statusCode).toBe(500);
    expect(JSON.parse(crash.body ?? '')).toEqual({ error: { code: 'INTERNAL', message: 'Internal error' } });

    const storage = apiErrorResponse(
      new FlowError('storage_unavailable', 'Storage failed: list connections'),
      logger,
    );
    expect(storage.statusCode).toBe(503);
    expect(JSON.parse(storage.body ?? '').error.code).toBe('STORAGE_UNAVAILABLE');
  });
});

describe('browserErrorResponse', () => {
  it('redirects to a trusted return URL with reason and ref', () => {
    const error = new NetSuiteError(401, 'InvalidSignature', 'NetSuite: bad').returningTo(
      'https://app.example.com/r',
    );
    const result = browserErrorResponse(error, { requestId: 'req-1', logger });
    expect(result.statusCode).toBe(302);
    expect(result.headers?.Location).toBe(
      'https://app.example.com/r?status=error&reason=netsuite_rejected&ref=req-1',
    );
    expect(result.headers?.['Referrer-Policy']).toBe('no-referrer');
  });

  it('serves an HTML page when no return URL is trusted', () => {
    const result = browserErrorResponse(new FlowError('link_invalid', 'bad'), { requestId: 'req-2', logger });
    expect(result.statusCode).toBe(400);
    expect(result.headers?.['Content-Type']).toContain('text/html');
    expect(result.body).toContain('link_invalid');
    expect(result.body).toContain('req-2');
  });

  it('treats an unexpected error as internal with a 500 page', () => {
    const result = browserErrorResponse(new TypeError('boom'), { requestId: 'req-3', logger });
    expect(result.statusCode).toBe(500);
    expect(result.body).toContain('internal');
    expect(result.body).not.toContain('boom');
  });
});

describe('flowCookie', () => {
  it('is HttpOnly, Lax, scoped to /connect, and Secure when asked', () => {
    expect(flowCookie('n', 'v', { maxAgeSeconds: 900, secure: true })).toBe(
      'n=v; Path=/connect; HttpOnly; SameSite=Lax; Max-Age=900; Secure',
    );
  });
});
