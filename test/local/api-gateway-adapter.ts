import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestError } from '../../functions/core/errors.js';
import { ROUTES, type Route, type RouteName } from '../../functions/routes.js';
import { apiErrorResponse, type HttpEvent, type HttpResult } from '../../functions/runtime/http.js';
import type { StructuredLogger } from '../../functions/runtime/logger.js';

export type Handler = (event: HttpEvent) => Promise<HttpResult>;

/** Serves a request the product itself does not (the demo SaaS); answers true when it did. */
export type ExtraRoute = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface ApiServerOptions {
  readonly handlers: Readonly<Record<RouteName, Handler>>;
  /** Stands in for API Gateway's IAM authorization of management routes. */
  readonly adminToken: string;
  readonly logger: StructuredLogger;
  readonly extra?: ExtraRoute;
}

/**
 * A small stand-in for API Gateway's HTTP API: matches the product's routes, turns the request into an
 * API Gateway v2 (payload 2.0) event, calls the same handler a Lambda function would, writes the result.
 */
export function createApiServer(options: ApiServerOptions): Server {
  const matchers = ROUTES.map((route) => ({ route, pattern: routePattern(route.path) }));
  return createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      options.logger.error('local.adapter_failed', { errorMessage: String(error) });
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'Internal error' } }));
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    let matched: { route: Route; params: Record<string, string> } | undefined;
    for (const { route, pattern } of matchers) {
      const match = route.method === method ? pattern.exec(url.pathname) : null;
      if (match) matched = { route, params: decodeParams(match.groups ?? {}) };
    }
    if (matched === undefined) {
      if (await options.extra?.(req, res)) return;
      return write(res, apiErrorResponse(new RequestError('NOT_FOUND', 'No such route'), options.logger));
    }
    if (matched.route.access === 'management' && !isAdmin(req.headers.authorization, options.adminToken)) {
      return write(
        res,
        apiErrorResponse(new RequestError('UNAUTHORIZED', 'Bearer token required'), options.logger),
      );
    }
    const event = toEvent(req, url, matched.route, matched.params, await readBody(req));
    write(res, await options.handlers[matched.route.name](event));
  }
}

export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function routePattern(path: string): RegExp {
  const source = path.replace(/\{(\w+)\}/g, (_, name: string) => `(?<${name}>[^/]+)`);
  return new RegExp(`^${source}$`);
}

function decodeParams(groups: Record<string, string | undefined>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(groups)) {
    if (value !== undefined) params[name] = safeDecode(value);
  }
  return params;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function isAdmin(header: string | undefined, adminToken: string): boolean {
  const given = Buffer.from(header ?? '');
  const expected = Buffer.from(`Bearer ${adminToken}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  route: Route,
  pathParameters: Record<string, string>,
  body: string,
): HttpEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // API Gateway joins repeated query parameters with commas.
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const cookies = (req.headers.cookie ?? '')
    .split(';')
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '');
  const now = new Date();
  const routeKey = `${route.method} ${route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(cookies.length > 0 ? { cookies } : {}),
    ...(url.searchParams.size > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body === '' ? {} : { body }),
    isBase64Encoded: false,
  };
}

function write(res: ServerResponse, result: HttpResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies && result.cookies.length > 0) headers['Set-Cookie'] = result.cookies;
  const body = result.body ?? '';
  res
    .writeHead(result.statusCode ?? 200, headers)
    .end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
