import type { Connection } from '../../../functions/core/ports.js';

/** One active connection as the stores hold it; tests override what they look at. */
export const aConnection: Connection = {
  tenantId: 'acme',
  accountId: '1234567',
  role: '3',
  entity: undefined,
  status: 'active',
  secretArn: 'arn:x',
  consumerKey: 'ck',
  pendingRevocations: 0,
  connectedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  lastVerifiedAt: undefined,
};
