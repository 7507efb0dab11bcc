import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

/** Creates what the CDK stack creates in AWS: the table (with TTL) and the two configuration secrets. */
export async function provisionLocalResources(input: {
  region: string;
  dynamodbEndpoint: string;
  secretsManagerEndpoint: string;
  tableName: string;
  consumerSecretId: string;
  consumer: { key: string; secret: string };
  linkSigningKeySecretId: string;
  linkSigningKey: string;
}): Promise<void> {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
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
  await putSecret(
    secrets,
    input.consumerSecretId,
    JSON.stringify({ consumerKey: input.consumer.key, consumerSecret: input.consumer.secret }),
  );
  await putSecret(secrets, input.linkSigningKeySecretId, input.linkSigningKey);
  dynamodb.destroy();
  secrets.destroy();
}

async function putSecret(client: SecretsManagerClient, name: string, value: string): Promise<void> {
  try {
    await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  } catch (error) {
    if (!(error instanceof ResourceExistsException)) throw error;
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
  }
}
