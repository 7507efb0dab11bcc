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

/** Where the integration record's consumer key and secret come from. */
export interface ConsumerCredentialsSource {
  get(): Promise<ConsumerCredentials>;
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
  readonly accountId: string;
  readonly stateHash: string;
  readonly bindingHash: string;
  readonly returnUrl: string;
  readonly linkId: string;
  readonly linkExpiresAt: number;
  /** Epoch seconds. */
  readonly createdAt: number;
  /** Epoch seconds; also the storage TTL, but checked in code because TTL deletion is late. */
  readonly expiresAt: number;
}

export interface PendingAuthorizationStore {
  save(pending: PendingAuthorization): Promise<void>;
  /** Removes and returns the record atomically: of concurrent callers, at most one gets it. */
  consume(requestToken: string): Promise<PendingAuthorization | undefined>;
}

/** Remembers links whose flow has completed, so that a link connects at most once. */
export interface LinkUsageStore {
  isUsed(linkId: string): Promise<boolean>;
  /** `expiresAt` (epoch seconds) is the link's own expiry: after it the marker is no longer needed. */
  markUsed(linkId: string, usage: { usedAt: number; expiresAt: number }): Promise<void>;
}

export interface TokenToStore {
  readonly tenantId: string;
  readonly accountId: string;
  readonly consumerKey: string;
  readonly tokenId: string;
  readonly tokenSecret: string;
  readonly role: string | undefined;
  readonly entity: string | undefined;
  /** Epoch seconds. */
  readonly issuedAt: number;
  /** Same key for a retried write of the same token, so the write happens once. */
  readonly idempotencyKey: string;
}

export interface TokenVault {
  store(token: TokenToStore): Promise<{ secretArn: string }>;
}

export const CONNECTION_STATUSES = ['active'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** What the SaaS may know about a connection: metadata only, never token values. */
export interface Connection {
  readonly tenantId: string;
  readonly accountId: string;
  readonly role: string | undefined;
  readonly entity: string | undefined;
  readonly status: ConnectionStatus;
  readonly secretArn: string;
  /** ISO 8601. */
  readonly connectedAt: string;
  /** ISO 8601. */
  readonly updatedAt: string;
}

export interface ConnectionStore {
  upsert(connection: Connection): Promise<void>;
  list(tenantId: string): Promise<Connection[]>;
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
