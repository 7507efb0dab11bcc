import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { FlowError } from '../core/errors.js';
import type { LinkUsageStore } from '../core/ports.js';
import { isAwsError, storageFailure } from './storage-failure.js';

const key = (linkId: string) => ({ pk: { S: `LINK#${linkId}` }, sk: { S: 'LINK' } });

/** A marker per link that connected an account; it lives until the link itself expires (TTL `expiresAt`). */
export class DynamoDbLinkUsageStore implements LinkUsageStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async isUsed(linkId: string): Promise<boolean> {
    try {
      const result = await this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: key(linkId), ConsistentRead: true }),
      );
      return result.Item !== undefined;
    } catch (error) {
      throw storageFailure('read link usage', error);
    }
  }

  async claim(linkId: string, usage: { usedAt: number; expiresAt: number }): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...key(linkId),
            usedAt: { N: String(usage.usedAt) },
            expiresAt: { N: String(usage.expiresAt) },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) {
        throw new FlowError('link_used', 'This onboarding link has already connected an account');
      }
      throw storageFailure('claim link', error);
    }
  }

  async release(linkId: string): Promise<void> {
    try {
      await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: key(linkId) }));
    } catch (error) {
      throw storageFailure('release link', error);
    }
  }
}
