/**
 * The ports through which the pure core reaches the outside world. Adapters implement them; tests use
 * in-memory fakes. Time and randomness are ports too, so that signatures and expiry are reproducible.
 */

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export interface RandomSource {
  /** Letters and digits only, from a CSPRNG (OAuth nonces, `state`, ids). */
  alphanumeric(length: number): string;
}

export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export interface ConsumerCredentials {
  readonly key: string;
  readonly secret: string;
}

/**
 * Where an integration record's consumer key and secret come from: the deployment's own record, or the
 * tenant's when it brought one. `consumerKey` asks for the credentials a stored token was minted with.
 */
export interface ConsumerCredentialsSource {
  /** Throws `internal` when the record with `consumerKey` is no longer configured. */
  get(tenantId: string, consumerKey?: string): Promise<ConsumerCredentials>;
  /** The record with this consumer key, or undefined when neither the tenant nor the deployment has it. */
  find(tenantId: string, consumerKey: string): Promise<ConsumerCredentials | undefined>;
}

/** A tenant's own integration record (optional). */
export interface TenantConsumerStore {
  read(tenantId: string): Promise<ConsumerCredentials | undefined>;
  write(tenantId: string, credentials: ConsumerCredentials): Promise<void>;
  remove(tenantId: string): Promise<void>;
}

/** Where the key that signs onboarding links comes from. */
export interface LinkSigningKeySource {
  get(): Promise<string>;
}

/** A request-token secret waiting for the user to come back from NetSuite's consent page. */
export interface PendingAuthorization {
  readonly requestToken: string;
  readonly requestTokenSecret: string;
  readonly tenantId: string;
  /** Undefined when the user did not know it: NetSuite's callback (`company`) will tell. */
  readonly accountId: string | undefined;
  readonly stateHash: string;
  readonly bindingHash: string;
  readonly returnUrl: string;
  readonly linkId: string;
  /** Epoch seconds: how long the link's single-use marker must outlive a completed flow. */
  readonly linkExpiresAt: number;
  /** The integration record the request token was signed with; the exchange must use the same one. */
  readonly consumerKey: string | undefined;
  /** Epoch seconds. */
  readonly createdAt: number;
  /** Epoch seconds; also the record's TTL until the link is claimed, but checked in code (TTL deletion is late). */
  readonly expiresAt: number;
}

/**
 * A link's record: the authorization started from it (one at a time: a newer start from the same link
 * replaces it) and, once a flow completes, the marker that makes the link single-use. Both live in one
 * record so that starting checks the marker, and completing consumes the authorization and claims the
 * link, each in a single conditional write.
 */
export interface PendingAuthorizationStore {
  /** Whether a flow from this link has claimed it (connected an account, or is completing). */
  isLinkUsed(linkId: string): Promise<boolean>;
  /** Keeps the authorization on its link, replacing an earlier one; throws `link_used` once the link is claimed. */
  save(pending: PendingAuthorization): Promise<void>;
  /**
   * Removes and returns the link's authorization for this request token and claims the link, atomically:
   * of concurrent callers, at most one gets it. Undefined when no such authorization waits (finished,
   * replaced, expired or never started); throws `link_used` (returning to the link's return URL) when
   * another flow has claimed the link.
   */
  consume(linkId: string, requestToken: string, usedAt: number): Promise<PendingAuthorization | undefined>;
  /** Gives a claimed link back when its flow failed after all, so the admin can try again. */
  release(linkId: string): Promise<void>;
}

/** One NetSuite token as we hold it: the pair, and the integration record it was minted for. */
export interface HeldToken {
  readonly tokenId: string;
  readonly tokenSecret: string;
  readonly consumerKey: string;
  readonly role: string | undefined;
  readonly entity: string | undefined;
  /** Epoch seconds. */
  readonly issuedAt: number;
}

/**
 * Everything held for one tenant + account: the current token, and superseded tokens not yet revoked at
 * NetSuite. Keeping both in one secret means a superseded token can never be forgotten.
 */
export interface TokenSet {
  readonly tenantId: string;
  readonly accountId: string;
  readonly current: HeldToken;
  readonly superseded: readonly HeldToken[];
}

export interface TokenVault {
  read(tenantId: string, accountId: string): Promise<TokenSet | undefined>;
  /**
   * Creates the secret with this set unless one exists already (then answers undefined and changes
   * nothing). Creation is atomic, so a first custody needs no lock.
   */
  create(set: TokenSet, idempotencyKey: string): Promise<{ secretArn: string } | undefined>;
  /** Writes the set as the secret's new current version; the same key writes it only once. */
  write(set: TokenSet, idempotencyKey: string): Promise<{ secretArn: string }>;
  remove(tenantId: string, accountId: string): Promise<void>;
}

/** Serialises changes to one connection (re-authorizations, revocations, deletion) across containers. */
export interface ConnectionLocks {
  withLock<T>(tenantId: string, accountId: string, work: () => Promise<T>): Promise<T>;
}

export const CONNECTION_STATUSES = ['active', 'pending_approval', 'revoked'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** What the SaaS may know about a connection: metadata only, never token values. */
export interface Connection {
  readonly tenantId: string;
  readonly accountId: string;
  readonly role: string | undefined;
  readonly entity: string | undefined;
  readonly status: ConnectionStatus;
  readonly secretArn: string;
  /** Consumer key of the integration record the token belongs to. */
  readonly consumerKey: string;
  /** Superseded tokens whose revocation at NetSuite failed and will be retried. */
  readonly pendingRevocations: number;
  /** ISO 8601. */
  readonly connectedAt: string;
  /** ISO 8601. */
  readonly updatedAt: string;
  /** ISO 8601; undefined until a verification succeeded or failed. */
  readonly lastVerifiedAt: string | undefined;
}

/**
 * Connection metadata. A write that changes a connection's life carries its event: the store keeps the
 * event with the record, and the record's change stream publishes it once the write is durable (an
 * outbox), so no request waits for the event bus and no committed change goes unannounced.
 */
export interface ConnectionStore {
  upsert(connection: Connection, event?: LifecycleEvent): Promise<void>;
  /** Records a connection that does not exist yet; answers false (writing nothing) when one does. */
  create(connection: Connection, event?: LifecycleEvent): Promise<boolean>;
  get(tenantId: string, accountId: string): Promise<Connection | undefined>;
  list(tenantId: string): Promise<Connection[]>;
  remove(tenantId: string, accountId: string, event?: LifecycleEvent): Promise<void>;
  /** Connections with superseded tokens still to revoke, for the periodic retry. */
  listWithPendingRevocations(): Promise<Connection[]>;
}

export const LIFECYCLE_EVENT_TYPES = [
  'connection.created',
  'connection.reauthorized',
  'connection.revoked',
  'connection.deleted',
  'connection.failed',
] as const;
export type LifecycleEventType = (typeof LIFECYCLE_EVENT_TYPES)[number];

/** A change in a connection's life, for the SaaS to react to. Never carries a secret. */
export interface LifecycleEvent {
  readonly type: LifecycleEventType;
  readonly tenantId: string;
  readonly accountId: string | undefined;
  readonly role: string | undefined;
  readonly entity: string | undefined;
  /** The request id (`ref`) of the request that caused it. */
  readonly correlationId: string;
  /** ISO 8601. */
  readonly time: string;
  readonly reason?: string;
  readonly status?: ConnectionStatus;
}

export interface EventPublisher {
  /** All or nothing from the caller's view: throws unless every event was accepted. */
  publish(events: readonly LifecycleEvent[]): Promise<void>;
}

/** One HTTP exchange with NetSuite; adapters only move bytes, the core builds and parses. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

export interface HttpTransport {
  /** Throws FlowError('netsuite_unavailable') when no answer arrives before the deadline. */
  send(request: HttpRequest): Promise<HttpResponse>;
}
