import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { NetSuiteConnectStack } from '../../infra/netsuite-connect-stack.js';

let template: Template;

function synthStack(app: App): NetSuiteConnectStack {
  return new NetSuiteConnectStack(app, 'Test', {
    allowedReturnUrls: ['https://app.example.com/settings/netsuite'],
    tokenSecretPrefix: 'nsc',
  });
}

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

function statements(): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

const actionsOf = (statement: Statement) => [statement.Action].flat();

beforeAll(() => {
  template = Template.fromStack(synthStack(new App()));
}, 120_000);

describe('NetSuiteConnectStack', () => {
  it('keeps state in an on-demand table with TTL, PITR, a customer-managed key and deletion protection, retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: Match.objectLike({
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: Match.anyValue(),
        }),
        DeletionProtectionEnabled: true,
      }),
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('creates the consumer secret without its value and a generated link-signing key, both on the key', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    expect(Object.keys(secrets)).toHaveLength(2);
    for (const secret of Object.values(secrets) as Array<{ Properties: Record<string, unknown> }>) {
      expect(secret.Properties.SecretString).toBeUndefined();
      expect(secret.Properties.GenerateSecretString).toBeDefined();
      expect(secret.Properties.KmsKeyId).toBeDefined();
    }
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'nsc/config/netsuite-consumer' });
  });

  it('grants no secretsmanager wildcard and scopes tenant-secret writes to the prefix', () => {
    const all = statements();
    for (const statement of all) {
      expect(actionsOf(statement)).not.toContain('secretsmanager:*');
      if (actionsOf(statement).some((action) => action.startsWith('secretsmanager:'))) {
        expect(statement.Resource).not.toBe('*');
      }
    }
    const tenantWrite = all.find((statement) => actionsOf(statement).includes('secretsmanager:CreateSecret'));
    expect(actionsOf(tenantWrite ?? { Action: [], Resource: '', Effect: '' }).sort()).toEqual([
      'secretsmanager:CreateSecret',
      'secretsmanager:DescribeSecret',
      'secretsmanager:PutSecretValue',
      'secretsmanager:TagResource',
    ]);
    const tenantOnly = ['CreateSecret', 'PutSecretValue', 'TagResource', 'DeleteSecret'].map(
      (a) => `secretsmanager:${a}`,
    );
    for (const statement of all.filter((s) => actionsOf(s).some((action) => tenantOnly.includes(action)))) {
      expect(JSON.stringify(statement.Resource)).toContain(':secret:nsc/tenants/*');
    }
    expect(all.some((statement) => actionsOf(statement).includes('secretsmanager:DeleteSecret'))).toBe(true);
  });

  it('authorizes management routes with IAM and leaves only the browser routes open', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as { Properties: { RouteKey: string; AuthorizationType?: string } }).Properties,
    );
    const auth = Object.fromEntries(
      routes.map((route) => [route.RouteKey, route.AuthorizationType ?? 'NONE']),
    );
    expect(auth).toEqual({
      'POST /tenants/{tenantId}/links': 'AWS_IAM',
      'GET /tenants/{tenantId}/connections': 'AWS_IAM',
      'GET /tenants/{tenantId}/connections/{accountId}': 'AWS_IAM',
      'DELETE /tenants/{tenantId}/connections/{accountId}': 'AWS_IAM',
      'POST /tenants/{tenantId}/connections/{accountId}/verify': 'AWS_IAM',
      'PUT /tenants/{tenantId}/consumer': 'AWS_IAM',
      'DELETE /tenants/{tenantId}/consumer': 'AWS_IAM',
      'GET /connect/start': 'NONE',
      'GET /connect/callback': 'NONE',
    });
  });

  it('throttles the stage and the public routes, and logs access as JSON without query strings', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0] as {
      Properties: {
        DefaultRouteSettings: { ThrottlingRateLimit: number };
        RouteSettings: Record<string, { ThrottlingRateLimit: number }>;
        AccessLogSettings: { Format: string };
      };
    };
    expect(stage.Properties.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual([
      'GET /connect/callback',
      'GET /connect/start',
    ]);
    const format = stage.Properties.AccessLogSettings.Format;
    expect(JSON.parse(format)).toHaveProperty('path', '$context.path');
    expect(format.toLowerCase()).not.toMatch(/query|requesturi|rawpath|\$context\.path\?/);
  });

  it('runs every function on Node.js 22, ARM64, 512 MB or more, with a timeout above the NetSuite deadline', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Array<{
      Properties: {
        Runtime: string;
        Architectures: string[];
        MemorySize: number;
        Timeout: number;
        Environment: { Variables: Record<string, unknown> };
        LoggingConfig: unknown;
      };
    }>;
    expect(functions).toHaveLength(11);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
      expect(fn.Properties.MemorySize).toBeGreaterThanOrEqual(512);
      expect(fn.Properties.Timeout * 1000).toBeGreaterThan(
        Number(fn.Properties.Environment.Variables.NETSUITE_TIMEOUT_MS),
      );
      expect(fn.Properties.LoggingConfig).toBeDefined();
    }
    template.resourceCountIs('AWS::Logs::LogGroup', 12);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
  });

  it('gives functions no AWS managed policy', () => {
    for (const role of Object.values(template.findResources('AWS::IAM::Role')) as Array<{
      Properties: Record<string, unknown>;
    }>) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('alarms on errors and throttles of every function, undelivered events and callback failures', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 24);
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('authorization.failed'),
      MetricTransformations: [
        Match.objectLike({ MetricName: 'CallbackFailures', MetricNamespace: 'NetSuiteConnect' }),
      ],
    });
  });

  it('lets only the functions that emit lifecycle events put them on the bus', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    const putters = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([, policy]) =>
        JSON.stringify((policy as { Properties: unknown }).Properties).includes('events:PutEvents'),
      )
      .map(([id]) => id.replace(/^Fn(.+?)Role.*$/, '$1'));
    // Connection changes travel through the table's stream; the flows put only their failures.
    expect(putters.sort()).toEqual(['callback', 'publishevents', 'start']);
  });

  it("publishes connection events from the table's stream, retried, filtered, with a watched dead-letter queue", () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: Match.objectLike({ Ref: Match.stringLikeRegexp('^Fnpublishevents') }),
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      FilterCriteria: {
        Filters: [
          { Pattern: JSON.stringify({ dynamodb: { NewImage: { event: { S: [{ exists: true }] } } } }) },
        ],
      },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
  });

  it('retries failed revocations every hour', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [Match.objectLike({ Arn: Match.anyValue() })],
    });
  });

  it('outputs the callback URL to put into the integration record', () => {
    const outputs = template.findOutputs('CallbackUrl');
    expect(JSON.stringify(outputs)).toContain('/connect/callback');
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('has no unacknowledged finding on the stack', () => {
    const app = new App();
    synthStack(app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  }, 120_000);

  it('fails synthesis on an unacknowledged finding (the check is live)', () => {
    const app = new App();
    new Bucket(new Stack(app, 'Careless'), 'Plain');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions/);
  });
});
