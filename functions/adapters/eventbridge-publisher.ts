import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { EventPublisher, LifecycleEvent } from '../core/ports.js';

export const EVENT_SOURCE = 'netsuite-connect';

/**
 * Lifecycle events on an EventBridge bus: `source` netsuite-connect, `detail-type` the event type. The
 * client is created on the first event, so functions that never publish do not load it at cold start.
 */
export class EventBridgePublisher implements EventPublisher {
  private client: Promise<EventBridgeClient> | undefined;

  constructor(
    private readonly createClient: () => Promise<EventBridgeClient>,
    private readonly busName: string,
  ) {}

  async publish(events: readonly LifecycleEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.client ??= this.createClient();
    const [{ PutEventsCommand }, client] = await Promise.all([
      import('@aws-sdk/client-eventbridge'),
      this.client,
    ]);
    // PutEvents takes at most ten entries per call.
    for (let first = 0; first < events.length; first += 10) {
      const result = await client.send(
        new PutEventsCommand({
          Entries: events.slice(first, first + 10).map(({ type, ...detail }) => ({
            EventBusName: this.busName,
            Source: EVENT_SOURCE,
            DetailType: type,
            Detail: JSON.stringify(detail),
          })),
        }),
      );
      if ((result.FailedEntryCount ?? 0) > 0) {
        const code = result.Entries?.find((entry) => entry.ErrorCode)?.ErrorCode ?? 'unknown';
        throw new Error(`EventBridge refused ${result.FailedEntryCount} event(s): ${code}`);
      }
    }
  }
}
