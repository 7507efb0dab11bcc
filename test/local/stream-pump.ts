import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';

/**
 * What Lambda's event source mapping does for the deployed stack, for DynamoDB Local: reads the table's
 * stream shard by shard and hands each batch to the handler. A batch the handler fails is offered again
 * (and holds back its shard) until it succeeds, as Lambda retries it.
 */
export class StreamPump {
  private readonly client: DynamoDBStreamsClient;
  /** Per shard: where reading goes on, and a batch that failed and must be retried first. */
  private readonly shards = new Map<
    string,
    { iterator: string | undefined; failed?: _Record[] | undefined }
  >();
  /** Closed shards read to their end (the stream keeps listing them for a day). */
  private readonly finished = new Set<string>();
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    options: { region: string; endpoint: string },
    private readonly streamArn: string,
    private readonly handle: (batch: { Records: _Record[] }) => Promise<unknown>,
    /** What the background polling met; the batch is retried on the next poll. */
    private readonly onError: (error: unknown) => void,
  ) {
    this.client = new DynamoDBStreamsClient({
      region: options.region,
      endpoint: options.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }

  /**
   * Starts at the stream's end: what was written before this pump started is not its business. With
   * `pollMs` 0 it delivers only when drained.
   */
  async start(pollMs: number): Promise<void> {
    await this.discoverShards('LATEST');
    if (pollMs <= 0) return;
    const tick = () => {
      this.timer = setTimeout(() => {
        this.drain().catch(this.onError).finally(tick);
      }, pollMs);
    };
    tick();
  }

  /** Delivers everything written so far; rejects with the handler's error if a batch still fails. */
  drain(): Promise<void> {
    this.running = this.running.catch(() => undefined).then(() => this.deliverAll());
    return this.running;
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running.catch(() => undefined);
    this.client.destroy();
  }

  private async deliverAll(): Promise<void> {
    await this.discoverShards('TRIM_HORIZON');
    for (const [shardId, shard] of this.shards) {
      for (;;) {
        if (shard.failed !== undefined) {
          await this.handle({ Records: shard.failed });
          shard.failed = undefined;
        }
        if (shard.iterator === undefined) break;
        const page = await this.client.send(new GetRecordsCommand({ ShardIterator: shard.iterator }));
        shard.iterator = page.NextShardIterator;
        const records = page.Records ?? [];
        if (records.length === 0) break;
        shard.failed = records;
        await this.handle({ Records: records });
        shard.failed = undefined;
      }
      if (shard.iterator === undefined && shard.failed === undefined) {
        this.shards.delete(shardId);
        this.finished.add(shardId);
      }
    }
  }

  /** Shards that appeared since the last look start at their beginning; known ones keep their place. */
  private async discoverShards(position: 'LATEST' | 'TRIM_HORIZON'): Promise<void> {
    const described = await this.client.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    for (const shard of described.StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId ?? '';
      if (this.shards.has(shardId) || this.finished.has(shardId)) continue;
      const { ShardIterator } = await this.client.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: shardId,
          ShardIteratorType: position,
        }),
      );
      this.shards.set(shardId, { iterator: ShardIterator });
    }
  }
}
