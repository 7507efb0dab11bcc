import { FlowError } from '../../../functions/core/errors.js';
import type {
  Clock,
  Connection,
  ConnectionLocks,
  ConnectionStore,
  ConsumerCredentials,
  ConsumerCredentialsSource,
  EventPublisher,
  HttpRequest,
  HttpResponse,
  HttpTransport,
  LifecycleEvent,
  Logger,
  PendingAuthorization,
  PendingAuthorizationStore,
  RandomSource,
  TokenSet,
  TokenVault,
} from '../../../functions/core/ports.js';

export function fixedClock(startMs: number): Clock & { advance(seconds: number): void } {
  let now = startMs;
  return {
    now: () => now,
    advance(seconds) {
      now += seconds * 1000;
    },
  };
}

/** Deterministic "random" letters and digits: each call gives a distinct, recognisable value. */
export function sequenceRandom(): RandomSource {
  let counter = 0;
  return {
    alphanumeric(length) {
      counter += 1;
      return `R${counter}x`.padEnd(length, 'a').slice(0, length);
    },
  };
}

/** One record per link, as in DynamoDB: its waiting authorization and, once claimed, its marker. */
export class MemoryPendingStore implements PendingAuthorizationStore {
  readonly links = new Map<
    string,
    { pending?: PendingAuthorization; usedAt?: number; usedBy?: string; returnUrl: string }
  >();
  /** The authorization waiting on a link, by request token (as tests look it up). */
  pendingFor(requestToken: string): PendingAuthorization | undefined {
    return [...this.links.values()].find((link) => link.pending?.requestToken === requestToken)?.pending;
  }
  async isLinkUsed(linkId: string) {
    return this.links.get(linkId)?.usedAt !== undefined;
  }
  async save(pending: PendingAuthorization) {
    if (this.links.get(pending.linkId)?.usedAt !== undefined) {
      throw new FlowError('link_used', 'link already used', { returnUrl: pending.returnUrl });
    }
    this.links.set(pending.linkId, { pending, returnUrl: pending.returnUrl });
  }
  async consume(linkId: string, requestToken: string, usedAt: number) {
    const link = this.links.get(linkId);
    if (link?.usedAt !== undefined && link.usedBy !== requestToken) {
      throw new FlowError('link_used', 'link already used', { returnUrl: link.returnUrl });
    }
    if (link?.pending?.requestToken !== requestToken) return undefined;
    const { pending } = link;
    this.links.set(linkId, { usedAt, usedBy: requestToken, returnUrl: link.returnUrl });
    return pending;
  }
  async release(linkId: string) {
    this.links.delete(linkId);
  }
}

/** Keeps every written version, newest last, like a secret's version history. */
export class MemoryVault implements TokenVault {
  readonly versions = new Map<string, Array<{ set: TokenSet; key: string }>>();
  failWith: Error | undefined;
  private name(tenantId: string, accountId: string) {
    return `${tenantId}/${accountId}`;
  }
  async read(tenantId: string, accountId: string) {
    return this.versions.get(this.name(tenantId, accountId))?.at(-1)?.set;
  }
  async create(set: TokenSet, key: string) {
    if (this.failWith) throw this.failWith;
    if (this.versions.has(this.name(set.tenantId, set.accountId))) return undefined;
    return await this.write(set, key);
  }
  async write(set: TokenSet, key: string) {
    if (this.failWith) throw this.failWith;
    const history = this.versions.get(this.name(set.tenantId, set.accountId)) ?? [];
    if (!history.some((version) => version.key === key)) history.push({ set, key });
    this.versions.set(this.name(set.tenantId, set.accountId), history);
    return { secretArn: `arn:test:${set.tenantId}/${set.accountId}` };
  }
  async remove(tenantId: string, accountId: string) {
    this.versions.delete(this.name(tenantId, accountId));
  }
}

export class MemoryConnections implements ConnectionStore {
  readonly items = new Map<string, Connection>();
  /** The events the writes carried, in order: what the change stream would publish. */
  readonly events: LifecycleEvent[] = [];
  async upsert(connection: Connection, event?: LifecycleEvent) {
    this.items.set(`${connection.tenantId}/${connection.accountId}`, connection);
    if (event) this.events.push(event);
  }
  async create(connection: Connection, event?: LifecycleEvent) {
    if (this.items.has(`${connection.tenantId}/${connection.accountId}`)) return false;
    await this.upsert(connection, event);
    return true;
  }
  async get(tenantId: string, accountId: string) {
    return this.items.get(`${tenantId}/${accountId}`);
  }
  async list(tenantId: string) {
    return [...this.items.values()].filter((c) => c.tenantId === tenantId);
  }
  async remove(tenantId: string, accountId: string, event?: LifecycleEvent) {
    this.items.delete(`${tenantId}/${accountId}`);
    if (event) this.events.push(event);
  }
  async listWithPendingRevocations() {
    return [...this.items.values()].filter((c) => c.pendingRevocations > 0);
  }
}

/** One process, one lock per connection: a promise chain is enough to serialise the work. */
export class MemoryLocks implements ConnectionLocks {
  private readonly tails = new Map<string, Promise<unknown>>();
  async withLock<T>(tenantId: string, accountId: string, work: () => Promise<T>): Promise<T> {
    const key = `${tenantId}/${accountId}`;
    const run = (this.tails.get(key) ?? Promise.resolve()).then(work, work);
    this.tails.set(
      key,
      run.catch(() => undefined),
    );
    return run;
  }
}

export class MemoryEvents implements EventPublisher {
  readonly published: LifecycleEvent[] = [];
  async publish(events: readonly LifecycleEvent[]) {
    this.published.push(...events);
  }
}

export function fixedCredentials(credentials: ConsumerCredentials): ConsumerCredentialsSource {
  return {
    async get(_tenantId, consumerKey) {
      if (consumerKey !== undefined && consumerKey !== credentials.key)
        throw new Error('unknown consumer key');
      return credentials;
    },
    async find(_tenantId, consumerKey) {
      return consumerKey === credentials.key ? credentials : undefined;
    },
  };
}

/** Answers NetSuite's endpoints from a script and records what was sent. */
export class ScriptedTransport implements HttpTransport {
  readonly sent: HttpRequest[] = [];
  constructor(private readonly answer: (request: HttpRequest) => HttpResponse | Promise<HttpResponse>) {}
  async send(request: HttpRequest) {
    this.sent.push(request);
    return this.answer(request);
  }
}

export class MemoryLogger implements Logger {
  readonly lines: Array<{ level: string; event: string; fields?: Record<string, unknown> }> = [];
  info(event: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'info', event, ...(fields ? { fields } : {}) });
  }
  warn(event: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'warn', event, ...(fields ? { fields } : {}) });
  }
  error(event: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'error', event, ...(fields ? { fields } : {}) });
  }
}
