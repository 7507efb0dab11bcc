import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { LinkUsageStore } from '../core/ports.js';
import { storageFailure } from './storage-failure.js';

const key = (linkId: string) => ({ pk: { S: `LINK#${linkId}` }, sk: { S: 'LINK' } });

/** A marker per link whose flow completed; it lives until the link itself expires (TTL `expiresAt`). */
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

  async markUsed(linkId: string, usage: { usedAt: number; expiresAt: number }): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...key(linkId),
            usedAt: { N: String(usage.usedAt) },
            expiresAt: { N: String(usage.expiresAt) },
          },
        }),
      );
    } catch (error) {
      throw storageFailure('mark link used', error);
    }
  }
}
