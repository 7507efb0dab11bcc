// The cold-start baseline: a function that only loads and creates the two AWS clients every flow needs.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export const clients = [new DynamoDBClient({}), new SecretsManagerClient({})];
export const handler = async () => clients.length;
