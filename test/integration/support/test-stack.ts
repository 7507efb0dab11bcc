import {
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import type { Clock } from '../../../functions/core/ports.js';
import { cryptoRandom } from '../../../functions/runtime/system.js';
import { DEMO_CONSUMER, LOCAL_REGION } from '../../local/defaults.js';
import { createDemoRoutes } from '../../local/demo/demo-routes.js';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../local/local-stack.js';
import { freePort } from '../../local/services.js';
import type { ConsentMode, NetSuiteSimulator } from '../../local/simulator/simulator.js';
import { recordedHops, TestBrowser } from './browser.js';

export const RETURN_URL = 'https://saas.example.com/settings/netsuite';
export const ADMIN_TOKEN = 'test-admin-token';

/** A clock the test can move; shared by the product and the simulator, like real time would be. */
export class MovableClock implements Clock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: tests assert on response bodies field by field.
type Json = any;

export interface TestStack {
  readonly stack: LocalStack;
  readonly simulator: NetSuiteSimulator;
  readonly clock: MovableClock;
  /** Sets how far NetSuite's clock runs ahead of ours (negative: behind). */
  setSimulatorSkew(seconds: number): void;
  readonly logs: string[];
  readonly secrets: SecretsManagerClient;
  createLink(tenantId: string, body: Record<string, unknown>): Promise<{ status: number; body: Json }>;
  api(path: string, init?: RequestInit & { admin?: boolean }): Promise<{ status: number; body: Json }>;
  /** Runs the whole flow in a fresh browser, from the onboarding link to the return URL. */
  onboard(linkUrl: string, browser?: TestBrowser): Promise<{ browser: TestBrowser; final: URL }>;
  tokenSecretValue(tenantId: string, accountId: string): Promise<Record<string, unknown>>;
  tokenSecretNames(): Promise<string[]>;
  /**
   * Lifecycle events published since the last call, read back from the queue on the local bus, after
   * the table's stream has been flushed to the bus.
   */
  events(): Promise<Array<{ 'detail-type': string; source: string; detail: Record<string, unknown> }>>;
  stop(): Promise<void>;
}

export async function startTestStack(
  options: {
    consent?: ConsentMode;
    handlers?: LocalStackOptions['handlers'];
    eventPublisher?: LocalStackOptions['eventPublisher'];
    accountDiscovery?: 'system' | 'form';
    /** Serves a demo SaaS too (its page at `/`, which is then also an allowed return URL). */
    demo?: boolean;
    awsFaults?: (commandName: string) => Error | undefined;
    netsuiteTimeoutMs?: number;
  } = {},
): Promise<TestStack> {
  const clock = new MovableClock();
  // NetSuite's clock, offset from ours to test the ±5 minute timestamp window.
  const simulatorSkew = { seconds: 0 };
  const logs: string[] = [];
  const suffix = cryptoRandom.alphanumeric(10).toLowerCase();
  const aws = {
    region: LOCAL_REGION,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    secretsManagerEndpoint: inject('secretsManagerEndpoint'),
  };
  const port = await freePort();
  const stack = await startLocalStack({
    port,
    publicBaseUrl: `http://127.0.0.1:${port}`,
    allowedReturnUrls: options.demo ? [RETURN_URL, `http://127.0.0.1:${port}/`] : [RETURN_URL],
    adminToken: ADMIN_TOKEN,
    consumer: DEMO_CONSUMER,
    aws,
    names: { table: `nsc-${suffix}`, secretPrefix: `nsc-${suffix}` },
    simulator: {
      port: 0,
      consent: options.consent ?? { kind: 'allow', role: '3' },
      now: () => clock.now() + simulatorSkew.seconds * 1000,
    },
    overrides: {
      clock,
      logSink: (line) => logs.push(line),
      ...(options.awsFaults ? { awsFaults: options.awsFaults } : {}),
    },
    ...(options.netsuiteTimeoutMs ? { netsuiteTimeoutMs: options.netsuiteTimeoutMs } : {}),
    ...(options.handlers ? { handlers: options.handlers } : {}),
    ...(options.eventPublisher ? { eventPublisher: options.eventPublisher } : {}),
    ...(options.accountDiscovery ? { accountDiscovery: options.accountDiscovery } : {}),
    ...(options.demo
      ? {
          extra: createDemoRoutes({
            apiUrl: () => `http://127.0.0.1:${port}`,
            adminToken: ADMIN_TOKEN,
            returnUrl: `http://127.0.0.1:${port}/`,
          }),
        }
      : {}),
  });
  const simulator = stack.simulator;
  if (!simulator) throw new Error('simulator missing');
  const clientOptions = {
    region: aws.region,
    endpoint: aws.secretsManagerEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const secrets = new SecretsManagerClient(clientOptions);
  const sqs = new SQSClient(clientOptions);

  const apiResponses: string[] = [];
  const api: TestStack['api'] = async (path, init = {}) => {
    const { admin = true, ...rest } = init;
    const response = await fetch(`${stack.apiUrl}${path}`, {
      ...rest,
      headers: {
        'Content-Type': 'application/json',
        ...(admin ? { Authorization: `Bearer ${ADMIN_TOKEN}` } : {}),
        ...(rest.headers as Record<string, string> | undefined),
      },
    });
    const text = await response.text();
    apiResponses.push(`${JSON.stringify([...response.headers])}\n${text}`);
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };

  /**
   * Secret hygiene for every scenario of every suite that uses a stack: no secret the scenario handled
   * (token, request-token and consumer secrets, verifiers, the link-signing key) appears in a log line or
   * in any body, header or redirect URL our API produced.
   */
  const expectNoLeakedSecrets = async (): Promise<void> => {
    const linkKey = await secrets.send(
      new GetSecretValueCommand({ SecretId: stack.names.linkSigningKeySecretId }),
    );
    const values = [
      linkKey.SecretString ?? '',
      ...simulator.consumerSecrets,
      ...simulator.accessTokens.map((token) => token.tokenSecret),
      ...simulator.issuedRequestTokens.flatMap((issued) => [issued.secret, issued.verifier ?? '']),
    ].filter((value) => value.length >= 16);
    const ourOrigin = new URL(stack.apiUrl).origin;
    const ours = recordedHops.filter((hop) => new URL(hop.url).origin === ourOrigin);
    const outputs = [
      ...logs,
      ...apiResponses,
      ...ours.map((hop) => `${JSON.stringify([...hop.headers])}\n${hop.location ?? ''}\n${hop.body}`),
    ];
    for (const value of values) {
      const leak = outputs.find((output) => output.includes(value));
      if (leak !== undefined) throw new Error(`a secret leaked into: ${leak.slice(0, 300)}`);
    }
    console.log(
      `secret hygiene: ${values.length} secrets absent from ${outputs.length} log lines and responses`,
    );
  };

  return {
    stack,
    simulator,
    clock,
    setSimulatorSkew: (seconds) => {
      simulatorSkew.seconds = seconds;
    },
    logs,
    secrets,
    api,
    createLink: (tenantId, body) =>
      api(`/tenants/${encodeURIComponent(tenantId)}/links`, { method: 'POST', body: JSON.stringify(body) }),
    async onboard(linkUrl, browser = new TestBrowser()) {
      const { final } = await browser.follow(linkUrl, RETURN_URL);
      if (final.location === undefined)
        throw new Error(`flow ended on a page (${final.status}): ${final.body}`);
      return { browser, final: new URL(final.location) };
    },
    async tokenSecretValue(tenantId, accountId) {
      const secret = await secrets.send(
        new GetSecretValueCommand({
          SecretId: `${stack.names.tokenPrefix}/tenants/${tenantId}/netsuite/${accountId}`,
        }),
      );
      return JSON.parse(secret.SecretString ?? '{}');
    },
    async tokenSecretNames() {
      const listed = await secrets.send(
        new ListSecretsCommand({
          Filters: [{ Key: 'name', Values: [`${stack.names.tokenPrefix}/tenants/`] }],
        }),
      );
      return (listed.SecretList ?? []).map((secret) => secret.Name ?? '');
    },
    async events() {
      await stack.flushEvents();
      const received: Array<{ 'detail-type': string; source: string; detail: Record<string, unknown> }> = [];
      for (;;) {
        const batch = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: stack.eventQueueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
          }),
        );
        if (!batch.Messages?.length) return received;
        for (const message of batch.Messages) {
          received.push(JSON.parse(message.Body ?? '{}'));
          await sqs.send(
            new DeleteMessageCommand({ QueueUrl: stack.eventQueueUrl, ReceiptHandle: message.ReceiptHandle }),
          );
        }
      }
    },
    async stop() {
      try {
        await expectNoLeakedSecrets();
      } finally {
        sqs.destroy();
        secrets.destroy();
        await stack.stop();
      }
    },
  };
}
