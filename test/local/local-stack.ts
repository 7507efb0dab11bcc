import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { sweepPendingRevocations } from '../../functions/core/connection-lifecycle.js';
import { createCallbackHandler } from '../../functions/handlers/callback.js';
import { createCreateLinkHandler } from '../../functions/handlers/create-link.js';
import { createDeleteConnectionHandler } from '../../functions/handlers/delete-connection.js';
import { createDeleteTenantConsumerHandler } from '../../functions/handlers/delete-tenant-consumer.js';
import { createGetConnectionHandler } from '../../functions/handlers/get-connection.js';
import { createListConnectionsHandler } from '../../functions/handlers/list-connections.js';
import { createPublishEventsHandler } from '../../functions/handlers/publish-events.js';
import { createPutTenantConsumerHandler } from '../../functions/handlers/put-tenant-consumer.js';
import { createStartHandler } from '../../functions/handlers/start.js';
import { createVerifyConnectionHandler } from '../../functions/handlers/verify-connection.js';
import type { RouteName } from '../../functions/routes.js';
import { loadConfig } from '../../functions/runtime/config.js';
import {
  type Container,
  type ContainerOverrides,
  createContainer,
} from '../../functions/runtime/container.js';
import { createLogger } from '../../functions/runtime/logger.js';
import { createApiServer, type ExtraRoute, type Handler, listen } from './api-gateway-adapter.js';
import { provisionLocalResources } from './provision.js';
import { type ConsentMode, NetSuiteSimulator } from './simulator/simulator.js';
import { StreamPump } from './stream-pump.js';

export interface LocalStackOptions {
  /** Port of the API; the public base URL defaults to `http://localhost:<port>`. */
  readonly port: number;
  readonly publicBaseUrl?: string;
  readonly allowedReturnUrls: readonly string[];
  readonly adminToken: string;
  readonly consumer: { readonly key: string; readonly secret: string };
  readonly aws: {
    readonly region: string;
    readonly dynamodbEndpoint: string;
    readonly secretsManagerEndpoint: string;
  };
  /** Names of the table and secrets; tests give each suite its own. */
  readonly names: { readonly table: string; readonly secretPrefix: string };
  /** The simulator's port; leave undefined to skip it and use `netsuiteUrls` (a real NetSuite). */
  readonly simulator?: { readonly port: number; readonly consent?: ConsentMode; readonly now?: () => number };
  /** URL templates; default to the simulator: server calls to 127.0.0.1, browser pages on localhost. */
  readonly netsuiteUrls?: { readonly restlets: string; readonly app: string; readonly system: string };
  /** When a link names no account: NetSuite's system domain (default) or the form. */
  readonly accountDiscovery?: 'system' | 'form';
  /** Deadline of calls to NetSuite (default 8000 ms, as deployed). */
  readonly netsuiteTimeoutMs?: number;
  /**
   * Deadline of one AWS call attempt. Default 15 s, not the deployed 3 s: DynamoDB Local and moto on two
   * cores answer far slower than AWS under concurrent load.
   */
  readonly awsRequestTimeoutMs?: number;
  readonly overrides?: ContainerOverrides;
  /** Where the route handlers come from; by default the sources, configured like a Lambda function. */
  readonly handlers?: (environment: Readonly<Record<string, string>>) => Promise<Record<RouteName, Handler>>;
  /** Where the stream's event publisher comes from; by default the sources, like the route handlers. */
  readonly eventPublisher?: (environment: Readonly<Record<string, string>>) => Promise<EventPublisherHandler>;
  readonly extra?: ExtraRoute;
  /**
   * How often the table's stream is read for events to publish (default 200 ms); 0 reads it only on
   * `flushEvents()`, for a benchmark that keeps the publisher out of the timed requests.
   */
  readonly eventPollMs?: number;
  /** Told how long each handler took, as API Gateway's integration latency would: for the benchmark. */
  readonly onHandled?: (route: RouteName, milliseconds: number) => void;
}

export interface LocalStack {
  readonly apiUrl: string;
  readonly simulator: NetSuiteSimulator | undefined;
  readonly names: {
    table: string;
    consumerSecretId: string;
    linkSigningKeySecretId: string;
    tokenPrefix: string;
  };
  /** An SQS queue that receives every lifecycle event published on the local bus. */
  readonly eventQueueUrl: string;
  /** The route handlers the server calls, for tests that drive them with events directly. */
  readonly handlers: Readonly<Record<RouteName, Handler>>;
  /**
   * Publishes now what connection writes carried so far (the stream is also polled, see `eventPollMs`)
   * and answers how many events that was; rejects when publishing fails, and the same events are
   * offered again next time.
   */
  flushEvents(): Promise<number>;
  /** Runs the periodic retry of failed revocations now (the deployed stack runs it hourly). */
  sweepRevocations(): Promise<{ connections: number; stillPending: number }>;
  stop(): Promise<void>;
}

type EventPublisherHandler = ReturnType<typeof createPublishEventsHandler>;

/** The product's routes on one local HTTP server, against DynamoDB Local, moto and the NetSuite simulator. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const publicBaseUrl = options.publicBaseUrl ?? `http://localhost:${options.port}`;
  const names = {
    table: options.names.table,
    consumerSecretId: `${options.names.secretPrefix}/config/netsuite-consumer`,
    linkSigningKeySecretId: `${options.names.secretPrefix}/config/link-signing-key`,
    tokenPrefix: options.names.secretPrefix,
  };
  // The SDK clients read their endpoints and credentials from the environment, as they do in Lambda.
  Object.assign(process.env, {
    AWS_REGION: options.aws.region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: options.aws.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: options.aws.secretsManagerEndpoint,
    // moto serves EventBridge too; the events land on a local bus with a queue to read them back.
    AWS_ENDPOINT_URL_EVENTBRIDGE: options.aws.secretsManagerEndpoint,
    // Lambda runs Node 22; the SDK's reminder that Node 20 is ageing is noise on a developer machine.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const eventBusName = `${options.names.secretPrefix}-events`;
  const { eventQueueUrl, streamArn } = await provisionLocalResources({
    region: options.aws.region,
    dynamodbEndpoint: options.aws.dynamodbEndpoint,
    secretsManagerEndpoint: options.aws.secretsManagerEndpoint,
    tableName: names.table,
    consumerSecretId: names.consumerSecretId,
    consumer: options.consumer,
    linkSigningKeySecretId: names.linkSigningKeySecretId,
    linkSigningKey: randomBytes(32).toString('base64url'),
    eventBusName,
  });

  let simulator: NetSuiteSimulator | undefined;
  if (options.simulator !== undefined) {
    simulator = await new NetSuiteSimulator({
      integration: {
        applicationName: 'NetSuite Connect (local)',
        consumerKey: options.consumer.key,
        consumerSecret: options.consumer.secret,
        callbackUrl: `${publicBaseUrl}/connect/callback`,
      },
      port: options.simulator.port,
      ...(options.simulator.consent ? { consent: options.simulator.consent } : {}),
      ...(options.simulator.now ? { now: options.simulator.now } : {}),
    }).listen();
  }
  const simulatorPort = simulator ? new URL(simulator.url).port : undefined;
  const netsuiteUrls = options.netsuiteUrls ?? {
    restlets: `http://127.0.0.1:${simulatorPort}/{host}`,
    app: `http://localhost:${simulatorPort}/{host}`,
    system: `http://localhost:${simulatorPort}/system`,
  };

  // Exactly what a deployed function finds in its environment (see infra/netsuite-connect-stack.ts).
  const environment = {
    TABLE_NAME: names.table,
    PUBLIC_BASE_URL: publicBaseUrl,
    ALLOWED_RETURN_URLS: options.allowedReturnUrls.join(','),
    NETSUITE_RESTLETS_URL: netsuiteUrls.restlets,
    NETSUITE_APP_URL: netsuiteUrls.app,
    NETSUITE_SYSTEM_URL: netsuiteUrls.system,
    ACCOUNT_DISCOVERY: options.accountDiscovery ?? 'system',
    EVENT_BUS_NAME: eventBusName,
    NETSUITE_TIMEOUT_MS: String(options.netsuiteTimeoutMs ?? 8000),
    AWS_REQUEST_TIMEOUT_MS: String(options.awsRequestTimeoutMs ?? 15_000),
    CONSUMER_SECRET_ID: names.consumerSecretId,
    LINK_SIGNING_KEY_SECRET_ID: names.linkSigningKeySecretId,
    TOKEN_SECRET_PREFIX: names.tokenPrefix,
  };
  const container = createContainer(loadConfig(environment), options.overrides);
  const handlers = options.handlers ? await options.handlers(environment) : handlersFromSource(container);
  // The deployed stack's event source mapping, locally: the table's stream feeds the event publisher.
  const publish = options.eventPublisher
    ? await options.eventPublisher(environment)
    : createPublishEventsHandler(container);
  let published = 0;
  const events = new StreamPump(
    { region: options.aws.region, endpoint: options.aws.dynamodbEndpoint },
    streamArn,
    // Unlike the deployed mapping, no filter: the publisher passes over writes that carry no event.
    async (batch) => {
      published += (await publish(batch)).published;
    },
    (error) =>
      container.logger.warn('events.retry_pending', {
        errorMessage: error instanceof Error ? error.message : String(error),
      }),
  );
  await events.start(options.eventPollMs ?? 200);
  const { onHandled } = options;
  const served =
    onHandled === undefined
      ? handlers
      : (Object.fromEntries(
          Object.entries(handlers).map(([route, handler]) => [
            route,
            async (event: Parameters<Handler>[0]) => {
              const before = performance.now();
              try {
                return await handler(event);
              } finally {
                onHandled(route as RouteName, performance.now() - before);
              }
            },
          ]),
        ) as Record<RouteName, Handler>);
  const server: Server = createApiServer({
    handlers: served,
    adminToken: options.adminToken,
    logger: createLogger(options.overrides?.logSink),
    ...(options.extra ? { extra: options.extra } : {}),
  });
  const port = await listen(server, options.port);

  return {
    apiUrl: `http://127.0.0.1:${port}`,
    eventQueueUrl,
    handlers,
    sweepRevocations: () => sweepPendingRevocations(container.lifecycle, 'local-sweep'),
    async flushEvents() {
      const before = published;
      await events.drain();
      return published - before;
    },
    simulator,
    names,
    async stop() {
      await events.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await simulator?.close();
    },
  };
}

/** The handlers as the Lambda entries build them, from a container configured by the environment. */
function handlersFromSource(container: Container): Record<RouteName, Handler> {
  return {
    'create-link': createCreateLinkHandler(container),
    'list-connections': createListConnectionsHandler(container),
    'get-connection': createGetConnectionHandler(container),
    'delete-connection': createDeleteConnectionHandler(container),
    'verify-connection': createVerifyConnectionHandler(container),
    'put-tenant-consumer': createPutTenantConsumerHandler(container),
    'delete-tenant-consumer': createDeleteTenantConsumerHandler(container),
    start: createStartHandler(container),
    callback: createCallbackHandler(container),
  };
}
