import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REASON_CODES, type RequestErrorCode } from '../../functions/core/errors.js';
import { CONNECTION_STATUSES, LIFECYCLE_EVENT_TYPES } from '../../functions/core/ports.js';
import { ROUTES } from '../../functions/routes.js';

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
  components: {
    schemas: Record<string, { enum?: string[]; properties?: Record<string, { enum?: string[] }> }>;
  };
}

const doc = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as OpenApi;
const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    key: `${method.toUpperCase()} ${path}`,
    operation,
  })),
);

describe('docs/openapi.json', () => {
  it('is OpenAPI 3.1', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
  });

  it('documents exactly the routes the code serves', () => {
    expect(operations.map((op) => op.key).sort()).toEqual(
      ROUTES.map((route) => `${route.method} ${route.path}`).sort(),
    );
  });

  it('marks browser routes public and management routes signed', () => {
    for (const route of ROUTES) {
      const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.security, `${route.method} ${route.path}`).toEqual(
        route.access === 'public' ? [] : undefined,
      );
    }
  });

  it('lists the same reason codes, statuses, event types and error codes as the code', () => {
    const schemas = doc.components.schemas;
    expect(schemas.ReasonCode?.enum).toEqual([...REASON_CODES]);
    expect(schemas.ConnectionStatus?.enum).toEqual([...CONNECTION_STATUSES]);
    expect(schemas.LifecycleEvent?.properties?.type?.enum).toEqual([...LIFECYCLE_EVENT_TYPES]);
    const requestErrors: RequestErrorCode[] = [
      'VALIDATION_FAILED',
      'RETURN_URL_NOT_ALLOWED',
      'UNAUTHORIZED',
      'NOT_FOUND',
    ];
    const flowErrors = ['netsuite_rejected', 'netsuite_unavailable', 'storage_unavailable', 'internal'].map(
      (code) => code.toUpperCase(),
    );
    expect(new Set(schemas.ErrorCode?.enum)).toEqual(new Set([...requestErrors, ...flowErrors]));
  });
});
