import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { BACKGROUND_FUNCTIONS, type FunctionName, ROUTES } from '../functions/routes.js';
import { ConnectAlarms } from './constructs/connect-alarms.js';
import { ConnectApi, type CustomDomain } from './constructs/connect-api.js';
import { ConnectSecrets } from './constructs/connect-secrets.js';
import { ConnectState } from './constructs/connect-state.js';
import { RouteFunction } from './constructs/route-function.js';

export interface NetSuiteConnectStackProps extends StackProps {
  /** Where the browser may be sent back: origins or URL prefixes of the SaaS. */
  readonly allowedReturnUrls: readonly string[];
  /** Name prefix of every secret the stack and the functions create. */
  readonly tokenSecretPrefix?: string;
  readonly domain?: CustomDomain;
  /** NetSuite URL templates with `{host}`, and the system domain; default to NetSuite's own. */
  readonly netsuiteUrls?: { readonly restlets: string; readonly app: string; readonly system?: string };
  /** When a link names no account: NetSuite's system domain (default) or a form asking for the id. */
  readonly accountDiscovery?: 'system' | 'form';
  /** An existing bus for lifecycle events (e.g. `default`); by default the stack creates its own. */
  readonly eventBusName?: string;
  readonly logRetention?: RetentionDays;
  /** Repository root (entries and lock file); defaults to the working directory of `cdk synth`. */
  readonly projectRoot?: string;
}

/** What each function may touch: the least privilege of every route, in one table. */
type Need =
  | 'linkKey'
  | 'consumer'
  | 'tableRead'
  | 'tableWrite'
  | 'tenantRead'
  | 'tenantWrite'
  | 'tenantDelete'
  | 'events';

const NEEDS: Record<FunctionName, readonly Need[]> = {
  'create-link': ['linkKey', 'consumer', 'tenantRead'],
  'list-connections': ['tableRead'],
  'get-connection': ['tableRead'],
  start: ['linkKey', 'consumer', 'tenantRead', 'tableWrite', 'events'],
  callback: ['consumer', 'tenantRead', 'tenantWrite', 'tableWrite', 'events'],
  'verify-connection': ['consumer', 'tenantRead', 'tenantWrite', 'tableWrite'],
  'delete-connection': ['consumer', 'tenantRead', 'tenantDelete', 'tableWrite'],
  'put-tenant-consumer': ['tenantWrite'],
  'delete-tenant-consumer': ['tenantDelete'],
  'sweep-revocations': ['consumer', 'tenantRead', 'tenantWrite', 'tableWrite'],
  // Reads the table's stream (granted with its event source) and puts what connection writes carried.
  'publish-events': ['events'],
};

/** NetSuite Connect: the HTTP API, one function per route, the table, the secrets, events and alarms. */
export class NetSuiteConnectStack extends Stack {
  constructor(scope: Construct, id: string, props: NetSuiteConnectStackProps) {
    super(scope, id, props);
    if (props.allowedReturnUrls.length === 0) throw new Error('allowedReturnUrls must name at least one URL');
    const prefix = props.tokenSecretPrefix ?? 'netsuite-connect';
    const logRetention = props.logRetention ?? RetentionDays.THREE_MONTHS;

    const state = new ConnectState(this, 'State');
    const secrets = new ConnectSecrets(this, 'Secrets', { key: state.key, tokenSecretPrefix: prefix });
    const bus = this.eventBus(props.eventBusName);
    const api = new ConnectApi(this, 'Http', {
      ...(props.domain ? { domain: props.domain } : {}),
      logRetention,
      publicRateLimit: 20,
      stageRateLimit: 100,
    });
    const alarms = new ConnectAlarms(this, 'Alarms');

    const environment: Record<string, string> = {
      TABLE_NAME: state.table.tableName,
      PUBLIC_BASE_URL: api.baseUrl,
      ALLOWED_RETURN_URLS: props.allowedReturnUrls.join(','),
      CONSUMER_SECRET_ID: secrets.consumer.secretArn,
      LINK_SIGNING_KEY_SECRET_ID: secrets.linkSigningKey.secretArn,
      TOKEN_SECRET_PREFIX: prefix,
      TOKEN_SECRET_KMS_KEY_ID: state.key.keyArn,
      EVENT_BUS_NAME: bus.eventBusName,
      ACCOUNT_DISCOVERY: props.accountDiscovery ?? 'system',
      NETSUITE_TIMEOUT_MS: '8000',
      ...(props.netsuiteUrls
        ? { NETSUITE_RESTLETS_URL: props.netsuiteUrls.restlets, NETSUITE_APP_URL: props.netsuiteUrls.app }
        : {}),
      ...(props.netsuiteUrls?.system ? { NETSUITE_SYSTEM_URL: props.netsuiteUrls.system } : {}),
    };

    const functions = {} as Record<FunctionName, RouteFunction>;
    for (const name of [...ROUTES.map((route) => route.name), ...BACKGROUND_FUNCTIONS]) {
      const fn = new RouteFunction(this, `Fn-${name}`, {
        name,
        environment,
        logRetention,
        projectRoot: props.projectRoot ?? process.cwd(),
      });
      functions[name] = fn;
      alarms.watchFunction(name, fn.function);
      const grantee = fn.function;
      for (const need of NEEDS[name]) {
        if (need === 'linkKey') secrets.linkSigningKey.grantRead(grantee);
        if (need === 'consumer') secrets.consumer.grantRead(grantee);
        if (need === 'tableRead') state.table.grantReadData(grantee);
        if (need === 'tableWrite') state.table.grantReadWriteData(grantee);
        if (need === 'tenantRead') secrets.grantReadTenantSecrets(grantee);
        if (need === 'tenantWrite') secrets.grantWriteTenantSecrets(grantee);
        if (need === 'tenantDelete') secrets.grantDeleteTenantSecrets(grantee);
        if (need === 'events') bus.grantPutEventsTo(grantee);
      }
    }
    for (const route of ROUTES) this.exposeRoute(api, route, functions[route.name]);

    this.publishConnectionEvents(state, functions['publish-events'], alarms);
    new Rule(this, 'SweepRevocations', {
      description: 'Retries revocations of superseded NetSuite tokens that failed earlier',
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaFunction(functions['sweep-revocations'].function)],
    });
    alarms.watchCallbackFailures(functions.callback.function.logGroup);

    new CfnOutput(this, 'CallbackUrl', {
      description: 'Put this into the NetSuite integration record (Callback URL)',
      value: `${api.baseUrl}/connect/callback`,
    });
    new CfnOutput(this, 'ApiUrl', { value: api.baseUrl });
    new CfnOutput(this, 'ConsumerSecretName', {
      description: 'Put {"consumerKey","consumerSecret"} of the integration record into this secret',
      value: secrets.consumer.secretName,
    });
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName });
    new CfnOutput(this, 'TableName', { value: state.table.tableName });

    this.acknowledgeNagFindings(functions, secrets, prefix);
  }

  // Typed by what the stack uses: aws-cdk-lib's EventBus does not satisfy IEventBus under
  // exactOptionalPropertyTypes.
  private eventBus(existing: string | undefined): Pick<IEventBus, 'eventBusName' | 'grantPutEventsTo'> {
    if (existing !== undefined) return EventBus.fromEventBusName(this, 'Events', existing);
    return new EventBus(this, 'Events', { description: 'NetSuite Connect lifecycle events' });
  }

  /**
   * Connection writes carry their events; the table's stream hands them to the publisher, which retries a
   * failed batch (halving it to isolate a poison record) and parks what never goes through in a queue
   * an alarm watches.
   */
  private publishConnectionEvents(
    state: ConnectState,
    publisher: RouteFunction,
    alarms: ConnectAlarms,
  ): void {
    const undelivered = new Queue(this, 'UndeliveredEvents', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: state.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    publisher.function.addEventSource(
      // aws-cdk-lib's Table does not satisfy its own ITable under exactOptionalPropertyTypes.
      new DynamoEventSource(state.table as ITable, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.days(1),
        onFailure: new SqsDlq(undelivered),
        // Only writes that carry an event; link records and locks never wake it.
        filters: [FilterCriteria.filter({ dynamodb: { NewImage: { event: { S: FilterRule.exists() } } } })],
      }),
    );
    alarms.watchQueue('undelivered-events', undelivered);

    const acknowledge = (scope: Construct, id: string, reason: string) =>
      Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${id}`, reason });
    acknowledge(undelivered, 'SQS3', 'It is the dead-letter destination of the event publisher itself.');
    acknowledge(
      publisher,
      'IAM5[Resource::*]',
      'dynamodb:ListStreams cannot be scoped to a resource; the stream reads themselves name the table stream.',
    );
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      acknowledge(
        publisher,
        `IAM5[Action::${action}]`,
        "CDK's standard grant for sending to the encrypted dead-letter queue, limited to the stack's own key.",
      );
    }
  }

  private exposeRoute(api: ConnectApi, route: (typeof ROUTES)[number], fn: RouteFunction): void {
    const httpRoutes = api.addRoute(route.name, fn.function);
    if (route.access !== 'public') return;
    for (const httpRoute of httpRoutes) {
      Validations.of(httpRoute).acknowledge({
        id: 'AwsSolutions::AwsSolutions-APIG4',
        reason:
          "Opened by a person in a browser and by NetSuite's redirect, neither of which can sign requests; " +
          'protected by the signed link, state and the binding cookie instead, and throttled. Management ' +
          'routes use the IAM authorizer.',
      });
    }
  }

  /** Every cdk-nag finding this design accepts, each with its reason. */
  private acknowledgeNagFindings(
    functions: Record<FunctionName, RouteFunction>,
    secrets: ConnectSecrets,
    tokenSecretPrefix: string,
  ): void {
    const acknowledge = (scope: Construct, id: string, reason: string) =>
      Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${id}`, reason });
    for (const [name, fn] of Object.entries(functions) as Array<[FunctionName, RouteFunction]>) {
      acknowledge(
        fn,
        'L1',
        'Node.js 22 is the runtime the product is built and tested for (esbuild target node22).',
      );
      const needs = NEEDS[name];
      if (needs.some((need) => ['tableWrite', 'tenantWrite'].includes(need))) {
        for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
          acknowledge(
            fn,
            `IAM5[Action::${action}]`,
            "CDK's standard encrypt/decrypt grant, limited to the stack's own key (table and secrets).",
          );
        }
      }
      if (needs.some((need) => need.startsWith('tenant'))) {
        acknowledge(
          fn,
          `IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${tokenSecretPrefix}/tenants/*]`,
          'Tenant secrets are created at run time, one per tenant and account: only their name prefix can be named.',
        );
      }
    }
    acknowledge(
      secrets.consumer,
      'SMG4',
      'The consumer key and secret belong to the NetSuite integration record; they change when it is reset there, and the operator puts the new pair here.',
    );
    acknowledge(
      secrets.linkSigningKey,
      'SMG4',
      'Rotating the link-signing key invalidates every onboarding link not yet used; the operator replaces it deliberately.',
    );
  }
}
