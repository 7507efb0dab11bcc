import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbConnectionStore } from '../../../functions/adapters/dynamodb-connection-store.js';
import { DynamoDbPendingStore } from '../../../functions/adapters/dynamodb-pending-store.js';
import type { PendingAuthorization } from '../../../functions/core/ports.js';
import { aConnection } from './fixtures.js';

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
  const store = () => new DynamoDbPendingStore(client, 'table');
  const key = { pk: { S: 'LINK#lnk_1' }, sk: { S: 'LINK' } };
  /** The conditional update is refused; DynamoDB hands back the record as it stands. */
  const refusedOver = (item: Record<string, AttributeValue>) =>
    dynamodb
      .on(UpdateItemCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'refused', $metadata: {}, Item: { ...key, ...item } }),
      );
  const claimedBy = (requestToken: string) => ({
    usedAt: { N: '4' },
    usedBy: { S: requestToken },
    returnUrl: { S: 'https://app.example.com/r' },
  });

  it("saves the authorization on its link's record, TTL its own expiry, unless the link is claimed", async () => {
    dynamodb.on(UpdateItemCommand).resolves({});
    await store().save(pending);
    const input = dynamodb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(input?.Key).toEqual(key);
    expect(input?.ConditionExpression).toBe('attribute_not_exists(usedAt)');
    expect(input?.ExpressionAttributeValues).toMatchObject({
      ':expiresAt': { N: '1700000900' },
      ':returnUrl': { S: 'https://app.example.com/r' },
      ':pending': { M: { requestToken: { S: 'RT1' }, requestTokenSecret: { S: 'RTS1' } } },
    });
  });

  it('answers link_used, returning to the link, when a start finds the link claimed', async () => {
    dynamodb
      .on(UpdateItemCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'used', $metadata: {} }));
    const refused = await store()
      .save(pending)
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ reason: 'link_used', returnUrl: 'https://app.example.com/r' });
  });

  it('consumes and claims in one conditional update that returns the authorization as it was saved', async () => {
    dynamodb.on(UpdateItemCommand).resolves({});
    await store().save(pending);
    const saved = dynamodb.commandCalls(UpdateItemCommand)[0]?.args[0].input.ExpressionAttributeValues;
    dynamodb.on(UpdateItemCommand).resolves({ Attributes: { pending: saved?.[':pending'] as never } });
    expect(await store().consume('lnk_1', 'RT1', 1_700_000_100)).toEqual(pending);
    const input = dynamodb.commandCalls(UpdateItemCommand)[1]?.args[0].input;
    expect(input).toMatchObject({
      Key: key,
      UpdateExpression:
        'REMOVE pending SET usedAt = :usedAt, usedBy = :requestToken, expiresAt = pending.linkExpiresAt',
      ConditionExpression: 'pending.requestToken = :requestToken AND attribute_not_exists(usedAt)',
      ExpressionAttributeValues: { ':usedAt': { N: '1700000100' }, ':requestToken': { S: 'RT1' } },
      ReturnValues: 'UPDATED_OLD',
    });
  });

  it('answers undefined when no authorization waits for this request token', async () => {
    refusedOver({ pending: { M: { requestToken: { S: 'RT2' } } } });
    expect(await store().consume('lnk_1', 'RT1', 5)).toBeUndefined();
  });

  it('answers undefined for a replay of the flow that claimed the link', async () => {
    refusedOver(claimedBy('RT1'));
    expect(await store().consume('lnk_1', 'RT1', 5)).toBeUndefined();
  });

  it('answers link_used, returning to the link, when another flow claimed the link', async () => {
    refusedOver(claimedBy('RT0'));
    const refused = await store()
      .consume('lnk_1', 'RT1', 5)
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ reason: 'link_used', returnUrl: 'https://app.example.com/r' });
  });

  it('reads the marker consistently, releases by deleting the record, and maps failures', async () => {
    dynamodb.on(GetItemCommand).resolves({ Item: { usedAt: { N: '4' } } });
    expect(await store().isLinkUsed('lnk_1')).toBe(true);
    expect(dynamodb.commandCalls(GetItemCommand)[0]?.args[0].input).toMatchObject({
      Key: key,
      ConsistentRead: true,
    });
    dynamodb.on(GetItemCommand).resolves({ Item: { ...key } });
    expect(await store().isLinkUsed('lnk_1')).toBe(false);
    dynamodb.on(DeleteItemCommand).resolves({});
    await store().release('lnk_1');
    expect(dynamodb.commandCalls(DeleteItemCommand)[0]?.args[0].input.Key).toEqual(key);
    dynamodb.on(UpdateItemCommand).rejects(new Error('ECONNREFUSED'));
    await expect(store().consume('lnk_1', 'RT1', 5)).rejects.toMatchObject({
      reason: 'storage_unavailable',
    });
  });
});

describe('DynamoDbConnectionStore', () => {
  it('writes the whole connection under the tenant partition', async () => {
    dynamodb.on(PutItemCommand).resolves({});
    await new DynamoDbConnectionStore(client, 'table').upsert({
      ...aConnection,
      pendingRevocations: 1,
      updatedAt: '2026-01-02T00:00:00.000Z',
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
    const connection = { ...aConnection, role: undefined, secretArn: 'arn:s' };
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
