import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { parseJsonOrUndefined } from '../core/json.js';
import { CONNECTION_STATUSES, LIFECYCLE_EVENT_TYPES, type LifecycleEvent } from '../core/ports.js';
import { EVENT_ATTRIBUTE } from './dynamodb-connection-store.js';

/** One record of the table's change stream, as Lambda delivers it and the Streams API returns it. */
export interface TableChange {
  readonly eventName?: string | undefined;
  readonly dynamodb?:
    | {
        readonly NewImage?: Record<string, AttributeValue> | undefined;
        readonly OldImage?: Record<string, AttributeValue> | undefined;
      }
    | undefined;
}

const optionalText = z.optional(z.string());
const eventSchema = z.object({
  type: z.enum(LIFECYCLE_EVENT_TYPES),
  tenantId: z.string(),
  accountId: optionalText,
  role: optionalText,
  entity: optionalText,
  correlationId: z.string(),
  time: z.string(),
  reason: optionalText,
  status: z.optional(z.enum(CONNECTION_STATUSES)),
});

function eventIn(image: Record<string, AttributeValue> | undefined): string | undefined {
  return image?.[EVENT_ATTRIBUTE]?.S;
}

/**
 * The events that committed connection writes carried, in stream order. A write carries a new event when
 * its new image holds one its old image did not; a rewrite of the same event (a retried put) is no news.
 */
export function committedEvents(changes: readonly TableChange[]): {
  events: LifecycleEvent[];
  unreadable: number;
} {
  const events: LifecycleEvent[] = [];
  let unreadable = 0;
  for (const change of changes) {
    const carried = eventIn(change.dynamodb?.NewImage);
    if (carried === undefined || carried === eventIn(change.dynamodb?.OldImage)) continue;
    const parsed = eventSchema.safeParse(parseJsonOrUndefined(carried));
    if (!parsed.success) {
      unreadable += 1;
      continue;
    }
    const { reason, status, ...event } = parsed.data;
    events.push({
      ...event,
      accountId: event.accountId,
      role: event.role,
      entity: event.entity,
      ...(reason === undefined ? {} : { reason }),
      ...(status === undefined ? {} : { status }),
    });
  }
  return { events, unreadable };
}
