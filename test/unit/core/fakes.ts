import type {
  Clock,
  Connection,
  ConnectionStore,
  HttpRequest,
  HttpResponse,
  HttpTransport,
  LinkUsageStore,
  Logger,
  PendingAuthorization,
  PendingAuthorizationStore,
  RandomSource,
  TokenToStore,
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

export class MemoryPendingStore implements PendingAuthorizationStore {
  readonly items = new Map<string, PendingAuthorization>();
  async save(pending: PendingAuthorization) {
    this.items.set(pending.requestToken, pending);
  }
  async consume(requestToken: string) {
    const item = this.items.get(requestToken);
    this.items.delete(requestToken);
    return item;
  }
}

export class MemoryLinkUsage implements LinkUsageStore {
  readonly used = new Map<string, { usedAt: number; expiresAt: number }>();
  async isUsed(linkId: string) {
    return this.used.has(linkId);
  }
  async markUsed(linkId: string, usage: { usedAt: number; expiresAt: number }) {
    this.used.set(linkId, usage);
  }
}

export class MemoryVault implements TokenVault {
  readonly stored: TokenToStore[] = [];
  failWith: Error | undefined;
  async store(token: TokenToStore) {
    if (this.failWith) throw this.failWith;
    this.stored.push(token);
    return { secretArn: `arn:test:${token.tenantId}/${token.accountId}` };
  }
}

export class MemoryConnections implements ConnectionStore {
  readonly items = new Map<string, Connection>();
  async upsert(connection: Connection) {
    this.items.set(`${connection.tenantId}/${connection.accountId}`, connection);
  }
  async list(tenantId: string) {
    return [...this.items.values()].filter((c) => c.tenantId === tenantId);
  }
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
