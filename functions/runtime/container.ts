import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDbConnectionLocks } from '../adapters/dynamodb-connection-locks.js';
import { DynamoDbConnectionStore } from '../adapters/dynamodb-connection-store.js';
import { DynamoDbPendingStore } from '../adapters/dynamodb-pending-store.js';
import { EventBridgePublisher } from '../adapters/eventbridge-publisher.js';
import { NodeHttpTransport } from '../adapters/node-http-transport.js';
import {
  secretsManagerDeploymentConsumer,
  secretsManagerLinkSigningKey,
} from '../adapters/secrets-manager-config-secrets.js';
import { SecretsManagerTenantConsumers } from '../adapters/secrets-manager-tenant-consumers.js';
import { SecretsManagerTokenVault } from '../adapters/secrets-manager-token-vault.js';
import type { AuthorizationDeps } from '../core/authorization.js';
import type { LifecycleDeps } from '../core/connection-lifecycle.js';
import { createConsumerCredentials } from '../core/consumer-credentials.js';
import { createLinkCodec, type LinkCodec } from '../core/links.js';
import { createNetSuiteClient } from '../core/netsuite-client.js';
import type { OnboardingLinkDeps } from '../core/onboarding-links.js';
import type {
  Clock,
  ConnectionLocks,
  ConnectionStore,
  ConsumerCredentialsSource,
  EventPublisher,
  HttpTransport,
  PendingAuthorizationStore,
  RandomSource,
  TenantConsumerStore,
  TokenVault,
} from '../core/ports.js';
import { type Config, loadConfig } from './config.js';
import { createLogger, type LogSink, type StructuredLogger } from './logger.js';
import { cryptoRandom, systemClock } from './system.js';

/** Everything a handler needs, built once per container (Lambda execution environment). */
export interface Container {
  readonly config: Config;
  readonly logger: StructuredLogger;
  readonly authorization: AuthorizationDeps;
  readonly lifecycle: LifecycleDeps;
  readonly onboardingLinks: OnboardingLinkDeps;
  readonly tenantConsumers: TenantConsumerStore;
}

/** Seams for the local stack and tests: a movable clock, a log capture, another event sink. */
export interface ContainerOverrides {
  readonly clock?: Clock;
  readonly random?: RandomSource;
  readonly logSink?: LogSink;
  readonly events?: EventPublisher;
  /** Fails AWS commands by name (e.g. `PutItemCommand`) before they are sent: fault injection for tests. */
  readonly awsFaults?: (commandName: string) => Error | undefined;
}

/**
 * AWS calls get their own deadlines, enforced (the SDK only warns unless told to throw), so that a stalled
 * endpoint fails the request well before the function's timeout; the SDK retries idempotent calls.
 */
function awsClientSettings(config: Config) {
  return {
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: 1_000,
      requestTimeout: config.awsRequestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}

/** Every port the core needs, whatever implements it (AWS in a function, memory in a benchmark). */
export interface Ports {
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: StructuredLogger;
  readonly links: LinkCodec;
  readonly pending: PendingAuthorizationStore;
  readonly vault: TokenVault;
  readonly connections: ConnectionStore;
  readonly locks: ConnectionLocks;
  readonly transport: HttpTransport;
  readonly credentials: ConsumerCredentialsSource;
  readonly tenantConsumers: TenantConsumerStore;
  readonly events: EventPublisher;
}

/** Wires the core's dependencies from the configuration and the ports. */
export function assembleContainer(config: Config, ports: Ports): Container {
  const { clock, random, logger, links } = ports;
  const lifecycle: LifecycleDeps = {
    clock,
    logger,
    vault: ports.vault,
    connections: ports.connections,
    locks: ports.locks,
    netsuite: createNetSuiteClient({
      transport: ports.transport,
      templates: config.netsuite.templates,
      clock,
      random,
    }),
    credentials: ports.credentials,
    events: ports.events,
  };
  return {
    config,
    logger,
    lifecycle,
    tenantConsumers: ports.tenantConsumers,
    onboardingLinks: {
      clock,
      random,
      links,
      credentials: ports.credentials,
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
      pending: ports.pending,
    },
  };
}

/** The container of a function: AWS adapters, NetSuite over HTTP(S), one SDK client of each kind. */
export function createContainer(config: Config, overrides: ContainerOverrides = {}): Container {
  const clock = overrides.clock ?? systemClock;
  const settings = awsClientSettings(config);
  const dynamodb = withFaults(new DynamoDBClient(settings), overrides.awsFaults);
  const secrets = withFaults(new SecretsManagerClient(settings), overrides.awsFaults);
  const secretOptions = { prefix: config.secrets.tokenPrefix, kmsKeyId: config.secrets.tokenKmsKeyId };
  const tenantConsumers = new SecretsManagerTenantConsumers(secrets, secretOptions);
  return assembleContainer(config, {
    clock,
    random: overrides.random ?? cryptoRandom,
    logger: createLogger(overrides.logSink),
    links: createLinkCodec(secretsManagerLinkSigningKey(secrets, config.secrets.linkSigningKeySecretId)),
    pending: new DynamoDbPendingStore(dynamodb, config.tableName),
    vault: new SecretsManagerTokenVault(secrets, secretOptions),
    connections: new DynamoDbConnectionStore(dynamodb, config.tableName),
    locks: new DynamoDbConnectionLocks(dynamodb, config.tableName, {
      leaseSeconds: 30,
      maxWaitMs: 10_000,
      ownerId: randomUUID,
    }),
    transport: new NodeHttpTransport({ timeoutMs: config.netsuite.timeoutMs }),
    credentials: createConsumerCredentials({
      deployment: secretsManagerDeploymentConsumer(secrets, config.secrets.consumerSecretId),
      tenants: tenantConsumers,
      clock,
    }),
    tenantConsumers,
    events:
      overrides.events ??
      new EventBridgePublisher(async () => {
        const { EventBridgeClient } = await import('@aws-sdk/client-eventbridge');
        return withFaults(new EventBridgeClient(settings), overrides.awsFaults);
      }, config.eventBusName),
  });
}

type SdkClient = DynamoDBClient | SecretsManagerClient | EventBridgeClient;

function withFaults<T extends SdkClient>(client: T, faults: ContainerOverrides['awsFaults']): T {
  if (faults === undefined) return client;
  (client.middlewareStack as DynamoDBClient['middlewareStack']).add(
    (next, context) => async (args) => {
      const fault = faults(String(context.commandName));
      if (fault) throw fault;
      return next(args);
    },
    { step: 'initialize', name: 'injectedFaults' },
  );
  return client;
}

/** The Lambda entries' container: configuration from the environment, read at cold start. */
export function createContainerFromEnvironment(): Container {
  return createContainer(loadConfig());
}
