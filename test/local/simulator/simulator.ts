import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  hmacSha256Signature,
  parseAuthorizationHeader,
  signatureBaseString,
  signaturesMatch,
} from './oauth-verification.js';
import { type DemoRole, renderConsentPage, renderErrorPage } from './pages.js';

/**
 * A local stand-in for NetSuite's TBA authorization flow. URLs route by account host label:
 * `http://127.0.0.1:<port>/<host>/rest/requesttoken`, so the product's URL templates point here with
 * `http://127.0.0.1:<port>/{host}`. It checks what NetSuite checks and answers errors the way NetSuite does.
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
  | { readonly kind: 'allow'; readonly role: string }
  | { readonly kind: 'deny' };

export interface SimulatorOptions {
  readonly integration: Integration;
  readonly consent?: ConsentMode;
  readonly port?: number;
  readonly host?: string;
  /** Milliseconds since the epoch; tests move it to exercise the timestamp window and token lifetime. */
  readonly now?: () => number;
  readonly requestTokenTtlSeconds?: number;
}

/** What NetSuite's Login Audit Trail would show: the real reason behind every refusal. */
export interface AuditEntry {
  readonly endpoint: 'requesttoken' | 'authorize' | 'accesstoken';
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
}

interface RequestTokenRecord {
  readonly token: string;
  readonly secret: string;
  readonly accountId: string;
  readonly callbackUrl: string;
  readonly createdAtMs: number;
  consent?: { verifier: string; role: string };
  used: boolean;
}

export const DEMO_USER = { name: 'Alex Admin', email: 'alex.admin@example.com', entity: '7' };
export const DEMO_ROLES: readonly DemoRole[] = [
  { id: '3', name: 'Administrator' },
  { id: '1032', name: 'Integration Manager' },
  { id: '1040', name: 'Accountant (API)' },
];

const TIMESTAMP_WINDOW_SECONDS = 300;
const HOST_LABEL = /^[a-z0-9-]{1,40}$/;

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
  private readonly requestTokens = new Map<string, RequestTokenRecord>();
  private readonly seenNonces = new Map<string, number>();
  readonly audit: AuditEntry[] = [];
  readonly accessTokens: IssuedAccessToken[] = [];

  constructor(private readonly options: SimulatorOptions) {
    this.consent = options.consent ?? { kind: 'interactive' };
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
    const accountId = host.toUpperCase().replaceAll('-', '_');
    const endpoint = `${req.method} ${path}`;
    try {
      if (endpoint === 'POST /rest/requesttoken') return this.requestToken(req, res, url, accountId);
      if (endpoint === 'POST /rest/accesstoken') return this.accessToken(req, res, url, accountId);
      if (path === '/app/login/secure/authorizetoken.nl')
        return await this.authorize(req, res, url, accountId);
      res.writeHead(404).end();
    } catch (error) {
      if (!(error instanceof NetSuiteFault)) throw error;
      const kind = path.startsWith('/rest/')
        ? (path.slice(6) as 'requesttoken' | 'accesstoken')
        : 'authorize';
      this.audit.push({ endpoint: kind, accountId, outcome: 'failure', detail: error.detail });
      if (kind === 'authorize') {
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

  private requestToken(req: IncomingMessage, res: ServerResponse, url: URL, accountId: string): void {
    const params = this.authenticate(req, url, accountId, ['oauth_callback'], () => '');
    const callback = params.get('oauth_callback') ?? '';
    if (callback !== this.options.integration.callbackUrl) {
      throw new NetSuiteFault(
        401,
        'InvalidCallback',
        `callback ${callback} is not the registered callback URL`,
      );
    }
    const record: RequestTokenRecord = {
      token: randomHex(),
      secret: randomHex(),
      accountId,
      callbackUrl: callback,
      createdAtMs: this.now(),
      used: false,
    };
    this.requestTokens.set(record.token, record);
    this.audit.push({
      endpoint: 'requesttoken',
      accountId,
      outcome: 'success',
      detail: 'request token issued',
    });
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
    accountId: string,
  ): Promise<void> {
    const form = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : url.searchParams;
    const record = this.liveRequestToken(form.get('oauth_token') ?? '', accountId);
    const state = form.get('state') || undefined;
    const decision = req.method === 'POST' ? form.get('decision') : undefined;
    const mode = this.consent;
    if (decision === undefined && mode.kind === 'interactive') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(
        renderConsentPage({
          applicationName: this.options.integration.applicationName,
          accountId,
          requestToken: record.token,
          state,
          user: DEMO_USER,
          roles: DEMO_ROLES,
        }),
      );
      return;
    }
    const allow = decision === undefined ? mode.kind === 'allow' : decision === 'allow';
    const role = (decision === undefined && mode.kind === 'allow' ? mode.role : form.get('role')) ?? '3';
    const callback = new URL(record.callbackUrl);
    callback.searchParams.set('oauth_token', record.token);
    if (allow) {
      record.consent = { verifier: randomHex(), role };
      callback.searchParams.set('oauth_verifier', record.consent.verifier);
      callback.searchParams.set('company', accountId);
      callback.searchParams.set('role', role);
      callback.searchParams.set('entity', DEMO_USER.entity);
    }
    if (state !== undefined) callback.searchParams.set('state', state);
    this.audit.push({
      endpoint: 'authorize',
      accountId,
      outcome: 'success',
      detail: allow ? 'allowed' : 'denied',
    });
    res.writeHead(302, { Location: callback.href }).end();
  }

  // ── Step 3 ─────────────────────────────────────────────────────────────────────────────────────────

  private accessToken(req: IncomingMessage, res: ServerResponse, url: URL, accountId: string): void {
    let record: RequestTokenRecord | undefined;
    const params = this.authenticate(req, url, accountId, ['oauth_token', 'oauth_verifier'], (p) => {
      record = this.liveRequestToken(p.get('oauth_token') ?? '', accountId);
      return record.secret;
    });
    if (record === undefined) throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'no request token');
    if (record.consent === undefined || params.get('oauth_verifier') !== record.consent.verifier) {
      throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'verifier does not match an authorization');
    }
    record.used = true;
    const token: IssuedAccessToken = {
      tokenId: randomHex(),
      tokenSecret: randomHex(),
      accountId,
      role: record.consent.role,
      entity: DEMO_USER.entity,
      consumerKey: this.options.integration.consumerKey,
    };
    this.accessTokens.push(token);
    this.audit.push({
      endpoint: 'accesstoken',
      accountId,
      outcome: 'success',
      detail: 'access token issued',
    });
    res
      .writeHead(200, { 'Content-Type': 'text/plain' })
      .end(`oauth_token=${token.tokenId}&oauth_token_secret=${token.tokenSecret}\n`);
  }

  // ── What every signed call goes through ─────────────────────────────────────────────────────────────

  /**
   * Checks a signed request the way NetSuite does: required parameters, the integration, HMAC-SHA256 only,
   * the realm, the ±5 minute timestamp window, the signature over our own base string, then nonce reuse.
   */
  private authenticate(
    req: IncomingMessage,
    url: URL,
    accountId: string,
    required: readonly string[],
    tokenSecretOf: (params: ReadonlyMap<string, string>) => string,
  ): ReadonlyMap<string, string> {
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
    const integration = this.options.integration;
    if (params.get('oauth_consumer_key') !== integration.consumerKey) {
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
    return params;
  }

  /** A request token that exists, belongs to this account, has not expired and was not exchanged yet. */
  private liveRequestToken(token: string, accountId: string): RequestTokenRecord {
    const record = this.requestTokens.get(token);
    if (record === undefined) throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'unknown request token');
    if (record.accountId !== accountId) {
      throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'request token belongs to another account');
    }
    const ttlMs = (this.options.requestTokenTtlSeconds ?? 900) * 1000;
    if (this.now() > record.createdAtMs + ttlMs) {
      throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'request token expired');
    }
    if (record.used) throw new NetSuiteFault(401, 'INVALID_LOGIN_ATTEMPT', 'request token already used');
    return record;
  }
}

function randomHex(): string {
  return randomBytes(32).toString('hex');
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
