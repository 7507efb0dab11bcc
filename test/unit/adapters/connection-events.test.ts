import {
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { committedEvents, type TableChange } from '../../../functions/adapters/dynamodb-connection-events.js';
import { DynamoDbConnectionStore } from '../../../functions/adapters/dynamodb-connection-store.js';
import { EventBridgePublisher } from '../../../functions/adapters/eventbridge-publisher.js';
import type { LifecycleEvent } from '../../../functions/core/ports.js';
import { aConnection } from './fixtures.js';

const dynamodb = mockClient(DynamoDBClient);
const eventbridge = mockClient(EventBridgeClient);

const connection = aConnection;

const created: LifecycleEvent = {
  type: 'connection.created',
  tenantId: 'acme',
  accountId: '1234567',
  role: '3',
  entity: undefined,
  correlationId: 'req-1',
  time: '2026-01-01T00:00:00.000Z',
  status: 'active',
};

beforeEach(() => {
  dynamodb.reset();
  eventbridge.reset();
});

/** The item a write puts, as the stream shows it in NewImage / OldImage. */
async function imageOf(event: LifecycleEvent | undefined) {
  dynamodb.reset();
  dynamodb.on(PutItemCommand).resolves({});
  await new DynamoDbConnectionStore(new DynamoDBClient({ region: 'us-east-1' }), 't').upsert(
    connection,
    event,
  );
  return dynamodb.commandCalls(PutItemCommand)[0]?.args[0].input.Item;
}

describe('events carried by connection writes', () => {
  it('publishes the event a write carried, as it was written', async () => {
    const change: TableChange = { eventName: 'INSERT', dynamodb: { NewImage: await imageOf(created) } };
    expect(committedEvents([change])).toEqual({
      events: [{ ...created, entity: undefined }],
      unreadable: 0,
    });
  });

  it('finds no news in a write without an event, a rewrite of the same event, or a removal', async () => {
    const withEvent = await imageOf(created);
    const without = await imageOf(undefined);
    const changes: TableChange[] = [
      { eventName: 'MODIFY', dynamodb: { OldImage: withEvent, NewImage: without } },
      { eventName: 'MODIFY', dynamodb: { OldImage: withEvent, NewImage: withEvent } },
      { eventName: 'REMOVE', dynamodb: { OldImage: withEvent } },
    ];
    expect(committedEvents(changes)).toEqual({ events: [], unreadable: 0 });
  });

  it('keeps stream order, and counts an unreadable event instead of failing the batch', async () => {
    const revoked = { ...created, type: 'connection.revoked' as const, status: 'revoked' as const };
    const changes: TableChange[] = [
      { dynamodb: { NewImage: await imageOf(created) } },
      { dynamodb: { NewImage: { event: { S: '{"type":"connection.exploded"}' } } } },
      { dynamodb: { OldImage: await imageOf(created), NewImage: await imageOf(revoked) } },
    ];
    const { events, unreadable } = committedEvents(changes);
    expect(events.map((event) => event.type)).toEqual(['connection.created', 'connection.revoked']);
    expect(unreadable).toBe(1);
  });

  it('writes a removal’s event onto the record before deleting it, so the stream carries it', async () => {
    dynamodb.on(UpdateItemCommand).resolves({});
    dynamodb.on(DeleteItemCommand).resolves({});
    const deleted = { ...created, type: 'connection.deleted' as const };
    await new DynamoDbConnectionStore(new DynamoDBClient({ region: 'us-east-1' }), 't').remove(
      'acme',
      '1234567',
      deleted,
    );
    const update = dynamodb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(update?.ConditionExpression).toBe('attribute_exists(pk)');
    expect(JSON.parse(update?.ExpressionAttributeValues?.[':event']?.S ?? '{}')).toEqual(
      JSON.parse(JSON.stringify(deleted)),
    );
    expect(dynamodb.commandCalls(DeleteItemCommand)).toHaveLength(1);
  });
});

describe('EventBridgePublisher', () => {
  const publisher = () =>
    new EventBridgePublisher(async () => new EventBridgeClient({ region: 'us-east-1' }), 'bus');

  it('puts events ten at a time, typed by detail-type, with no empty call', async () => {
    eventbridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
    await publisher().publish([]);
    expect(eventbridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    await publisher().publish(Array.from({ length: 12 }, (_, i) => ({ ...created, correlationId: `r${i}` })));
    const calls = eventbridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);
    expect(calls.map((entries) => entries.length)).toEqual([10, 2]);
    expect(calls[0]?.[0]).toMatchObject({
      EventBusName: 'bus',
      Source: 'netsuite-connect',
      DetailType: 'connection.created',
    });
    expect(JSON.parse(calls[1]?.[1]?.Detail ?? '{}')).toMatchObject({ correlationId: 'r11' });
  });

  it('fails when EventBridge refuses any entry, so the batch is offered again', async () => {
    eventbridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{}, { ErrorCode: 'ThrottlingException' }] });
    await expect(publisher().publish([created, created])).rejects.toThrow(/ThrottlingException/);
  });
});
