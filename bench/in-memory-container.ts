import { createLinkCodec } from '../functions/core/links.js';
import { createNetSuiteClient } from '../functions/core/netsuite-client.js';
import type { HttpRequest, HttpResponse } from '../functions/core/ports.js';
import { loadConfig } from '../functions/runtime/config.js';
import type { Container } from '../functions/runtime/container.js';
import { createLogger } from '../functions/runtime/logger.js';
import { cryptoRandom, systemClock } from '../functions/runtime/system.js';
import {
  fixedCredentials,
  MemoryConnections,
  MemoryEvents,
  MemoryLinkUsage,
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
  const clock = systemClock;
  const random = cryptoRandom;
  const logger = createLogger(() => undefined);
  const lifecycle = {
    clock,
    logger,
    vault: new MemoryVault(),
    connections: new MemoryConnections(),
    locks: new MemoryLocks(),
    netsuite: createNetSuiteClient({
      transport: { send: async (request) => instantNetSuite(request) },
      templates: config.netsuite.templates,
      clock,
      random,
    }),
    credentials: fixedCredentials({ key: 'bench-consumer-key', secret: 'bench-consumer-secret' }),
    events: new MemoryEvents(),
  };
  const links = createLinkCodec({ get: async () => 'k'.repeat(64) });
  return {
    config,
    logger,
    lifecycle,
    tenantConsumers: {
      read: async () => undefined,
      write: async () => undefined,
      remove: async () => undefined,
    },
    onboardingLinks: {
      clock,
      random,
      links,
      settings: { startUrl: config.startUrl, allowedReturnUrls: config.allowedReturnUrls },
    },
    authorization: {
      ...lifecycle,
      settings: {
        callbackUrl: config.callbackUrl,
        allowedReturnUrls: config.allowedReturnUrls,
        pendingTtlSeconds: config.pendingTtlSeconds,
        accountDiscovery: config.accountDiscovery,
      },
      random,
      links,
      linkUsage: new MemoryLinkUsage(),
      pending: new MemoryPendingStore(),
    },
  };
}
