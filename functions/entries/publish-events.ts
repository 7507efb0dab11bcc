import { createPublishEventsHandler } from '../handlers/publish-events.js';
import { createContainerFromEnvironment } from '../runtime/container.js';

// Lambda entry for the table's stream (not an HTTP route): publishes the events connection writes carried.
export const handler = createPublishEventsHandler(createContainerFromEnvironment());
