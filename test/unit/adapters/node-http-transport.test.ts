import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeHttpTransport } from '../../../functions/adapters/node-http-transport.js';

let url = '';
let connections = 0;
const server = createServer((req, res) => {
  if (req.url === '/hang') return; // never answers
  res.writeHead(401, { 'Content-Type': 'text/plain' }).end(`auth=${req.headers.authorization}`);
});

beforeAll(async () => {
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('NodeHttpTransport', () => {
  it('returns status and body as they came, whatever the status', async () => {
    const answer = await new NodeHttpTransport({ timeoutMs: 2000 }).send({
      method: 'POST',
      url: `${url}/rest/requesttoken`,
      headers: { Authorization: 'OAuth x="1"' },
    });
    expect(answer).toEqual({ status: 401, body: 'auth=OAuth x="1"' });
  });

  it('ends a hanging call at its deadline with netsuite_unavailable', async () => {
    const started = Date.now();
    const error = await new NodeHttpTransport({ timeoutMs: 200 })
      .send({ method: 'POST', url: `${url}/hang`, headers: {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'netsuite_unavailable' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('keeps the connection alive for the next call', async () => {
    const transport = new NodeHttpTransport({ timeoutMs: 2000 });
    const before = connections;
    for (let i = 0; i < 3; i++) {
      await transport.send({ method: 'POST', url: `${url}/rest/tokeninfo`, headers: {} });
    }
    expect(connections - before).toBe(1);
  });

  it('answers netsuite_unavailable when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await new NodeHttpTransport({ timeoutMs: 2000 })
      .send({ method: 'POST', url: `http://127.0.0.1:${port}/rest/requesttoken`, headers: {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'netsuite_unavailable' });
  });
});
