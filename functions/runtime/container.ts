import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDbConnectionStore } from '../adapters/dynamodb-connection-store.js';
import { DynamoDbLinkUsageStore } from '../adapters/dynamodb-link-usage-store.js';
import { DynamoDbPendingStore } from '../adapters/dynamodb-pending-store.js';
import { FetchTransport } from '../adapters/fetch-transport.js';
import {
  secretsManagerConsumerCredentials,
  secretsManagerLinkSigningKey,
} from '../adapters/secrets-manager-config-secrets.js';
import { SecretsManagerTokenVault } from '../adapters/secrets-manager-token-vault.js';
import type { AuthorizationDeps } from '../core/authorization.js';
import { createLinkCodec } from '../core/links.js';
import { createNetSuiteClient } from '../core/netsuite-client.js';
import type { OnboardingLinkDeps } from '../core/onboarding-links.js';
import type { Clock, ConnectionStore, RandomSource } from '../core/ports.js';
import { type Config, loadConfig } from './config.js';
import { createLogger, type LogSink, type StructuredLogger } from './logger.js';
import { cryptoRandom, systemClock } from './system.js';

/** Everything a handler needs, built once per container (Lambda execution environment). */
export interface Container {
  readonly config: Config;
  readonly logger: StructuredLogger;
  readonly authorization: AuthorizationDeps;
  readonly onboardingLinks: OnboardingLinkDeps;
  readonly connections: ConnectionStore;
}

/** Seams for the local stack and tests: a movable clock, a log capture, another fetch. */
export interface ContainerOverrides {
  readonly clock?: Clock;
  readonly random?: RandomSource;
  readonly logSink?: LogSink;
  readonly fetch?: typeof fetch;
}

// AWS calls get their own deadlines so that a stalled endpoint fails the request well before the
// function's timeout; the SDK's retries (fresh attempts of idempotent calls) still apply.
const AWS_CLIENT_SETTINGS = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
};

export function createContainer(config: Config, overrides: ContainerOverrides = {}): Container {
  const clock = overrides.clock ?? systemClock;
  const random = overrides.random ?? cryptoRandom;
  const logger = createLogger(overrides.logSink);
  const dynamodb = new DynamoDBClient(AWS_CLIENT_SETTINGS);
  const secrets = new SecretsManagerClient(AWS_CLIENT_SETTINGS);

  const links = createLinkCodec(secretsManagerLinkSigningKey(secrets, config.secrets.linkSigningKeySecretId));
  const linkUsage = new DynamoDbLinkUsageStore(dynamodb, config.tableName);
  const connections = new DynamoDbConnectionStore(dynamodb, config.tableName);
  const transport = new FetchTransport({
    timeoutMs: config.netsuite.timeoutMs,
    ...(overrides.fetch ? { fetch: overrides.fetch } : {}),
  });

  return {
    config,
    logger,
    connections,
    onboardingLinks: {
      clock,
      random,
      links,
      settings: { startUrl: config.startUrl, allowedReturnUrls: config.allowedReturnUrls },
    },
    authorization: {
      settings: {
        callbackUrl: config.callbackUrl,
        allowedReturnUrls: config.allowedReturnUrls,
        pendingTtlSeconds: config.pendingTtlSeconds,
      },
      clock,
      random,
      logger,
      links,
      linkUsage,
      connections,
      pending: new DynamoDbPendingStore(dynamodb, config.tableName),
      vault: new SecretsManagerTokenVault(secrets, {
        prefix: config.secrets.tokenPrefix,
        kmsKeyId: config.secrets.tokenKmsKeyId,
      }),
      netsuite: createNetSuiteClient({ transport, templates: config.netsuite.templates, clock, random }),
      credentials: secretsManagerConsumerCredentials(secrets, config.secrets.consumerSecretId),
    },
  };
}

/** The Lambda entries' container: configuration from the environment, read at cold start. */
export function createContainerFromEnvironment(): Container {
  return createContainer(loadConfig());
}
