import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  paginateQuery,
  paginateScan,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CONNECTION_STATUSES,
  type Connection,
  type ConnectionStatus,
  type ConnectionStore,
  type LifecycleEvent,
} from '../core/ports.js';
import { isAwsError, storageFailure } from './storage-failure.js';

const partition = (tenantId: string) => `TENANT#${tenantId}`;
const SORT_PREFIX = 'CONNECTION#';
const key = (tenantId: string, accountId: string) => ({
  pk: { S: partition(tenantId) },
  sk: { S: `${SORT_PREFIX}${accountId}` },
});

/** Connection metadata, one item per tenant + account under the tenant's partition. */
export class DynamoDbConnectionStore implements ConnectionStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async upsert(connection: Connection, event?: LifecycleEvent): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({ TableName: this.tableName, Item: toItem(connection, event) }),
      );
    } catch (error) {
      throw storageFailure('save connection', error);
    }
  }

  async create(connection: Connection, event?: LifecycleEvent): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem(connection, event),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw storageFailure('create connection', error);
    }
  }

  async get(tenantId: string, accountId: string): Promise<Connection | undefined> {
    try {
      const result = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: key(tenantId, accountId),
          ConsistentRead: true,
        }),
      );
      return result.Item === undefined ? undefined : fromItem(result.Item);
    } catch (error) {
      throw storageFailure('read connection', error);
    }
  }

  async list(tenantId: string): Promise<Connection[]> {
    const connections: Connection[] = [];
    try {
      const pages = paginateQuery(
        { client: this.client },
        {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': { S: partition(tenantId) }, ':prefix': { S: SORT_PREFIX } },
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) connections.push(fromItem(item));
      }
    } catch (error) {
      throw storageFailure('list connections', error);
    }
    return connections;
  }

  /**
   * A removal that means an event first writes the event onto the record, so that the change stream
   * carries it; a removal leaves no new image to carry anything.
   */
  async remove(tenantId: string, accountId: string, event?: LifecycleEvent): Promise<void> {
    try {
      if (event !== undefined) {
        await this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: key(tenantId, accountId),
            UpdateExpression: 'SET #event = :event',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#event': EVENT_ATTRIBUTE },
            ExpressionAttributeValues: { ':event': { S: JSON.stringify(event) } },
          }),
        );
      }
      await this.client.send(
        new DeleteItemCommand({ TableName: this.tableName, Key: key(tenantId, accountId) }),
      );
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return;
      throw storageFailure('delete connection', error);
    }
  }

  /**
   * A filtered scan: run hourly by the sweep, it reads the table once; at the scale of one item per
   * connected account that costs less than maintaining an index for it.
   */
  async listWithPendingRevocations(): Promise<Connection[]> {
    const connections: Connection[] = [];
    try {
      const pages = paginateScan(
        { client: this.client },
        {
          TableName: this.tableName,
          FilterExpression: 'begins_with(sk, :prefix) AND pendingRevocations > :zero',
          ExpressionAttributeValues: { ':prefix': { S: SORT_PREFIX }, ':zero': { N: '0' } },
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) connections.push(fromItem(item));
      }
    } catch (error) {
      throw storageFailure('list pending revocations', error);
    }
    return connections;
  }
}

const optional = (value: string | undefined): AttributeValue =>
  value === undefined ? { NULL: true } : { S: value };

/** The attribute that carries the event of the write that set it, for the change stream to publish. */
export const EVENT_ATTRIBUTE = 'event';

function toItem(connection: Connection, event: LifecycleEvent | undefined): Record<string, AttributeValue> {
  return {
    ...key(connection.tenantId, connection.accountId),
    tenantId: { S: connection.tenantId },
    accountId: { S: connection.accountId },
    role: optional(connection.role),
    entity: optional(connection.entity),
    status: { S: connection.status },
    secretArn: { S: connection.secretArn },
    consumerKey: { S: connection.consumerKey },
    pendingRevocations: { N: String(connection.pendingRevocations) },
    connectedAt: { S: connection.connectedAt },
    updatedAt: { S: connection.updatedAt },
    lastVerifiedAt: optional(connection.lastVerifiedAt),
    ...(event === undefined ? {} : { [EVENT_ATTRIBUTE]: { S: JSON.stringify(event) } }),
  };
}

function fromItem(item: Record<string, AttributeValue>): Connection {
  const text = (name: string) => item[name]?.S ?? '';
  return {
    tenantId: text('tenantId'),
    accountId: text('accountId'),
    role: item.role?.S,
    entity: item.entity?.S,
    status: parseStatus(text('status')),
    secretArn: text('secretArn'),
    consumerKey: text('consumerKey'),
    pendingRevocations: Number(item.pendingRevocations?.N ?? '0'),
    connectedAt: text('connectedAt'),
    updatedAt: text('updatedAt'),
    lastVerifiedAt: item.lastVerifiedAt?.S,
  };
}

function parseStatus(value: string): ConnectionStatus {
  const status = CONNECTION_STATUSES.find((known) => known === value);
  if (status === undefined) throw new Error(`unknown connection status ${value}`);
  return status;
}
