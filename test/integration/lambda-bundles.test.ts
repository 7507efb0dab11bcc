import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteName } from '../../functions/routes.js';
import { NetSuiteConnectStack } from '../../infra/netsuite-connect-stack.js';
import type { Handler } from '../local/api-gateway-adapter.js';
import { RETURN_URL, startTestStack, type TestStack } from './support/test-stack.js';

/**
 * The synthesised Lambda bundles (ESM, minified, SDK inside) loaded in Node and driven through a full
 * onboarding: catches bundling mistakes that tests of the sources cannot (a missing createRequire
 * banner, a dependency esbuild cannot resolve, a handler export under another name).
 */
// Inside the repository, so that the bundles resolve the AWS SDK from node_modules as Lambda's runtime
// provides it.
mkdirSync('cdk.out', { recursive: true });
const outdir = mkdtempSync(join(process.cwd(), 'cdk.out', 'bundles-'));
const bundles = new Map<RouteName, string>();
let publisherBundle: string | undefined;
let t: TestStack;

beforeAll(async () => {
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new NetSuiteConnectStack(app, 'Bundles', { allowedReturnUrls: [RETURN_URL] });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as {
    Resources: Record<
      string,
      { Type: string; Metadata?: Record<string, string>; Properties: Record<string, unknown> }
    >;
  };
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const description = String(resource.Properties.Description ?? '');
    const route = ROUTES.find((candidate) => description.endsWith(`: ${candidate.name}`));
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (route && assetPath) bundles.set(route.name, join(outdir, assetPath, 'index.mjs'));
    if (description.endsWith(': publish-events') && assetPath) {
      publisherBundle = join(outdir, assetPath, 'index.mjs');
    }
  }

  t = await startTestStack({
    handlers: async (environment) => {
      // A cold start: the bundle reads its configuration from the environment when it is imported.
      Object.assign(process.env, environment);
      const handlers = {} as Record<RouteName, Handler>;
      for (const [name, file] of bundles) {
        handlers[name] = (await import(pathToFileURL(file).href)).handler;
      }
      return handlers;
    },
    eventPublisher: async (environment) => {
      Object.assign(process.env, environment);
      if (publisherBundle === undefined) throw new Error('no publish-events bundle');
      return (await import(pathToFileURL(publisherBundle).href)).handler;
    },
  });
}, 120_000);

afterAll(async () => {
  await t?.stop();
  rmSync(outdir, { recursive: true, force: true });
});

describe('synthesised Lambda bundles', () => {
  it('exist for every route, as ESM with the createRequire banner', () => {
    expect([...bundles.keys()].sort()).toEqual(ROUTES.map((route) => route.name).sort());
    for (const file of bundles.values()) {
      expect(readFileSync(file, 'utf8').slice(0, 200)).toMatch(
        /^import \{ createRequire as __createRequire \} from 'node:module'; const require = /,
      );
    }
  });

  it('complete an onboarding against DynamoDB Local, moto and the simulator', async () => {
    const created = await t.createLink('bundled', { returnUrl: RETURN_URL, accountId: 'TSTDRV1234567' });
    expect(created.status).toBe(201);
    const { final } = await t.onboard(created.body.url);
    expect(Object.fromEntries(final.searchParams)).toEqual({ status: 'connected', account: 'TSTDRV1234567' });
    const listed = await t.api('/tenants/bundled/connections');
    expect(listed.body.connections).toEqual([
      expect.objectContaining({ accountId: 'TSTDRV1234567', status: 'active' }),
    ]);
    expect((await t.tokenSecretValue('bundled', 'TSTDRV1234567')).tokenSecret).toBe(
      t.simulator.accessTokens.at(-1)?.tokenSecret,
    );
    // The bundled publisher, fed by the table's stream, announced it.
    const announced = (await t.events()).filter((event) => event.detail.tenantId === 'bundled');
    expect(announced.map((event) => event['detail-type'])).toEqual(['connection.created']);
  });
});
