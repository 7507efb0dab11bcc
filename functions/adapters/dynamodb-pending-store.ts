import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { PendingAuthorization, PendingAuthorizationStore } from '../core/ports.js';
import { isAwsError, storageFailure } from './storage-failure.js';

const key = (requestToken: string) => ({ pk: { S: `PENDING#${requestToken}` }, sk: { S: 'PENDING' } });

/** Pending authorizations, keyed by request token, with `expiresAt` as the table's TTL attribute. */
export class DynamoDbPendingStore implements PendingAuthorizationStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async save(pending: PendingAuthorization): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...key(pending.requestToken),
            requestTokenSecret: { S: pending.requestTokenSecret },
            tenantId: { S: pending.tenantId },
            // Absent when the user starts at the system domain: the callback's `company` names it.
            ...(pending.accountId === undefined ? {} : { accountId: { S: pending.accountId } }),
            stateHash: { S: pending.stateHash },
            bindingHash: { S: pending.bindingHash },
            returnUrl: { S: pending.returnUrl },
            linkId: { S: pending.linkId },
            linkExpiresAt: { N: String(pending.linkExpiresAt) },
            ...(pending.consumerKey === undefined ? {} : { consumerKey: { S: pending.consumerKey } }),
            createdAt: { N: String(pending.createdAt) },
            expiresAt: { N: String(pending.expiresAt) },
          },
          // Request tokens are unique; overwriting one would let a second flow hijack the first.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      throw storageFailure('save pending authorization', error);
    }
  }

  async consume(requestToken: string): Promise<PendingAuthorization | undefined> {
    try {
      // A conditional delete that returns the old item: of concurrent callbacks, exactly one gets it.
      const result = await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: key(requestToken),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      return result.Attributes === undefined ? undefined : fromItem(requestToken, result.Attributes);
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return undefined;
      throw storageFailure('consume pending authorization', error);
    }
  }
}

function fromItem(requestToken: string, item: Record<string, AttributeValue>): PendingAuthorization {
  const text = (name: string) => {
    const value = item[name]?.S;
    if (value === undefined) throw new Error(`pending item lacks ${name}`);
    return value;
  };
  const number = (name: string) => Number(item[name]?.N ?? Number.NaN);
  return {
    requestToken,
    requestTokenSecret: text('requestTokenSecret'),
    tenantId: text('tenantId'),
    accountId: item.accountId?.S,
    stateHash: text('stateHash'),
    bindingHash: text('bindingHash'),
    returnUrl: text('returnUrl'),
    linkId: text('linkId'),
    linkExpiresAt: number('linkExpiresAt'),
    consumerKey: item.consumerKey?.S,
    createdAt: number('createdAt'),
    expiresAt: number('expiresAt'),
  };
}
