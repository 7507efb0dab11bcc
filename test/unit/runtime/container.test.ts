import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../functions/runtime/config.js';
import { createContainer } from '../../../functions/runtime/container.js';

let hanging: Server;
let endpoint = '';
const saved = { ...process.env };

beforeAll(async () => {
  hanging = createServer(() => undefined); // accepts, never answers
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
  });
});

afterAll(async () => {
  process.env = saved;
  hanging.closeAllConnections();
  await new Promise<void>((resolve) => hanging.close(() => resolve()));
});

describe('createContainer', () => {
  it('enforces the AWS deadline: a stalled endpoint ends in storage_unavailable, not a hung function', async () => {
    const container = createContainer(
      loadConfig({
        TABLE_NAME: 'table',
        PUBLIC_BASE_URL: 'https://connect.example.com',
        ALLOWED_RETURN_URLS: 'https://saas.example.com',
        CONSUMER_SECRET_ID: 'consumer',
        LINK_SIGNING_KEY_SECRET_ID: 'link-key',
        AWS_REQUEST_TIMEOUT_MS: '200',
      }),
      { logSink: () => undefined },
    );
    const started = Date.now();
    await expect(container.lifecycle.connections.list('acme')).rejects.toMatchObject({
      reason: 'storage_unavailable',
    });
    await expect(container.lifecycle.vault.read('acme', '1234567')).rejects.toMatchObject({
      reason: 'storage_unavailable',
    });
    // Three attempts of 200 ms each, with the SDK's backoff between them, for each of the two calls.
    expect(Date.now() - started).toBeLessThan(6_000);
  });
});
