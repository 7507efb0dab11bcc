import type { Connection } from '../core/ports.js';

/** A connection as management callers see it: metadata and where the token lives, never its value. */
export function connectionView(connection: Connection) {
  return {
    accountId: connection.accountId,
    status: connection.status,
    role: connection.role ?? null,
    entity: connection.entity ?? null,
    secretArn: connection.secretArn,
    consumerKey: connection.consumerKey,
    pendingRevocations: connection.pendingRevocations,
    connectedAt: connection.connectedAt,
    updatedAt: connection.updatedAt,
    lastVerifiedAt: connection.lastVerifiedAt ?? null,
  };
}
