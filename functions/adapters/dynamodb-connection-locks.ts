import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { FlowError } from '../core/errors.js';
import type { ConnectionLocks } from '../core/ports.js';
import { storageFailure } from './storage-failure.js';

export interface LockOptions {
  /** How long a lock holds if its owner dies before releasing it (a crashed or timed-out function). */
  readonly leaseSeconds: number;
  /** How long to wait for a lock another request holds. */
  readonly maxWaitMs: number;
  readonly ownerId: () => string;
}

/**
 * A lease per connection: a conditional put that succeeds when no lock exists or the existing one has
 * expired, released by a delete conditioned on the owner. Critical sections are short (a secret read and
 * write), so waiters poll with a small backoff.
 */
export class DynamoDbConnectionLocks implements ConnectionLocks {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly options: LockOptions,
  ) {}

  async withLock<T>(tenantId: string, accountId: string, work: () => Promise<T>): Promise<T> {
    const key = { pk: { S: `LOCK#${tenantId}#${accountId}` }, sk: { S: 'LOCK' } };
    const owner = this.options.ownerId();
    const deadline = Date.now() + this.options.maxWaitMs;
    for (let attempt = 0; ; attempt++) {
      const now = Math.floor(Date.now() / 1000);
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: { ...key, owner: { S: owner }, expiresAt: { N: String(now + this.options.leaseSeconds) } },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': { N: String(now) } },
          }),
        );
        break;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException))
          throw storageFailure('acquire connection lock', error);
        if (Date.now() >= deadline) {
          throw new FlowError(
            'storage_unavailable',
            'Another change to this connection is still in progress',
          );
        }
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(25 * 2 ** attempt, 250) * (0.5 + Math.random())),
        );
      }
    }
    try {
      return await work();
    } finally {
      await this.client
        .send(
          new DeleteItemCommand({
            TableName: this.tableName,
            Key: key,
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': { S: owner } },
          }),
        )
        // Lost the lease meanwhile (the work outlived it): the next owner's lock must stay.
        .catch(() => undefined);
    }
  }
}
