import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ROUTES, type RouteName } from '../functions/routes.js';
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
  /** NetSuite URL templates with `{host}`; default to NetSuite's own domains. */
  readonly netsuiteUrls?: { readonly restlets: string; readonly app: string };
  readonly logRetention?: RetentionDays;
  /** Repository root (entries and lock file); defaults to the working directory of `cdk synth`. */
  readonly projectRoot?: string;
}

/** NetSuite Connect: the HTTP API, one function per route, the table, the secrets and the alarms. */
export class NetSuiteConnectStack extends Stack {
  constructor(scope: Construct, id: string, props: NetSuiteConnectStackProps) {
    super(scope, id, props);
    if (props.allowedReturnUrls.length === 0) throw new Error('allowedReturnUrls must name at least one URL');
    const prefix = props.tokenSecretPrefix ?? 'netsuite-connect';
    const logRetention = props.logRetention ?? RetentionDays.THREE_MONTHS;

    const state = new ConnectState(this, 'State');
    const secrets = new ConnectSecrets(this, 'Secrets', { key: state.key, tokenSecretPrefix: prefix });
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
      NETSUITE_TIMEOUT_MS: '8000',
      ...(props.netsuiteUrls
        ? { NETSUITE_RESTLETS_URL: props.netsuiteUrls.restlets, NETSUITE_APP_URL: props.netsuiteUrls.app }
        : {}),
    };

    const functions = {} as Record<RouteName, RouteFunction>;
    for (const route of ROUTES) {
      const fn = new RouteFunction(this, `Route-${route.name}`, {
        route: route.name,
        environment,
        logRetention,
        projectRoot: props.projectRoot ?? process.cwd(),
      });
      functions[route.name] = fn;
      const httpRoutes = api.addRoute(route.name, fn.function);
      if (route.access === 'public') {
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
      alarms.watchFunction(route.name, fn.function);
    }

    // Least privilege, route by route.
    secrets.linkSigningKey.grantRead(functions['create-link'].function);
    secrets.linkSigningKey.grantRead(functions.start.function);
    secrets.consumer.grantRead(functions.start.function);
    secrets.consumer.grantRead(functions.callback.function);
    state.table.grantReadWriteData(functions.start.function);
    state.table.grantReadWriteData(functions.callback.function);
    state.table.grantReadData(functions['list-connections'].function);
    secrets.grantWriteTenantTokens(functions.callback.function);
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
    new CfnOutput(this, 'TableName', { value: state.table.tableName });

    this.acknowledgeNagFindings(functions, secrets, prefix);
  }

  /** Every cdk-nag finding this design accepts, each with its reason. */
  private acknowledgeNagFindings(
    functions: Record<RouteName, RouteFunction>,
    secrets: ConnectSecrets,
    tokenSecretPrefix: string,
  ): void {
    const acknowledge = (scope: Construct, id: string, reason: string) =>
      Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${id}`, reason });
    for (const fn of Object.values(functions)) {
      acknowledge(
        fn,
        'L1',
        'Node.js 22 is the runtime the product is built and tested for (esbuild target node22).',
      );
    }
    for (const fn of [functions.start, functions.callback]) {
      for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
        acknowledge(
          fn,
          `IAM5[Action::${action}]`,
          "CDK's standard encrypt/decrypt grant, limited to the stack's own key (table and secrets).",
        );
      }
    }
    acknowledge(
      functions.callback,
      `IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${tokenSecretPrefix}/tenants/*]`,
      'Tenant token secrets are created at run time, one per tenant and account: only their name prefix can be named.',
    );
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
