import { randomUUID } from 'node:crypto';
import type { HttpEvent } from '../../functions/runtime/http.js';

/** An API Gateway v2 (payload 2.0) event, for driving handlers directly without an HTTP server. */
export function buildEvent(input: {
  method: string;
  path: string;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  body?: string;
  cookies?: string[];
}): HttpEvent {
  const routeKey = `${input.method} ${input.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: input.path,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers: { host: 'localhost' },
    ...(input.cookies?.length ? { cookies: input.cookies } : {}),
    ...(input.query && Object.keys(input.query).length ? { queryStringParameters: input.query } : {}),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: input.method,
        path: input.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'local',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    ...(input.body === undefined ? {} : { body: input.body }),
    isBase64Encoded: false,
  };
}
