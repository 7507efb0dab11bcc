import { committedEvents, type TableChange } from '../adapters/dynamodb-connection-events.js';
import type { Container } from '../runtime/container.js';

/**
 * The table's change stream → the event bus. A failed publish fails the batch, so the stream delivers it
 * again (at least once: consumers dedupe on type, tenant, account and correlation id).
 */
export function createPublishEventsHandler(container: Container) {
  return async (batch: { Records?: readonly TableChange[] }): Promise<{ published: number }> => {
    const { events, unreadable } = committedEvents(batch.Records ?? []);
    // An unreadable event cannot become readable by retrying; it must not block the stream either.
    if (unreadable > 0) container.logger.error('event.unreadable', { count: unreadable });
    await container.lifecycle.events.publish(events);
    if (events.length > 0) {
      container.logger.info('events.published', {
        count: events.length,
        types: events.map((event) => event.type),
      });
    }
    return { published: events.length };
  };
}
