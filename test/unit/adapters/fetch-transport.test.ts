import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchTransport } from '../../../functions/adapters/fetch-transport.js';

let url = '';
const server = createServer((req, res) => {
  if (req.url === '/hang') return; // never answers
  res.writeHead(401, { 'Content-Type': 'text/plain' }).end(`auth=${req.headers.authorization}`);
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('FetchTransport', () => {
  it('returns status and body as they came, whatever the status', async () => {
    const answer = await new FetchTransport({ timeoutMs: 2000 }).send({
      method: 'POST',
      url: `${url}/rest/requesttoken`,
      headers: { Authorization: 'OAuth x="1"' },
    });
    expect(answer).toEqual({ status: 401, body: 'auth=OAuth x="1"' });
  });

  it('ends a hanging call at its deadline with netsuite_unavailable', async () => {
    const started = Date.now();
    const error = await new FetchTransport({ timeoutMs: 200 })
      .send({ method: 'POST', url: `${url}/hang`, headers: {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'netsuite_unavailable' });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
