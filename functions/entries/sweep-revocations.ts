import { sweepPendingRevocations } from '../core/connection-lifecycle.js';
import { createContainerFromEnvironment } from '../runtime/container.js';

const container = createContainerFromEnvironment();

/** Scheduled (not an HTTP route): retries revocations of superseded tokens that NetSuite refused earlier. */
export const handler = async (event: { id?: string }) => {
  const correlationId = event.id ?? 'scheduled-sweep';
  const result = await sweepPendingRevocations(container.lifecycle, correlationId);
  container.logger.info('revocations.swept', { correlationId, ...result });
  return result;
};
