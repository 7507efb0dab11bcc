import { sha256Hex } from './digest.js';
import { asFlowError, RequestError } from './errors.js';
import type { NetSuiteClient } from './netsuite-client.js';
import type { AccessToken } from './netsuite-protocol.js';
import type {
  Clock,
  Connection,
  ConnectionLocks,
  ConnectionStatus,
  ConnectionStore,
  ConsumerCredentials,
  ConsumerCredentialsSource,
  EventPublisher,
  HeldToken,
  LifecycleEvent,
  LifecycleEventType,
  Logger,
  TokenSet,
  TokenVault,
} from './ports.js';
import { nowSeconds } from './time.js';

/**
 * The life of a connection after the flow: custody of tokens (a token NetSuite issued is either held or
 * revoked, never forgotten), verification, revocation of superseded tokens, deletion, and the events
 * that tell the SaaS about each change.
 */
export interface LifecycleDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly vault: TokenVault;
  readonly connections: ConnectionStore;
  readonly locks: ConnectionLocks;
  readonly netsuite: NetSuiteClient;
  readonly credentials: ConsumerCredentialsSource;
  readonly events: EventPublisher;
}

interface Subject {
  readonly tenantId: string;
  readonly accountId: string;
  readonly correlationId: string;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * Publishes an event that no connection write carries (a failed flow changes no record). Publishing never
 * fails the operation that caused the event; a lost event is logged instead.
 */
export async function emit(
  deps: Pick<LifecycleDeps, 'events' | 'logger' | 'clock'>,
  event: Omit<LifecycleEvent, 'time'>,
): Promise<void> {
  try {
    await deps.events.publish([{ ...event, time: new Date(deps.clock.now()).toISOString() }]);
  } catch (error) {
    deps.logger.warn('event.not_published', {
      type: event.type,
      tenantId: event.tenantId,
      errorMessage: error instanceof Error ? error.message : String(error),
    });
  }
}

export interface CustodyResult {
  readonly status: ConnectionStatus;
  readonly reauthorized: boolean;
}

/**
 * Takes a freshly minted token into custody: it becomes the current version of the tenant's secret (the
 * one it replaces is kept as superseded), is verified, and only once it works are superseded tokens
 * revoked. A token that cannot be stored is revoked at once, so it cannot linger unknown at NetSuite.
 *
 * The first custody of a connection is the onboarding's hot path: creating the secret is atomic, so it
 * needs no lock, and the verification runs beside it. Only a re-authorization (the secret exists) takes
 * the connection's lock to read and supersede what is held.
 */
export async function takeCustody(
  deps: LifecycleDeps,
  subject: Subject,
  input: {
    consumer: ConsumerCredentials;
    token: AccessToken;
    role: string | undefined;
    entity: string | undefined;
    idempotencyKey: string;
  },
): Promise<CustodyResult> {
  const { tenantId, accountId } = subject;
  const held: HeldToken = {
    tokenId: input.token.tokenId,
    tokenSecret: input.token.tokenSecret,
    consumerKey: input.consumer.key,
    role: input.role,
    entity: input.entity,
    issuedAt: nowSeconds(deps.clock),
  };
  // The secret's creation is the longer call, so it leaves first; the verification never fails
  // (NetSuite unreachable only defers it), so it simply runs alongside.
  const creating = deps.vault.create(
    { tenantId, accountId, current: held, superseded: [] },
    input.idempotencyKey,
  );
  const verifying = verifyQuietly(deps, subject, input.consumer, held);
  let stored = false;
  try {
    // Should the creation fail, the verification still settles first: nothing is undone while it runs.
    const created = await creating.finally(() => verifying);
    const verification = await verifying;
    stored = created !== undefined;
    const custody =
      created === undefined
        ? await supersede(deps, subject, held, input.idempotencyKey, verification)
        : await recordFirstCustody(deps, subject, held, created.secretArn, verification);
    stored = true;
    // Superseded tokens are revoked only once the new one works, and outside the lock (one call each).
    if (verification?.ok === true && custody.connection.pendingRevocations > 0) {
      await revokeSuperseded(deps, subject);
    }
    return { status: custody.connection.status, reauthorized: custody.reauthorized };
  } catch (error) {
    // A token that never reached the vault would be live at NetSuite and unknown to us: revoke it.
    if (!stored) await revokeQuietly(deps, subject, input.consumer, held);
    throw asFlowError(error);
  }
}

/** Verification right after the exchange; NetSuite being unreachable only defers it (the token is held). */
async function verifyQuietly(
  deps: LifecycleDeps,
  subject: Subject,
  consumer: ConsumerCredentials,
  held: HeldToken,
): Promise<{ ok: boolean } | undefined> {
  try {
    return await deps.netsuite.verifyToken(consumer, subject.accountId, held);
  } catch (error) {
    deps.logger.warn('token.verify_deferred', {
      tenantId: subject.tenantId,
      accountId: subject.accountId,
      reason: asFlowError(error).reason,
    });
    return undefined;
  }
}

function connectionOf(
  subject: Subject,
  held: HeldToken,
  change: {
    secretArn: string;
    verification: { ok: boolean } | undefined;
    pendingRevocations: number;
    previous: Connection | undefined;
    now: number;
  },
): Connection {
  const { previous, verification, now } = change;
  return {
    tenantId: subject.tenantId,
    accountId: subject.accountId,
    role: held.role,
    entity: held.entity,
    status: verification?.ok === false ? 'pending_approval' : 'active',
    secretArn: change.secretArn,
    consumerKey: held.consumerKey,
    pendingRevocations: change.pendingRevocations,
    connectedAt: previous?.connectedAt ?? iso(now),
    updatedAt: iso(now),
    lastVerifiedAt: verification === undefined ? previous?.lastVerifiedAt : iso(now),
  };
}

/**
 * The secret was just created for this token. The record is created too unless one exists (left by an
 * interrupted deletion, or written meanwhile by a re-authorization that already superseded this token):
 * then it is rewritten under the lock, and only if this token is still the current one.
 */
async function recordFirstCustody(
  deps: LifecycleDeps,
  subject: Subject,
  held: HeldToken,
  secretArn: string,
  verification: { ok: boolean } | undefined,
): Promise<{ connection: Connection; reauthorized: boolean }> {
  const change = { secretArn, verification, pendingRevocations: 0, now: nowSeconds(deps.clock) };
  const connection = connectionOf(subject, held, { ...change, previous: undefined });
  const created = lifecycleEvent(deps.clock, 'connection.created', subject, connection);
  if (await deps.connections.create(connection, created)) return { connection, reauthorized: false };
  return await deps.locks.withLock(subject.tenantId, subject.accountId, async () => {
    const latest = await deps.vault.read(subject.tenantId, subject.accountId);
    const previous = await deps.connections.get(subject.tenantId, subject.accountId);
    if (latest?.current.tokenId !== held.tokenId && previous !== undefined) {
      return { connection: previous, reauthorized: false };
    }
    const rewritten = connectionOf(subject, held, { ...change, previous });
    await deps.connections.upsert(rewritten, { ...created, status: rewritten.status });
    return { connection: rewritten, reauthorized: false };
  });
}

/**
 * A re-authorization: one critical section from reading the held tokens to recording the connection, so
 * that a concurrent re-authorization of the same connection waits rather than interleaving.
 */
async function supersede(
  deps: LifecycleDeps,
  subject: Subject,
  held: HeldToken,
  idempotencyKey: string,
  verification: { ok: boolean } | undefined,
): Promise<{ connection: Connection; reauthorized: boolean }> {
  const { tenantId, accountId } = subject;
  return await deps.locks.withLock(tenantId, accountId, async () => {
    const existing = await deps.vault.read(tenantId, accountId);
    // Already current: a retried creation of this very token answered "exists".
    const superseded =
      existing === undefined
        ? []
        : existing.current.tokenId === held.tokenId
          ? existing.superseded
          : [...existing.superseded, existing.current];
    const { secretArn } = await deps.vault.write(
      { tenantId, accountId, current: held, superseded },
      idempotencyKey,
    );
    const previous = await deps.connections.get(tenantId, accountId);
    const connection = connectionOf(subject, held, {
      secretArn,
      verification,
      pendingRevocations: superseded.length,
      previous,
      now: nowSeconds(deps.clock),
    });
    const reauthorized = superseded.length > 0 || previous !== undefined;
    const type = reauthorized ? 'connection.reauthorized' : 'connection.created';
    await deps.connections.upsert(connection, lifecycleEvent(deps.clock, type, subject, connection));
    return { connection, reauthorized };
  });
}

/**
 * Revokes every superseded token NetSuite still honours. Those it could not revoke stay in the secret and
 * are counted in the connection's `pendingRevocations`, for the next verify, re-authorization or sweep.
 */
async function revokeSuperseded(
  deps: LifecycleDeps,
  subject: Subject,
  /** The token set the caller just read, saving a read of the secret; the write-back re-reads it locked. */
  known?: TokenSet,
): Promise<number> {
  const { tenantId, accountId } = subject;
  const set = known ?? (await deps.vault.read(tenantId, accountId));
  if (set === undefined || set.superseded.length === 0) return 0;
  const revoked = new Set<string>();
  for (const old of set.superseded) {
    try {
      const consumer = await deps.credentials.get(tenantId, old.consumerKey);
      await deps.netsuite.revokeToken(consumer, accountId, old);
      revoked.add(old.tokenId);
    } catch (error) {
      deps.logger.warn('token.revoke_failed', { tenantId, accountId, reason: asFlowError(error).reason });
    }
  }
  if (revoked.size === 0) return set.superseded.length;
  return await deps.locks.withLock(tenantId, accountId, async () => {
    const latest = await deps.vault.read(tenantId, accountId);
    if (latest === undefined) return 0;
    const remaining = latest.superseded.filter((token) => !revoked.has(token.tokenId));
    if (remaining.length !== latest.superseded.length) {
      const key = sha256Hex(`revoked:${latest.current.tokenId}:${[...revoked].sort().join(',')}`);
      await deps.vault.write({ ...latest, superseded: remaining }, key);
    }
    const connection = await deps.connections.get(tenantId, accountId);
    if (connection !== undefined && connection.pendingRevocations !== remaining.length) {
      await deps.connections.upsert({ ...connection, pendingRevocations: remaining.length });
    }
    return remaining.length;
  });
}

/** Writes the connection's metadata from the token set as it is now. */
async function recordConnection(
  deps: LifecycleDeps,
  subject: Subject,
  change: {
    status: ConnectionStatus;
    verifiedAt: number | undefined;
    /** The event this change means, if any; it is written with the record. */
    event?: LifecycleEventType;
  },
): Promise<Connection | undefined> {
  const { tenantId, accountId } = subject;
  return await deps.locks.withLock(tenantId, accountId, async () => {
    const set = await deps.vault.read(tenantId, accountId);
    if (set === undefined) return undefined;
    const existing = await deps.connections.get(tenantId, accountId);
    const now = iso(nowSeconds(deps.clock));
    const connection: Connection = {
      tenantId,
      accountId,
      role: set.current.role,
      entity: set.current.entity,
      status: change.status,
      secretArn: existing?.secretArn ?? '',
      consumerKey: set.current.consumerKey,
      pendingRevocations: set.superseded.length,
      connectedAt: existing?.connectedAt ?? now,
      updatedAt: now,
      lastVerifiedAt: change.verifiedAt === undefined ? existing?.lastVerifiedAt : iso(change.verifiedAt),
    };
    await deps.connections.upsert(
      connection,
      change.event === undefined ? undefined : lifecycleEvent(deps.clock, change.event, subject, connection),
    );
    return connection;
  });
}

export async function getConnection(
  deps: Pick<LifecycleDeps, 'connections'>,
  tenantId: string,
  accountId: string,
) {
  const connection = await deps.connections.get(tenantId, accountId);
  if (connection === undefined) {
    throw new RequestError('NOT_FOUND', `Tenant ${tenantId} has no connection to account ${accountId}`);
  }
  return connection;
}

async function heldTokens(deps: LifecycleDeps, tenantId: string, accountId: string): Promise<TokenSet> {
  const set = await deps.vault.read(tenantId, accountId);
  if (set === undefined) {
    throw new RequestError('NOT_FOUND', `No token is held for tenant ${tenantId} and account ${accountId}`);
  }
  return set;
}

export interface Verification {
  readonly ok: boolean;
  readonly status: ConnectionStatus;
  readonly checkedAt: string;
  readonly netsuiteCode: string | undefined;
  readonly pendingRevocations: number;
}

/**
 * A signed call with the stored token. Success makes the connection active (an approved integration) and
 * retries pending revocations; failure keeps `pending_approval` or, for a connection that worked, marks
 * it revoked (an admin revoked the token, the user or the integration was removed, a sandbox refresh).
 */
export async function verifyConnection(deps: LifecycleDeps, subject: Subject): Promise<Verification> {
  const { tenantId, accountId } = subject;
  const before = await getConnection(deps, tenantId, accountId);
  const set = await heldTokens(deps, tenantId, accountId);
  const consumer = await deps.credentials.get(tenantId, set.current.consumerKey);
  const check = await deps.netsuite.verifyToken(consumer, accountId, set.current);
  const status: ConnectionStatus = check.ok
    ? 'active'
    : before.status === 'pending_approval'
      ? 'pending_approval'
      : 'revoked';
  if (check.ok) await revokeSuperseded(deps, subject, set);
  const checkedAt = nowSeconds(deps.clock);
  const after = await recordConnection(deps, subject, {
    status,
    verifiedAt: checkedAt,
    ...(status === 'revoked' && before.status !== 'revoked' ? { event: 'connection.revoked' as const } : {}),
  });
  return {
    ok: check.ok,
    status,
    checkedAt: iso(checkedAt),
    netsuiteCode: check.ok ? undefined : check.netsuiteCode,
    pendingRevocations: after?.pendingRevocations ?? set.superseded.length,
  };
}

/**
 * Revokes every token held for the connection at NetSuite, then deletes the secret and the record. If
 * NetSuite cannot be reached or refuses, nothing is deleted: a token is never forgotten while it works.
 */
export async function deleteConnection(deps: LifecycleDeps, subject: Subject): Promise<void> {
  const { tenantId, accountId } = subject;
  const connection = await getConnection(deps, tenantId, accountId);
  await deps.locks.withLock(tenantId, accountId, async () => {
    const set = await deps.vault.read(tenantId, accountId);
    for (const token of set ? [set.current, ...set.superseded] : []) {
      const consumer = await deps.credentials.get(tenantId, token.consumerKey);
      await deps.netsuite.revokeToken(consumer, accountId, token);
    }
    await deps.vault.remove(tenantId, accountId);
    await deps.connections.remove(
      tenantId,
      accountId,
      lifecycleEvent(deps.clock, 'connection.deleted', subject, connection),
    );
  });
}

/** The periodic retry of revocations that failed earlier. */
export async function sweepPendingRevocations(
  deps: LifecycleDeps,
  correlationId: string,
): Promise<{ connections: number; stillPending: number }> {
  let stillPending = 0;
  const due = await deps.connections.listWithPendingRevocations();
  for (const connection of due) {
    stillPending += await revokeSuperseded(deps, {
      tenantId: connection.tenantId,
      accountId: connection.accountId,
      correlationId,
    });
  }
  return { connections: due.length, stillPending };
}

/** The event a change of this connection means, stamped with the request that caused it. */
function lifecycleEvent(
  clock: Clock,
  type: LifecycleEventType,
  subject: Subject,
  connection: Connection,
): LifecycleEvent {
  return {
    type,
    tenantId: subject.tenantId,
    accountId: subject.accountId,
    role: connection.role,
    entity: connection.entity,
    correlationId: subject.correlationId,
    time: new Date(clock.now()).toISOString(),
    // A deleted connection has no status any more.
    ...(type === 'connection.deleted' ? {} : { status: connection.status }),
  };
}

async function revokeQuietly(
  deps: LifecycleDeps,
  subject: Subject,
  consumer: ConsumerCredentials,
  token: HeldToken,
): Promise<void> {
  try {
    await deps.netsuite.revokeToken(consumer, subject.accountId, token);
    deps.logger.warn('token.revoked_unstored', { tenantId: subject.tenantId, accountId: subject.accountId });
  } catch (error) {
    // The one case a token can escape custody: NetSuite and storage failing together. Loud, for an operator.
    deps.logger.error('token.orphaned', {
      tenantId: subject.tenantId,
      accountId: subject.accountId,
      reason: asFlowError(error).reason,
    });
  }
}
