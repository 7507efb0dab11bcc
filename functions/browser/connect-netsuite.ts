/**
 * NetSuite Connect for SaaS front ends: a dependency-free ES module.
 *
 *   import { connectNetSuite, completeConnectReturn } from './connect-netsuite.js';
 *   const result = await connectNetSuite({ url: linkUrl, mode: 'popup' });
 *
 * The onboarding link's return URL must be a page of the SaaS that calls `completeConnectReturn()` when it
 * loads: in a popup it hands the result to the page that opened it and closes; after a full-page redirect it
 * returns the result for the page to show. Only the outcome travels (status, account, reason code, request
 * id): tokens never reach the browser.
 */

export type ConnectResult =
  | { readonly status: 'connected'; readonly accountId: string }
  | {
      readonly status: 'error';
      /** A server reason code (`access_denied`, `link_expired`, …) or `closed`, `popup_blocked`, `timeout`. */
      readonly reason: string;
      /** Set with `integration_pending_approval`: the account is connected but awaits approval. */
      readonly accountId?: string;
      /** The request id to quote to support. */
      readonly ref?: string;
    };

export interface ConnectOptions {
  /**
   * The onboarding link (`url` from `POST /tenants/{tenantId}/links`), or a function fetching it from your
   * back end: the popup then opens at once, inside the click, so that popup blockers let it through.
   */
  readonly url: string | (() => Promise<string>);
  /** `popup` (default) keeps the page; `redirect` navigates the whole page to the link. */
  readonly mode?: 'popup' | 'redirect';
  /** Settles with `timeout` after this long (default 15 minutes, the flow's own limit). */
  readonly timeoutMs?: number;
  /** The return page's origin, when it is not this page's. */
  readonly returnOrigin?: string;
}

/** The browser surface the module uses; tests pass a fake. */
export interface BrowserEnvironment {
  readonly location: { readonly origin: string; readonly href: string; assign(url: string): void };
  open(
    url: string,
    target: string,
    features: string,
  ): { closed: boolean; close(): void; location: { href: string } } | null;
  addEventListener(type: 'message', listener: (event: { origin: string; data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { origin: string; data: unknown }) => void): void;
  readonly opener: { postMessage(message: unknown, targetOrigin: string): void } | null;
  readonly name: string;
  close(): void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  readonly BroadcastChannel?: new (
    name: string,
  ) => {
    postMessage(message: unknown): void;
    close(): void;
    onmessage: ((event: { data: unknown }) => void) | null;
  };
}

const MESSAGE_TYPE = 'netsuite-connect:result';
const CHANNEL = 'netsuite-connect';
const POPUP_NAME = 'netsuite-connect';
const POPUP_FEATURES = 'popup,width=520,height=720';
const REASON = /^[a-z_]{1,64}$/;
const ACCOUNT = /^[A-Z0-9]{1,24}(?:_(?:SB|RP)\d{1,3})?$/;
const REF = /^[A-Za-z0-9-]{1,64}$/;

/** Opens the onboarding flow and settles with its outcome; never rejects. */
export function connectNetSuite(
  options: ConnectOptions,
  env: BrowserEnvironment = globalThis as unknown as BrowserEnvironment,
): Promise<ConnectResult> {
  if (options.mode === 'redirect') {
    void linkOf(options).then(
      (url) => env.location.assign(url),
      () => undefined,
    );
    // The page is going away and the return page reads the result; should it stay, still settle.
    return new Promise<ConnectResult>((resolve) => {
      env.setTimeout(
        () => resolve({ status: 'error', reason: 'timeout' }),
        options.timeoutMs ?? 15 * 60 * 1000,
      );
    });
  }
  const popup = env.open(
    typeof options.url === 'string' ? options.url : 'about:blank',
    POPUP_NAME,
    POPUP_FEATURES,
  );
  if (popup === null) return Promise.resolve({ status: 'error', reason: 'popup_blocked' });
  if (typeof options.url !== 'string') {
    linkOf(options).then(
      (url) => {
        popup.location.href = url;
      },
      () => popup.close(),
    );
  }
  const returnOrigin = options.returnOrigin ?? env.location.origin;

  return new Promise<ConnectResult>((resolve) => {
    let settled = false;
    const channel = env.BroadcastChannel ? new env.BroadcastChannel(CHANNEL) : undefined;
    const settle = (result: ConnectResult) => {
      if (settled) return;
      settled = true;
      env.removeEventListener('message', onMessage);
      env.clearTimeout(timer);
      env.clearInterval(watcher);
      channel?.close();
      resolve(result);
    };
    // Only the return page, on the expected origin, may settle the flow; anything else is ignored.
    const onMessage = (event: { origin: string; data: unknown }) => {
      if (event.origin !== returnOrigin) return;
      const result = parseMessage(event.data);
      if (result) settle(result);
    };
    env.addEventListener('message', onMessage);
    if (channel) {
      channel.onmessage = (event) => {
        const result = parseMessage(event.data);
        if (result) settle(result);
      };
    }
    const timer = env.setTimeout(
      () => settle({ status: 'error', reason: 'timeout' }),
      options.timeoutMs ?? 15 * 60 * 1000,
    );
    let seenClosed = false;
    const watcher = env.setInterval(() => {
      if (!popup.closed) return;
      // A result posted just before the popup closed may still be in flight: wait one more tick.
      if (seenClosed) settle({ status: 'error', reason: 'closed' });
      seenClosed = true;
    }, 300);
  });
}

function linkOf(options: ConnectOptions): Promise<string> {
  return typeof options.url === 'string' ? Promise.resolve(options.url) : options.url();
}

/**
 * Call on the return page. In the popup it hands the result to the opener (postMessage to this origin
 * only, or a BroadcastChannel when the opener link was cut) and closes the popup, returning undefined.
 * After a redirect it returns the result for the page to show (or undefined when the URL has none).
 */
export function completeConnectReturn(
  env: BrowserEnvironment = globalThis as unknown as BrowserEnvironment,
): ConnectResult | undefined {
  const result = readConnectResult(env.location.href);
  if (result === undefined || env.name !== POPUP_NAME) return result;
  const message = { type: MESSAGE_TYPE, result };
  if (env.opener) env.opener.postMessage(message, env.location.origin);
  if (env.BroadcastChannel) {
    const channel = new env.BroadcastChannel(CHANNEL);
    channel.postMessage(message);
    channel.close();
  }
  env.close();
  return undefined;
}

/** The outcome carried by a return URL's query (`status`, `account`, `reason`, `ref`), if any. */
export function readConnectResult(href: string): ConnectResult | undefined {
  const params = new URL(href).searchParams;
  return parseResult({
    status: params.get('status'),
    accountId: params.get('account'),
    reason: params.get('reason'),
    ref: params.get('ref'),
  });
}

function parseMessage(data: unknown): ConnectResult | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as { type?: unknown; result?: unknown };
  if (message.type !== MESSAGE_TYPE || typeof message.result !== 'object' || message.result === null)
    return undefined;
  return parseResult(message.result as Record<string, unknown>);
}

/** Accepts only well-formed outcomes: a malformed message is dropped, never surfaced. */
function parseResult(raw: Record<string, unknown>): ConnectResult | undefined {
  const text = (value: unknown, pattern: RegExp) =>
    typeof value === 'string' && pattern.test(value) ? value : undefined;
  const accountId = text(raw.accountId, ACCOUNT);
  if (raw.status === 'connected') return accountId ? { status: 'connected', accountId } : undefined;
  if (raw.status !== 'error') return undefined;
  const reason = text(raw.reason, REASON);
  if (reason === undefined) return undefined;
  const ref = text(raw.ref, REF);
  return { status: 'error', reason, ...(accountId ? { accountId } : {}), ...(ref ? { ref } : {}) };
}
