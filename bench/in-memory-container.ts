import { createLinkCodec } from '../functions/core/links.js';
import type { HttpRequest, HttpResponse } from '../functions/core/ports.js';
import { loadConfig } from '../functions/runtime/config.js';
import { assembleContainer, type Container } from '../functions/runtime/container.js';
import { createLogger } from '../functions/runtime/logger.js';
import { cryptoRandom, systemClock } from '../functions/runtime/system.js';
import {
  fixedCredentials,
  MemoryConnections,
  MemoryEvents,
  MemoryLocks,
  MemoryPendingStore,
  MemoryVault,
} from '../test/unit/core/fakes.js';

/** NetSuite answering instantly from memory: CPU cost only, no network. */
function instantNetSuite(request: HttpRequest): HttpResponse {
  const path = new URL(request.url).pathname;
  const token = cryptoRandom.alphanumeric(32);
  if (path.endsWith('/requesttoken')) {
    return {
      status: 200,
      body: `oauth_token=${token}&oauth_token_secret=${token}&oauth_callback_confirmed=true\n`,
    };
  }
  if (path.endsWith('/accesstoken'))
    return { status: 200, body: `oauth_token=${token}&oauth_token_secret=${token}\n` };
  return { status: 200, body: '{}' };
}

/** The real handlers and core over in-memory ports, to measure the CPU a request costs. */
export function createInMemoryContainer(): Container {
  const config = loadConfig({
    TABLE_NAME: 'bench',
    PUBLIC_BASE_URL: 'https://connect.example.com',
    ALLOWED_RETURN_URLS: 'https://saas.example.com',
    CONSUMER_SECRET_ID: 'consumer',
    LINK_SIGNING_KEY_SECRET_ID: 'link-key',
    ACCOUNT_DISCOVERY: 'form',
  });
  return assembleContainer(config, {
    clock: systemClock,
    random: cryptoRandom,
    logger: createLogger(() => undefined),
    links: createLinkCodec({ get: async () => 'k'.repeat(64) }),
    pending: new MemoryPendingStore(),
    vault: new MemoryVault(),
    connections: new MemoryConnections(),
    locks: new MemoryLocks(),
    transport: { send: async (request) => instantNetSuite(request) },
    credentials: fixedCredentials({ key: 'bench-consumer-key', secret: 'bench-consumer-secret' }),
    tenantConsumers: {
      read: async () => undefined,
      write: async () => undefined,
      remove: async () => undefined,
    },
    events: new MemoryEvents(),
  });
}
