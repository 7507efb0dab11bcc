import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-eventbridge';
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';

/**
 * Creates what the CDK stack creates in AWS: the table (with TTL and its change stream), the two
 * configuration secrets and the event bus, plus an SQS queue subscribed to the bus so that the events
 * can be read back. Returns the queue's URL and the stream's ARN.
 */
export async function provisionLocalResources(input: {
  region: string;
  dynamodbEndpoint: string;
  secretsManagerEndpoint: string;
  tableName: string;
  consumerSecretId: string;
  consumer: { key: string; secret: string };
  linkSigningKeySecretId: string;
  linkSigningKey: string;
  eventBusName: string;
}): Promise<{ eventQueueUrl: string; streamArn: string }> {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const clientOptions = { region: input.region, credentials };
  const dynamodb = new DynamoDBClient({
    region: input.region,
    endpoint: input.dynamodbEndpoint,
    credentials,
  });
  const secrets = new SecretsManagerClient({
    region: input.region,
    endpoint: input.secretsManagerEndpoint,
    credentials,
  });
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: input.tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    await dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: input.tableName,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const described = await dynamodb.send(new DescribeTableCommand({ TableName: input.tableName }));
  const streamArn = described.Table?.LatestStreamArn;
  if (streamArn === undefined)
    throw new Error(`table ${input.tableName} has no stream: delete it to recreate`);
  await putSecret(
    secrets,
    input.consumerSecretId,
    JSON.stringify({ consumerKey: input.consumer.key, consumerSecret: input.consumer.secret }),
  );
  await putSecret(secrets, input.linkSigningKeySecretId, input.linkSigningKey);
  dynamodb.destroy();
  secrets.destroy();
  return {
    streamArn,
    eventQueueUrl: await provisionEventBus(input.eventBusName, {
      ...clientOptions,
      endpoint: input.secretsManagerEndpoint,
    }),
  };
}

async function provisionEventBus(
  busName: string,
  options: {
    region: string;
    endpoint: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  },
): Promise<string> {
  const events = new EventBridgeClient(options);
  const sqs = new SQSClient(options);
  try {
    await events.send(new CreateEventBusCommand({ Name: busName }));
  } catch (error) {
    if (!(error instanceof ResourceAlreadyExistsException)) throw error;
  }
  const queue = await sqs.send(
    new CreateQueueCommand({ QueueName: busName.replaceAll(/[^A-Za-z0-9_-]/g, '-') }),
  );
  const queueUrl = queue.QueueUrl ?? '';
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  await events.send(
    new PutRuleCommand({
      Name: 'all-lifecycle-events',
      EventBusName: busName,
      EventPattern: '{"source":["netsuite-connect"]}',
    }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: 'all-lifecycle-events',
      EventBusName: busName,
      Targets: [{ Id: 'queue', Arn: attributes.Attributes?.QueueArn ?? '' }],
    }),
  );
  events.destroy();
  sqs.destroy();
  return queueUrl;
}

async function putSecret(client: SecretsManagerClient, name: string, value: string): Promise<void> {
  try {
    await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  } catch (error) {
    if (!(error instanceof ResourceExistsException)) throw error;
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
  }
}
