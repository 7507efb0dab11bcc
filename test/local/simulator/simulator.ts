import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  hmacSha256Signature,
  parseAuthorizationHeader,
  signatureBaseString,
  signaturesMatch,
} from './oauth-verification.js';
import { type DemoRole, renderConsentPage, renderErrorPage, renderLoginPage } from './pages.js';

/**
 * A local stand-in for NetSuite's TBA authorization flow and the token calls around it. URLs route by
 * account host label: `http://127.0.0.1:<port>/<host>/rest/requesttoken`, so the product's URL templates
 * point here with `http://127.0.0.1:<port>/{host}`; `/system/…` is the account-agnostic system domain.
 * It checks what NetSuite checks and answers errors the way NetSuite does.
 */

export interface Integration {
  readonly applicationName: string;
  readonly consumerKey: string;
  readonly consumerSecret: string;
  /** Exactly the callback URL registered in the integration record. */
  readonly callbackUrl: string;
}

/** How the consent page answers: a person clicks, or tests decide without a browser. */
export type ConsentMode =
  | { readonly kind: 'interactive' }
  | { readonly kind: 'allow'; readonly role: string; readonly account?: string }
  | { readonly kind: 'deny' };

export type SimulatedEndpoint = 'requesttoken' | 'accesstoken' | 'revoketoken' | 'tokeninfo';

/** A canned failure for one endpoint, for tests of what happens when NetSuite misbehaves. */
export interface Fault {
  readonly status: number;
  readonly body: string;
  /** Answer only after this long (a slow NetSuite); `Infinity` never answers (a hang). */
  readonly delayMs?: number;
}

export interface SimulatorOptions {
  readonly integration: Integration;
  readonly consent?: ConsentMode;
  readonly port?: number;
  readonly host?: string;
  /** Milliseconds since the epoch; tests move it to exercise the timestamp window and token lifetime. */
  readonly now?: () => number;
  readonly requestTokenTtlSeconds?: number;
  /** Active tokens one user may hold in one account (third parties report 25). */
  readonly maxTokensPerUser?: number;
  /** The account a user picks at the system domain when consent is automatic. */
  readonly systemAccount?: string;
}

/** What NetSuite's Login Audit Trail would show: the real reason behind every refusal. */
export interface AuditEntry {
  readonly endpoint: SimulatedEndpoint | 'authorize';
  readonly accountId: string;
  readonly outcome: 'success' | 'failure';
  readonly detail: string;
}

export interface IssuedAccessToken {
  readonly tokenId: string;
  readonly tokenSecret: string;
  readonly accountId: string;
  readonly role: string;
  readonly entity: string;
  readonly consumerKey: string;
  revoked: boolean;
}

interface RequestTokenRecord {
  readonly token: string;
  readonly secret: string;
  readonly consumerKey: string;
  /** Undefined for a request token of the system domain until the user picks an account. */
  accountId: string | undefined;
  readonly callbackUrl: string;
  readonly createdAtMs: number;
  consent?: { verifier: string; role: string; entity: string };
  used: boolean;
}

export interface DemoUser {
  readonly name: string;
  readonly email: string;
  readonly password: string;
  readonly entity: string;
  readonly roles: readonly DemoRole[];
}

/** Who can sign in on the interactive pages (password `demo`); automatic consent acts as the first. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    name: 'Alex Admin',
    email: 'alex.admin@example.com',
    password: 'demo',
    entity: '7',
    roles: [
      { id: '3', name: 'Administrator' },
      { id: '1032', name: 'Integration Manager' },
      { id: '1040', name: 'Accountant (API)' },
    ],
  },
  {
    name: 'Sam Lee',
    email: 'sam.lee@example.com',
    password: 'demo',
    entity: '12',
    roles: [{ id: '1032', name: 'Integration Manager' }],
  },
];
const [DEMO_USER] = DEMO_USERS as [DemoUser];
const SESSION_COOKIE = 'ns_session';
export const SYSTEM_HOST = 'system';

const TIMESTAMP_WINDOW_SECONDS = 300;
const HOST_LABEL = /^[a-z0-9-]{1,40}$/;
const ACCOUNT_ID = /^[A-Z0-9]{1,24}(?:_(?:SB|RP)\d{1,3})?$/;

class NetSuiteFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export class NetSuiteSimulator {
  private server: Server | undefined;
  private consent: ConsentMode;
  private readonly integrations = new Map<string, Integration>();
  private readonly requestTokens = new Map<string, RequestTokenRecord>();
  private readonly seenNonces = new Map<string, number>();
  private readonly approvalPending = new Set<string>();
  private readonly faults = new Map<SimulatedEndpoint, Fault>();
  /** Signed-in browsers of the interactive pages: session id → user. */
  private readonly sessions = new Map<string, DemoUser>();
  readonly audit: AuditEntry[] = [];
  readonly accessTokens: IssuedAccessToken[] = [];
  /** Active tokens one user may hold in one account (third parties report 25). */
  maxTokensPerUser: number;

  constructor(private readonly options: SimulatorOptions) {
    this.consent = options.consent ?? { kind: 'interactive' };
    this.maxTokensPerUser = options.maxTokensPerUser ?? 25;
    this.registerIntegration(options.integration);
  }

  /** Base URL of the simulator; URL templates are `${url}/{host}`. */
  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('simulator is not listening');
    return `http://${this.options.host ?? '127.0.0.1'}:${address.port}`;
  }

  setConsent(mode: ConsentMode): void {
    this.consent = mode;
  }

  /** Every consumer secret the simulator knows: for tests that hunt for leaked secrets. */
  get consumerSecrets(): string[] {
    return [...this.integrations.values()].map((integration) => integration.consumerSecret);
  }

  /** Another integration record (a tenant that brings its own consumer key and secret). */
  registerIntegration(integration: Integration): void {
    this.integrations.set(integration.consumerKey, integration);
  }

  /**
   * The account requires approval of auto-installed integrations and nobody approved ours yet: every
   * call with one of its tokens fails until approval.
   */
  setApprovalPending(accountId: string, pending: boolean): void {
    if (pending) this.approvalPending.add(accountId);
    else this.approvalPending.delete(accountId);
  }

  /** Makes an endpoint answer with the fault until cleared (undefined). */
  setFault(endpoint: SimulatedEndpoint, fault: Fault | undefined): void {
    if (fault) this.faults.set(endpoint, fault);
    else this.faults.delete(endpoint);
  }

  /** What a NetSuite admin does under Setup › Users/Roles › Access Tokens: revoke one by hand. */
  revokeByAdmin(tokenId: string): void {
    const token = this.accessTokens.find((candidate) => candidate.tokenId === tokenId);
    if (token) token.revoked = true;
  }

  /** Tokens NetSuite would still accept. */
  liveTokens(filter: { accountId?: string } = {}): IssuedAccessToken[] {
    return this.accessTokens.filter(
      (token) => !token.revoked && (filter.accountId === undefined || token.accountId === filter.accountId),
    );
  }

  /** Every request token issued, with its secret and verifier: for tests that hunt for leaked secrets. */
  get issuedRequestTokens(): ReadonlyArray<{ token: string; secret: string; verifier: string | undefined }> {
    return [...this.requestTokens.values()].map((r) => ({
      token: r.token,
      secret: r.secret,
      verifier: r.consent?.verifier,
    }));
  }

  /** How many access tokens were minted: the number of successful step-3 exchanges. */
  get exchanges(): number {
    return this.accessTokens.length;
  }

  async listen(): Promise<this> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error));
      });
    });
    await new Promise<void>((resolve) =>
      this.server?.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve),
    );
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const [, host, ...rest] = url.pathname.split('/');
    const path = `/${rest.join('/')}`;
    if (host === undefined || !HOST_LABEL.test(host)) return void res.writeHead(404).end();
    const accountId = host === SYSTEM_HOST ? undefined : host.toUpperCase().replaceAll('-', '_');
    const endpoint = path.startsWith('/rest/') ? (path.slice(6) as SimulatedEndpoint) : undefined;
    try {
      const fault = endpoint === undefined ? undefined : this.faults.get(endpoint);
      if (fault) {
        if (fault.delayMs === Number.POSITIVE_INFINITY) return; // never answers; closed with the server
        if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        res.writeHead(fault.status, { 'Content-Type': 'application/json' }).end(fault.body);
        return;
      }
      const route = `${req.method} ${path}`;
      if (route === 'POST /rest/requesttoken') return this.requestToken(req, res, url, accountId);
      if (path === '/app/login/secure/authorizetoken.nl')
        return await this.authorize(req, res, url, accountId);
      if (accountId === undefined) return void res.writeHead(404).end();
      if (route === 'POST /rest/accesstoken') return this.accessToken(req, res, url, accountId);
      if (route === 'GET /rest/revoketoken') return this.revokeToken(req, res, url, accountId);
      if (route === 'GET /rest/tokeninfo') return this.tokenInfo(req, res, url, accountId);
      res.writeHead(404).end();
    } catch (error) {
      if (!(error instanceof NetSuiteFault)) throw error;
      this.audit.push({
        endpoint: endpoint ?? 'authorize',
        accountId: accountId ?? SYSTEM_HOST,
        outcome: 'failure',
        detail: error.detail,
      });
      if (endpoint === undefined) {
        res
          .writeHead(error.status, { 'Content-Type': 'text/html; charset=utf-8' })
          .end(renderErrorPage(error.detail));
        return;
      }
      // NetSuite hides the real reason behind a generic code for most token problems; the audit keeps it.
      res
        .writeHead(error.status, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ error: { code: error.code, message: error.detail } }));
    }
  }

  // ── Step 1 ─────────────────────────────────────────────────────────────────────────────────────────

  private requestToken(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    accountId: string | undefined,
  ): void {
    const { params, integration } = this.authenticate(req, url, accountId, ['oauth_callback'], () => '');
    const callback = params.get('oauth_callback') ?? '';
    if (callback !== integration.callbackUrl) {
      throw new NetSuiteFault(
        401,
        'InvalidCallback',
        `callback ${callback} is not the registered callback URL`,
      );
    }
    const record: RequestTokenRecord = {
      token: randomHex(),
      secret: randomHex(),
      consumerKey: integration.consumerKey,
      accountId,
      callbackUrl: callback,
      createdAtMs: this.now(),
      used: false,
    };
    this.requestTokens.set(record.token, record);
    this.succeeded('requesttoken', accountId, 'request token issued');
    // NetSuite ends the form-encoded body with a newline.
    res
      .writeHead(200, { 'Content-Type': 'text/plain' })
      .end(`oauth_token=${record.token}&oauth_token_secret=${record.secret}&oauth_callback_confirmed=true\n`);
  }

  // ── Step 2 ─────────────────────────────────────────────────────────────────────────────────────────

  private async authorize(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    accountId: string | undefined,
  ): Promise<void> {
    const form = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : url.searchParams;
    const record = this.liveRequestToken(form.get('oauth_token') ?? '', accountId);
    const state = form.get('state') || undefined;
    const mode = this.consent;
    if (mode.kind !== 'interactive') {
      const chosen =
        accountId ?? (mode.kind === 'allow' ? mode.account : undefined) ?? this.defaultSystemAccount();
      return this.answerConsent(
        res,
        record,
        state,
        chosen,
        mode.kind === 'allow' ? { role: mode.role, user: DEMO_USER } : undefined,
      );
    }

    // Interactive: sign in first (NetSuite does login, 2FA and SSO here), then Allow or Deny.
    let user = this.sessions.get(readCookie(req, SESSION_COOKIE) ?? '');
    const action = req.method === 'POST' ? form.get('action') : undefined;
    const page = (body: string, headers: Record<string, string> = {}): void => {
      res
        .writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-store',
          ...headers,
        })
        .end(body);
    };
    const hidden = { requestToken: record.token, state };
    if (action === 'login') {
      const candidate = DEMO_USERS.find((demo) => demo.email === form.get('email')?.trim().toLowerCase());
      if (candidate === undefined || candidate.password !== form.get('password')) {
        return page(
          renderLoginPage({
            ...hidden,
            error: 'The email address or password is not correct.',
            users: DEMO_USERS,
          }),
        );
      }
      user = candidate;
      const session = randomHex();
      this.sessions.set(session, user);
      const cookie = `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Lax`;
      return page(this.consentPage(record, accountId, state, user), { 'Set-Cookie': cookie });
    }
    if (user === undefined) return page(renderLoginPage({ ...hidden, error: undefined, users: DEMO_USERS }));
    if (action !== 'allow' && action !== 'deny')
      return page(this.consentPage(record, accountId, state, user));

    const role = user.roles.find((candidate) => candidate.id === form.get('role'))?.id;
    if (action === 'allow' && role === undefined)
      throw new NetSuiteFault(400, 'INVALID_ROLE', 'choose one of your roles');
    const chosen = accountId ?? form.get('account')?.trim().toUpperCase() ?? this.defaultSystemAccount();
    return this.answerConsent(
      res,
      record,
      state,
      chosen,
      action === 'allow' && role ? { role, user } : undefined,
    );
  }

  private consentPage(
    record: RequestTokenRecord,
    accountId: string | undefined,
    state: string | undefined,
    user: DemoUser,
  ) {
    return renderConsentPage({
      applicationName: this.integrations.get(record.consumerKey)?.applicationName ?? 'Application',
      accountId,
      defaultAccount: this.defaultSystemAccount(),
      requestToken: record.token,
      state,
      user,
      roles: user.roles,
    });
  }

  private defaultSystemAccount(): string {
    return this.options.systemAccount ?? '1234567';
  }

  /** Back to the integration's callback: with a verifier when allowed, without one when denied. */
  private answerConsent(
    res: ServerResponse,
    record: RequestTokenRecord,
    state: string | undefined,
    chosen: string,
    allowed: { role: string; user: DemoUser } | undefined,
  ): void {
    if (!ACCOUNT_ID.test(chosen)) throw new NetSuiteFault(400, 'INVALID_ACCOUNT', `no account ${chosen}`);
    const callback = new URL(record.callbackUrl);
    callback.searchParams.set('oauth_token', record.token);
    if (allowed) {
      record.accountId = chosen;
      record.consent = { verifier: randomHex(), role: allowed.role, entity: allowed.user.entity };
      callback.searchParams.set('oauth_verifier', record.consent.verifier);
      callback.searchParams.set('company', chosen);
      callback.searchParams.set('role', allowed.role);
      callback.searchParams.set('entity', allowed.user.entity);
    }
    if (state !== undefined) callback.searchParams.set('state', state);
    this.audit.push({
      endpoint: 'authorize',
      accountId: chosen,
      outcome: 'success',
      detail: allowed ? 'allowed' : 'denied',
    });
    res.writeHead(302, { Location: callback.href }).end();
  }

  // ── Step 3 ─────────────────────────────────────────────────────────────────────────────────────────

  private accessToken(req: IncomingMessage, res: ServerResponse, url: URL, accountId: string): void {
    let record: RequestTokenRecord | undefined;
    const { params, integration } = this.authenticate(
      req,
      url,
      accountId,
      ['oauth_token', 'oauth_verifier'],
      (p) => {
        record = this.liveRequestToken(p.get('oauth_token') ?? '', accountId);
        return record.secret;
      },
    );
    if (record === undefined) throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'no request token');
    if (record.consent === undefined || params.get('oauth_verifier') !== record.consent.verifier) {
      throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'verifier does not match an authorization');
    }
    const limit = this.maxTokensPerUser;
    const entity = record.consent.entity;
    const held = this.liveTokens({ accountId }).filter((token) => token.entity === entity).length;
    if (held >= limit) {
      throw new NetSuiteFault(
        400,
        'USER_ERROR',
        `the user already holds the maximum of ${limit} active tokens`,
      );
    }
    record.used = true;
    const token: IssuedAccessToken = {
      tokenId: randomHex(),
      tokenSecret: randomHex(),
      accountId,
      role: record.consent.role,
      entity,
      consumerKey: integration.consumerKey,
      revoked: false,
    };
    this.accessTokens.push(token);
    this.succeeded('accesstoken', accountId, 'access token issued');
    res
      .writeHead(200, { 'Content-Type': 'text/plain' })
      .end(`oauth_token=${token.tokenId}&oauth_token_secret=${token.tokenSecret}\n`);
  }

  // ── Calls with an access token ─────────────────────────────────────────────────────────────────────

  /** Revocation is signed with the token being revoked; `token` and `consumerKey` must name it. */
  private revokeToken(req: IncomingMessage, res: ServerResponse, url: URL, accountId: string): void {
    const { token } = this.authenticateToken(req, url, accountId);
    if (
      url.searchParams.get('token') !== token.tokenId ||
      url.searchParams.get('consumerKey') !== token.consumerKey
    ) {
      throw new NetSuiteFault(
        400,
        'MissingRequiredParameter',
        'token and consumerKey must name the signing token',
      );
    }
    token.revoked = true;
    this.succeeded('revoketoken', accountId, 'token revoked');
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
  }

  private tokenInfo(req: IncomingMessage, res: ServerResponse, url: URL, accountId: string): void {
    const { token } = this.authenticateToken(req, url, accountId);
    if (this.approvalPending.has(accountId)) {
      throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'integration awaits approval in this account');
    }
    this.succeeded('tokeninfo', accountId, 'token valid');
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ companyId: accountId, roleId: token.role, entityId: token.entity }));
  }

  private authenticateToken(req: IncomingMessage, url: URL, accountId: string) {
    let token: IssuedAccessToken | undefined;
    this.authenticate(req, url, accountId, ['oauth_token'], (p) => {
      token = this.accessTokens.find((candidate) => candidate.tokenId === p.get('oauth_token'));
      if (token === undefined || token.revoked)
        throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'token not active');
      if (token.accountId !== accountId) {
        throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'token belongs to another account');
      }
      return token.tokenSecret;
    });
    if (token === undefined) throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'no token');
    return { token };
  }

  // ── What every signed call goes through ─────────────────────────────────────────────────────────────

  /**
   * Checks a signed request the way NetSuite does: required parameters, the integration, HMAC-SHA256 only,
   * the realm, the ±5 minute timestamp window, the signature over our own base string, then nonce reuse.
   */
  private authenticate(
    req: IncomingMessage,
    url: URL,
    accountId: string | undefined,
    required: readonly string[],
    tokenSecretOf: (params: ReadonlyMap<string, string>) => string,
  ): { params: ReadonlyMap<string, string>; integration: Integration } {
    const params = parseAuthorizationHeader(req.headers.authorization);
    if (params === undefined)
      throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'no OAuth Authorization header');
    for (const name of [
      'oauth_consumer_key',
      'oauth_nonce',
      'oauth_timestamp',
      'oauth_signature_method',
      'oauth_signature',
      ...required,
    ]) {
      if (!params.get(name)) throw new NetSuiteFault(400, 'MissingRequiredParameter', `missing ${name}`);
    }
    const integration = this.integrations.get(params.get('oauth_consumer_key') ?? '');
    if (integration === undefined) {
      throw new NetSuiteFault(401, 'UnknownIntegration', 'consumer key of no integration record');
    }
    if (params.get('oauth_signature_method') !== 'HMAC-SHA256') {
      throw new NetSuiteFault(401, 'InvalidSignature', 'only HMAC-SHA256 is accepted');
    }
    const realm = params.get('realm');
    if (realm !== undefined && realm !== accountId) {
      throw new NetSuiteFault(
        401,
        'INVALID_LOGIN_ATTEMPT',
        `realm ${realm} does not name account ${accountId}`,
      );
    }
    const timestamp = Number(params.get('oauth_timestamp'));
    const nowSeconds = this.now() / 1000;
    if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > TIMESTAMP_WINDOW_SECONDS) {
      throw new NetSuiteFault(401, 'InvalidTimestamp', 'timestamp outside the ±5 minute window');
    }
    const nonce = params.get('oauth_nonce') ?? '';
    if (!/^[A-Za-z0-9]{6,64}$/.test(nonce)) {
      throw new NetSuiteFault(401, 'NonceRejected', 'nonce must be 6-64 letters and digits');
    }
    const tokenSecret = tokenSecretOf(params);
    const base = signatureBaseString({ method: req.method ?? 'GET', url, oauthParams: params });
    const expected = hmacSha256Signature(base, integration.consumerSecret, tokenSecret);
    if (!signaturesMatch(expected, params.get('oauth_signature') ?? '')) {
      throw new NetSuiteFault(401, 'InvalidSignature', 'signature does not match the request');
    }
    const nonceKey = `${integration.consumerKey}:${timestamp}:${nonce}`;
    if (this.seenNonces.has(nonceKey)) throw new NetSuiteFault(401, 'NonceUsed', 'nonce already used');
    this.seenNonces.set(nonceKey, timestamp);
    return { params, integration };
  }

  /** A request token that exists, belongs to this account, has not expired and was not exchanged yet. */
  private liveRequestToken(token: string, accountId: string | undefined): RequestTokenRecord {
    const record = this.requestTokens.get(token);
    if (record === undefined) throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'unknown request token');
    if (accountId !== undefined && record.accountId !== accountId) {
      throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'request token belongs to another account');
    }
    const ttlMs = (this.options.requestTokenTtlSeconds ?? 900) * 1000;
    if (this.now() > record.createdAtMs + ttlMs) {
      throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'request token expired');
    }
    if (record.used) throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'request token already used');
    return record;
  }

  private succeeded(endpoint: SimulatedEndpoint, accountId: string | undefined, detail: string): void {
    this.audit.push({ endpoint, accountId: accountId ?? SYSTEM_HOST, outcome: 'success', detail });
  }
}

function randomHex(): string {
  return randomBytes(32).toString('hex');
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new NetSuiteFault(413, 'REQUEST_TOO_LARGE', 'body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
