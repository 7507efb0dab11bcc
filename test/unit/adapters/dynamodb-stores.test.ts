import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbConnectionStore } from '../../../functions/adapters/dynamodb-connection-store.js';
import { DynamoDbLinkUsageStore } from '../../../functions/adapters/dynamodb-link-usage-store.js';
import { DynamoDbPendingStore } from '../../../functions/adapters/dynamodb-pending-store.js';
import type { PendingAuthorization } from '../../../functions/core/ports.js';

const dynamodb = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'us-east-1' });

const pending: PendingAuthorization = {
  requestToken: 'RT1',
  requestTokenSecret: 'RTS1',
  tenantId: 'acme',
  accountId: '1234567_SB1',
  stateHash: 'aa',
  bindingHash: 'bb',
  returnUrl: 'https://app.example.com/r',
  linkId: 'lnk_1',
  linkExpiresAt: 1_700_086_400,
  consumerKey: 'ck',
  createdAt: 1_700_000_000,
  expiresAt: 1_700_000_900,
};

beforeEach(() => {
  dynamodb.reset();
});

describe('DynamoDbPendingStore', () => {
  it('saves the record with its TTL and refuses to overwrite an existing request token', async () => {
    dynamodb.on(PutItemCommand).resolves({});
    await new DynamoDbPendingStore(client, 'table').save(pending);
    const input = dynamodb.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input?.Item).toMatchObject({
      pk: { S: 'PENDING#RT1' },
      sk: { S: 'PENDING' },
      expiresAt: { N: '1700000900' },
      requestTokenSecret: { S: 'RTS1' },
    });
  });

  it('consumes with a conditional delete that returns the item as it was saved', async () => {
    dynamodb.on(PutItemCommand).resolves({});
    await new DynamoDbPendingStore(client, 'table').save(pending);
    const saved = dynamodb.commandCalls(PutItemCommand)[0]?.args[0].input.Item;
    dynamodb.on(DeleteItemCommand).resolves({ Attributes: saved });
    expect(await new DynamoDbPendingStore(client, 'table').consume('RT1')).toEqual(pending);
    const input = dynamodb.commandCalls(DeleteItemCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ ConditionExpression: 'attribute_exists(pk)', ReturnValues: 'ALL_OLD' });
  });

  it('answers undefined when another caller consumed it first', async () => {
    dynamodb
      .on(DeleteItemCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'gone', $metadata: {} }));
    expect(await new DynamoDbPendingStore(client, 'table').consume('RT1')).toBeUndefined();
  });

  it('maps any other failure to storage_unavailable', async () => {
    dynamodb.on(DeleteItemCommand).rejects(new Error('ECONNREFUSED'));
    await expect(new DynamoDbPendingStore(client, 'table').consume('RT1')).rejects.toMatchObject({
      reason: 'storage_unavailable',
    });
  });
});

describe('DynamoDbLinkUsageStore', () => {
  it('reads consistently and claims with a conditional put whose TTL is the link expiry', async () => {
    dynamodb.on(GetItemCommand).resolves({ Item: { pk: { S: 'LINK#lnk_1' } } });
    dynamodb.on(PutItemCommand).resolves({});
    const store = new DynamoDbLinkUsageStore(client, 'table');
    expect(await store.isUsed('lnk_1')).toBe(true);
    expect(dynamodb.commandCalls(GetItemCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
    await store.claim('lnk_1', { usedAt: 5, expiresAt: 9 });
    const put = dynamodb.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(put?.Item).toEqual({
      pk: { S: 'LINK#lnk_1' },
      sk: { S: 'LINK' },
      usedAt: { N: '5' },
      expiresAt: { N: '9' },
    });
    expect(put?.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('answers link_used when the claim finds a marker, and a storage failure otherwise', async () => {
    const store = new DynamoDbLinkUsageStore(client, 'table');
    dynamodb.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'x', $metadata: {} }));
    await expect(store.claim('lnk_1', { usedAt: 5, expiresAt: 9 })).rejects.toMatchObject({
      reason: 'link_used',
    });
    dynamodb.on(PutItemCommand).rejects(new Error('socket hang up'));
    await expect(store.claim('lnk_1', { usedAt: 5, expiresAt: 9 })).rejects.toMatchObject({
      reason: 'storage_unavailable',
    });
    dynamodb.on(DeleteItemCommand).resolves({});
    await store.release('lnk_1');
    expect(dynamodb.commandCalls(DeleteItemCommand)[0]?.args[0].input.Key).toEqual({
      pk: { S: 'LINK#lnk_1' },
      sk: { S: 'LINK' },
    });
  });
});

describe('DynamoDbConnectionStore', () => {
  it('writes the whole connection under the tenant partition', async () => {
    dynamodb.on(PutItemCommand).resolves({});
    await new DynamoDbConnectionStore(client, 'table').upsert({
      tenantId: 'acme',
      accountId: '1234567',
      role: '3',
      entity: undefined,
      status: 'active',
      secretArn: 'arn:x',
      consumerKey: 'ck',
      pendingRevocations: 1,
      connectedAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      lastVerifiedAt: undefined,
    });
    const item = dynamodb.commandCalls(PutItemCommand)[0]?.args[0].input.Item;
    expect(item).toMatchObject({
      pk: { S: 'TENANT#acme' },
      sk: { S: 'CONNECTION#1234567' },
      entity: { NULL: true },
      pendingRevocations: { N: '1' },
      lastVerifiedAt: { NULL: true },
    });
  });

  it('creates a connection only where none exists', async () => {
    const store = new DynamoDbConnectionStore(client, 'table');
    const connection = {
      tenantId: 'acme',
      accountId: '1234567',
      role: undefined,
      entity: undefined,
      status: 'active' as const,
      secretArn: 'arn:s',
      consumerKey: 'ck',
      pendingRevocations: 0,
      connectedAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      lastVerifiedAt: undefined,
    };
    dynamodb.on(PutItemCommand).resolves({});
    expect(await store.create(connection)).toBe(true);
    expect(dynamodb.commandCalls(PutItemCommand)[0]?.args[0].input.ConditionExpression).toBe(
      'attribute_not_exists(pk)',
    );
    dynamodb.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'x', $metadata: {} }));
    expect(await store.create(connection)).toBe(false);
    dynamodb.on(PutItemCommand).rejects(new Error('socket hang up'));
    await expect(store.create(connection)).rejects.toMatchObject({ reason: 'storage_unavailable' });
  });

  it('finds connections with pending revocations by a filtered scan of connection items', async () => {
    dynamodb.on(ScanCommand).resolves({ Items: [] });
    expect(await new DynamoDbConnectionStore(client, 'table').listWithPendingRevocations()).toEqual([]);
    expect(dynamodb.commandCalls(ScanCommand)[0]?.args[0].input.FilterExpression).toBe(
      'begins_with(sk, :prefix) AND pendingRevocations > :zero',
    );
  });

  it('lists every page of a tenant', async () => {
    const item = (account: string) => ({
      tenantId: { S: 'acme' },
      accountId: { S: account },
      role: { S: '3' },
      entity: { NULL: true },
      status: { S: 'active' },
      secretArn: { S: `arn:${account}` },
      consumerKey: { S: 'ck' },
      pendingRevocations: { N: '0' },
      connectedAt: { S: 't1' },
      updatedAt: { S: 't2' },
    });
    dynamodb
      .on(QueryCommand)
      .resolvesOnce({ Items: [item('1')], LastEvaluatedKey: { pk: { S: 'x' } } })
      .resolvesOnce({ Items: [item('2')] });
    const listed = await new DynamoDbConnectionStore(client, 'table').list('acme');
    expect(listed.map((c) => c.accountId)).toEqual(['1', '2']);
    expect(listed[0]).toMatchObject({ entity: undefined, role: '3', status: 'active' });
  });
});
