import {
  type AttributeValue,
  type DynamoDBClient,
  paginateQuery,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CONNECTION_STATUSES,
  type Connection,
  type ConnectionStatus,
  type ConnectionStore,
} from '../core/ports.js';
import { storageFailure } from './storage-failure.js';

const partition = (tenantId: string) => `TENANT#${tenantId}`;
const SORT_PREFIX = 'CONNECTION#';

/** Connection metadata, one item per tenant + account under the tenant's partition. */
export class DynamoDbConnectionStore implements ConnectionStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async upsert(connection: Connection): Promise<void> {
    const optional = (value: string | undefined): AttributeValue =>
      value === undefined ? { NULL: true } : { S: value };
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: {
            pk: { S: partition(connection.tenantId) },
            sk: { S: `${SORT_PREFIX}${connection.accountId}` },
          },
          // connectedAt keeps the first connection's time across re-authorizations.
          UpdateExpression:
            'SET tenantId = :tenant, accountId = :account, #role = :role, entity = :entity, #status = :status, ' +
            'secretArn = :arn, connectedAt = if_not_exists(connectedAt, :connected), updatedAt = :updated',
          ExpressionAttributeNames: { '#role': 'role', '#status': 'status' },
          ExpressionAttributeValues: {
            ':tenant': { S: connection.tenantId },
            ':account': { S: connection.accountId },
            ':role': optional(connection.role),
            ':entity': optional(connection.entity),
            ':status': { S: connection.status },
            ':arn': { S: connection.secretArn },
            ':connected': { S: connection.connectedAt },
            ':updated': { S: connection.updatedAt },
          },
        }),
      );
    } catch (error) {
      throw storageFailure('save connection', error);
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
    connectedAt: text('connectedAt'),
    updatedAt: text('updatedAt'),
  };
}

function parseStatus(value: string): ConnectionStatus {
  const status = CONNECTION_STATUSES.find((known) => known === value);
  if (status === undefined) throw new Error(`unknown connection status ${value}`);
  return status;
}
