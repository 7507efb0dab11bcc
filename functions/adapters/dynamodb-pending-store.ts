import {
  type AttributeValue,
  type ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { FlowError } from '../core/errors.js';
import type { PendingAuthorization, PendingAuthorizationStore } from '../core/ports.js';
import { isAwsError, storageFailure } from './storage-failure.js';

const key = (linkId: string) => ({ pk: { S: `LINK#${linkId}` }, sk: { S: 'LINK' } });

const linkUsed = (returnUrl: string | undefined) =>
  new FlowError('link_used', 'This onboarding link has already connected an account', { returnUrl });

/**
 * One item per link: `pending` (the authorization started from it), `usedAt` and `usedBy` (its request
 * token) once a flow claimed it, the
 * link's `returnUrl`, and `expiresAt` as the table's TTL: the authorization's expiry while one waits, the
 * link's own expiry once it is claimed, so a request-token secret never outlives its authorization.
 */
export class DynamoDbPendingStore implements PendingAuthorizationStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async isLinkUsed(linkId: string): Promise<boolean> {
    try {
      const result = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: key(linkId),
          ProjectionExpression: 'usedAt',
          ConsistentRead: true,
        }),
      );
      return result.Item?.usedAt !== undefined;
    } catch (error) {
      throw storageFailure('read link usage', error);
    }
  }

  async save(pending: PendingAuthorization): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(pending.linkId),
          UpdateExpression: 'SET pending = :pending, returnUrl = :returnUrl, expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(usedAt)',
          ExpressionAttributeValues: {
            ':pending': { M: toMap(pending) },
            ':returnUrl': { S: pending.returnUrl },
            ':expiresAt': { N: String(pending.expiresAt) },
          },
        }),
      );
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) throw linkUsed(pending.returnUrl);
      throw storageFailure('save pending authorization', error);
    }
  }

  async consume(
    linkId: string,
    requestToken: string,
    usedAt: number,
  ): Promise<PendingAuthorization | undefined> {
    try {
      // One conditional write consumes the authorization and claims the link; the marker then lives as
      // long as the link could be used.
      const result = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(linkId),
          UpdateExpression:
            'REMOVE pending SET usedAt = :usedAt, usedBy = :requestToken, expiresAt = pending.linkExpiresAt',
          ConditionExpression: 'pending.requestToken = :requestToken AND attribute_not_exists(usedAt)',
          ExpressionAttributeValues: {
            ':usedAt': { N: String(usedAt) },
            ':requestToken': { S: requestToken },
          },
          ReturnValues: 'UPDATED_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const item = result.Attributes?.pending?.M;
      return item === undefined ? undefined : fromMap(linkId, item);
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) {
        // Only the marker and the return URL are read from the refused item (it may hold another secret).
        const refused = (error as ConditionalCheckFailedException).Item;
        // A replay of the flow that claimed the link finds nothing waiting, like any unknown callback.
        const claimedByOther = refused?.usedAt !== undefined && refused.usedBy?.S !== requestToken;
        if (claimedByOther) throw linkUsed(refused.returnUrl?.S);
        return undefined;
      }
      throw storageFailure('consume pending authorization', error);
    }
  }

  async release(linkId: string): Promise<void> {
    try {
      // While a link is claimed no start can write to it, so its item holds nothing else.
      await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: key(linkId) }));
    } catch (error) {
      throw storageFailure('release link', error);
    }
  }
}

function toMap(pending: PendingAuthorization): Record<string, AttributeValue> {
  return {
    requestToken: { S: pending.requestToken },
    requestTokenSecret: { S: pending.requestTokenSecret },
    tenantId: { S: pending.tenantId },
    // Absent when the user starts at the system domain: the callback's `company` names it.
    ...(pending.accountId === undefined ? {} : { accountId: { S: pending.accountId } }),
    stateHash: { S: pending.stateHash },
    bindingHash: { S: pending.bindingHash },
    returnUrl: { S: pending.returnUrl },
    linkExpiresAt: { N: String(pending.linkExpiresAt) },
    ...(pending.consumerKey === undefined ? {} : { consumerKey: { S: pending.consumerKey } }),
    createdAt: { N: String(pending.createdAt) },
    expiresAt: { N: String(pending.expiresAt) },
  };
}

function fromMap(linkId: string, item: Record<string, AttributeValue>): PendingAuthorization {
  const text = (name: string) => {
    const value = item[name]?.S;
    if (value === undefined) throw new Error(`pending authorization lacks ${name}`);
    return value;
  };
  const number = (name: string) => Number(item[name]?.N ?? Number.NaN);
  return {
    requestToken: text('requestToken'),
    requestTokenSecret: text('requestTokenSecret'),
    tenantId: text('tenantId'),
    accountId: item.accountId?.S,
    stateHash: text('stateHash'),
    bindingHash: text('bindingHash'),
    returnUrl: text('returnUrl'),
    linkId,
    linkExpiresAt: number('linkExpiresAt'),
    consumerKey: item.consumerKey?.S,
    createdAt: number('createdAt'),
    expiresAt: number('expiresAt'),
  };
}
