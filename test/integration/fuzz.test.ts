import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteName } from '../../functions/routes.js';
import type { HttpResult } from '../../functions/runtime/http.js';
import { buildEvent } from '../local/api-gateway-event.js';
import { RETURN_URL, startTestStack, type TestStack } from './support/test-stack.js';

/**
 * Property-based fuzzing of every input a user or caller controls, through the real handlers on DynamoDB
 * Local, moto and the simulator. CI runs FUZZ_RUNS cases per property (default 100); `npm run fuzz` runs
 * 10,000.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
// A property sends up to six requests a run, each a few milliseconds against the local emulators.
const TIMEOUT_MS = 30_000 + RUNS * 30;
let t: TestStack;
let cases = 0;
let validLinkWithoutAccount = '';

beforeAll(async () => {
  t = await startTestStack();
  const created = await t.createLink('fuzz-tenant', { returnUrl: RETURN_URL });
  validLinkWithoutAccount = new URL(created.body.url).searchParams.get('link') ?? '';
});

afterAll(async () => {
  console.log(`fuzz: ${cases} generated requests through the real handlers (${RUNS} runs per property)`);
  await t.stop();
});

async function call(route: RouteName, input: Parameters<typeof buildEvent>[0]): Promise<HttpResult> {
  cases += 1;
  return t.stack.handlers[route](buildEvent(input));
}

/** What must hold for every answer, whatever the input. */
function expectSafe(result: HttpResult, allowedRedirectOrigins: readonly string[]): void {
  const status = result.statusCode ?? 0;
  expect(status, `status ${status}: ${result.body?.slice(0, 200)}`).toBeLessThan(500);
  for (const value of [...Object.values(result.headers ?? {}).map(String), ...(result.cookies ?? [])]) {
    expect(value).not.toMatch(/[\r\n]/);
  }
  if (status === 302) {
    const location = new URL(String(result.headers?.Location));
    expect(allowedRedirectOrigins).toContain(location.origin);
  }
}

const anyText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '',
    ' ',
    '\r\nSet-Cookie: x=1',
    '../../etc/passwd',
    '%00',
    'a'.repeat(5000),
    '1234567.evil.com',
    '１２３４５６７',
  ),
);

describe('fuzzing the browser routes', () => {
  it(
    'start: never a 5xx, never a redirect outside the allow-list or NetSuite, never CR/LF in headers',
    async () => {
      const netsuiteOrigin = new URL(t.simulator.url.replace('127.0.0.1', 'localhost')).origin;
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            link: fc.oneof(anyText, fc.constant(validLinkWithoutAccount)),
            account: fc.option(anyText, { nil: undefined }),
          }),
          async ({ link, account }) => {
            const query: Record<string, string> = { link, ...(account === undefined ? {} : { account }) };
            const result = await call('start', { method: 'GET', path: '/connect/start', query });
            expectSafe(result, [new URL(RETURN_URL).origin, netsuiteOrigin]);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'callback: never a 5xx, never a redirect without a matching pending authorization',
    async () => {
      const params = fc.dictionary(
        fc.constantFrom('oauth_token', 'oauth_verifier', 'company', 'role', 'entity', 'state', 'other'),
        anyText,
      );
      await fc.assert(
        fc.asyncProperty(params, fc.array(anyText, { maxLength: 3 }), async (query, cookies) => {
          const result = await call('callback', {
            method: 'GET',
            path: '/connect/callback',
            query,
            cookies: cookies.map((cookie, i) => `nsc_binding_${i}=${cookie}`),
          });
          expectSafe(result, []);
          expect([400, 200]).toContain(result.statusCode);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

describe('fuzzing the management routes', () => {
  const tenantIds = fc.oneof(anyText, fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,70}$/));
  const accountIds = fc.oneof(anyText, fc.stringMatching(/^[0-9]{1,8}(_SB[0-9])?$/));

  it(
    'create-link: 201 only for a valid tenant and an allowed return URL, else a coded 4xx',
    async () => {
      const body = fc.oneof(
        fc.jsonValue().map((value) => JSON.stringify(value)),
        anyText,
        fc
          .record(
            {
              returnUrl: fc.oneof(fc.constant(RETURN_URL), fc.webUrl(), anyText),
              accountId: accountIds,
              expiresInSeconds: fc.oneof(fc.integer(), fc.double()),
              extra: fc.anything(),
            },
            { requiredKeys: [] },
          )
          .map((value) => JSON.stringify(value)),
      );
      await fc.assert(
        fc.asyncProperty(tenantIds, body, async (tenantId, payload) => {
          const result = await call('create-link', {
            method: 'POST',
            path: '/tenants/{tenantId}/links',
            pathParameters: { tenantId },
            body: payload,
          });
          expectSafe(result, []);
          if (result.statusCode === 201) {
            const created = JSON.parse(result.body ?? '{}');
            expect(tenantId).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);
            expect(JSON.parse(payload).returnUrl).toBe(RETURN_URL);
            expect(new URL(created.url).origin).toBe(new URL(t.stack.apiUrl).origin);
          } else {
            expect(JSON.parse(result.body ?? '{}').error.code).toMatch(
              /^(VALIDATION_FAILED|RETURN_URL_NOT_ALLOWED)$/,
            );
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'connection routes and tenant consumer routes: never a 5xx for any tenant or account id',
    async () => {
      const consumerBody = fc.oneof(
        anyText,
        fc
          .record({
            consumerKey: fc.oneof(anyText, fc.stringMatching(/^[a-z0-9]{16,20}$/)),
            consumerSecret: fc.stringMatching(/^[a-z0-9]{16,20}$/),
          })
          .map((v) => JSON.stringify(v)),
      );
      await fc.assert(
        fc.asyncProperty(tenantIds, accountIds, consumerBody, async (tenantId, accountId, payload) => {
          const connection = { tenantId, accountId };
          for (const [route, method] of [
            ['get-connection', 'GET'],
            ['verify-connection', 'POST'],
            ['delete-connection', 'DELETE'],
          ] as const) {
            expectSafe(
              await call(route, {
                method,
                path: '/tenants/{tenantId}/connections/{accountId}',
                pathParameters: connection,
              }),
              [],
            );
          }
          expectSafe(
            await call('list-connections', {
              method: 'GET',
              path: '/tenants/{tenantId}/connections',
              pathParameters: { tenantId },
            }),
            [],
          );
          const put = await call('put-tenant-consumer', {
            method: 'PUT',
            path: '/tenants/{tenantId}/consumer',
            pathParameters: { tenantId },
            body: payload,
          });
          expectSafe(put, []);
        }),
        { numRuns: RUNS },
      );

      // Every secret the fuzzing made has a name built from validated ids only.
      const names: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await t.secrets.send(
          new ListSecretsCommand({ MaxResults: 100, ...(nextToken ? { NextToken: nextToken } : {}) }),
        );
        names.push(...(page.SecretList ?? []).map((secret) => secret.Name ?? ''));
        nextToken = page.NextToken;
      } while (nextToken);
      const prefix = t.stack.names.tokenPrefix;
      for (const name of names.filter((candidate) => candidate.startsWith(`${prefix}/`))) {
        expect(name).toMatch(
          new RegExp(
            `^${prefix}/(config/(netsuite-consumer|link-signing-key)|tenants/[A-Za-z0-9][A-Za-z0-9_-]{0,63}/(consumer|netsuite/[A-Z0-9]{1,24}(_(SB|RP)[0-9]{1,3})?))$`,
          ),
        );
      }
    },
    TIMEOUT_MS,
  );
});
