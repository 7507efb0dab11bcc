import { describe, expect, it } from 'vitest';
import {
  type BrowserEnvironment,
  type ConnectResult,
  completeConnectReturn,
  connectNetSuite,
  readConnectResult,
} from '../../../functions/browser/connect-netsuite.js';

type Listener = (event: { origin: string; data: unknown }) => void;

/** A fake window with manual timers, so the helper's waiting can be driven step by step. */
function fakeWindow(
  options: { popupBlocked?: boolean; href?: string; name?: string; opener?: boolean } = {},
) {
  const listeners = new Set<Listener>();
  const timers = new Map<number, { callback: () => void; ms: number; repeat: boolean }>();
  const channels: Array<{ onmessage: ((event: { data: unknown }) => void) | null; posted: unknown[] }> = [];
  const popup = { closed: false, close() {}, location: { href: '' } };
  const posted: Array<{ message: unknown; targetOrigin: string }> = [];
  let nextTimer = 1;
  let closed = false;
  const assigned: string[] = [];
  class FakeChannel {
    onmessage: ((event: { data: unknown }) => void) | null = null;
    posted: unknown[] = [];
    constructor() {
      channels.push(this);
    }
    postMessage(message: unknown) {
      this.posted.push(message);
      for (const other of channels) if (other !== this) other.onmessage?.({ data: message });
    }
    close() {}
  }
  const env: BrowserEnvironment = {
    location: {
      origin: 'https://saas.example.com',
      href: options.href ?? 'https://saas.example.com/settings',
      assign: (url) => assigned.push(url),
    },
    open: () => (options.popupBlocked ? null : popup),
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
    opener: options.opener
      ? { postMessage: (message, targetOrigin) => posted.push({ message, targetOrigin }) }
      : null,
    name: options.name ?? '',
    close: () => {
      closed = true;
    },
    setTimeout: (callback, ms) => {
      timers.set(nextTimer, { callback, ms, repeat: false });
      return nextTimer++;
    },
    clearTimeout: (handle) => timers.delete(handle as number),
    setInterval: (callback, ms) => {
      timers.set(nextTimer, { callback, ms, repeat: true });
      return nextTimer++;
    },
    clearInterval: (handle) => timers.delete(handle as number),
    BroadcastChannel: FakeChannel,
  };
  return {
    env,
    popup,
    posted,
    assigned,
    isClosed: () => closed,
    send: (origin: string, data: unknown) => {
      for (const listener of [...listeners]) listener({ origin, data });
    },
    tick: (which: 'interval' | 'timeout') => {
      for (const timer of [...timers.values()]) if (timer.repeat === (which === 'interval')) timer.callback();
    },
    listenerCount: () => listeners.size,
  };
}

const message = (result: Record<string, unknown>) => ({ type: 'netsuite-connect:result', result });

async function settledWithin(promise: Promise<ConnectResult>): Promise<ConnectResult | 'pending'> {
  return Promise.race([
    promise,
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 20)),
  ]);
}

describe('connectNetSuite (popup)', () => {
  it('resolves with the result posted from the return page on the same origin', async () => {
    const w = fakeWindow();
    const result = connectNetSuite({ url: 'https://connect.example.com/connect/start?link=x' }, w.env);
    w.send('https://saas.example.com', message({ status: 'connected', accountId: '1234567_SB1' }));
    expect(await result).toEqual({ status: 'connected', accountId: '1234567_SB1' });
    expect(w.listenerCount()).toBe(0);
  });

  it('ignores messages from a foreign origin and malformed messages', async () => {
    const w = fakeWindow();
    const result = connectNetSuite({ url: 'https://connect.example.com/connect/start?link=x' }, w.env);
    w.send('https://evil.example.net', message({ status: 'connected', accountId: '1234567' }));
    w.send('https://saas.example.com', { type: 'other', result: { status: 'connected', accountId: '1' } });
    w.send('https://saas.example.com', message({ status: 'connected' }));
    w.send('https://saas.example.com', message({ status: 'error', reason: '<script>' }));
    w.send('https://saas.example.com', 'netsuite-connect:result');
    expect(await settledWithin(result)).toBe('pending');
    w.send('https://saas.example.com', message({ status: 'error', reason: 'access_denied', ref: 'r-1' }));
    expect(await result).toEqual({ status: 'error', reason: 'access_denied', ref: 'r-1' });
  });

  it('accepts the result over a BroadcastChannel when the opener link was cut', async () => {
    const w = fakeWindow();
    const result = connectNetSuite({ url: 'https://connect.example.com/connect/start?link=x' }, w.env);
    let relayClosed = false;
    // The return page in the popup, same origin, its opener link cut by a cross-origin hop on the way.
    completeConnectReturn({
      ...w.env,
      name: 'netsuite-connect',
      opener: null,
      location: {
        ...w.env.location,
        href: 'https://saas.example.com/return?status=connected&account=7654321',
      },
      close: () => {
        relayClosed = true;
      },
    });
    expect(await result).toEqual({ status: 'connected', accountId: '7654321' });
    expect(relayClosed).toBe(true);
  });

  it('reports a blocked popup at once', async () => {
    const w = fakeWindow({ popupBlocked: true });
    expect(await connectNetSuite({ url: 'https://c.example.com/x' }, w.env)).toEqual({
      status: 'error',
      reason: 'popup_blocked',
    });
  });

  it('reports a popup the user closed, after a grace tick for a result in flight', async () => {
    const w = fakeWindow();
    const result = connectNetSuite({ url: 'https://c.example.com/x' }, w.env);
    w.popup.closed = true;
    w.tick('interval');
    expect(await settledWithin(result)).toBe('pending');
    w.tick('interval');
    expect(await result).toEqual({ status: 'error', reason: 'closed' });
  });

  it('always settles: timeout', async () => {
    const w = fakeWindow();
    const result = connectNetSuite({ url: 'https://c.example.com/x', timeoutMs: 1000 }, w.env);
    w.tick('timeout');
    expect(await result).toEqual({ status: 'error', reason: 'timeout' });
  });
});

describe('connectNetSuite with a link fetched on click', () => {
  it('opens the popup at once and sends it to the link when it arrives', async () => {
    const w = fakeWindow();
    let deliver: (url: string) => void = () => undefined;
    const result = connectNetSuite({ url: () => new Promise((resolve) => (deliver = resolve)) }, w.env);
    expect(w.popup.location.href).toBe('');
    deliver('https://c.example.com/connect/start?link=y');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(w.popup.location.href).toBe('https://c.example.com/connect/start?link=y');
    w.send('https://saas.example.com', message({ status: 'connected', accountId: '1234567' }));
    expect(await result).toEqual({ status: 'connected', accountId: '1234567' });
  });
});

describe('connectNetSuite (redirect)', () => {
  it('navigates the whole page to the link', async () => {
    const w = fakeWindow();
    void connectNetSuite({ url: 'https://c.example.com/connect/start?link=x', mode: 'redirect' }, w.env);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(w.assigned).toEqual(['https://c.example.com/connect/start?link=x']);
  });
});

describe('completeConnectReturn', () => {
  it('in the popup: posts to the opener on its own origin only, and closes', () => {
    const w = fakeWindow({
      href: 'https://saas.example.com/return?status=error&reason=link_expired&ref=abc',
      name: 'netsuite-connect',
      opener: true,
    });
    expect(completeConnectReturn(w.env)).toBeUndefined();
    expect(w.posted).toEqual([
      {
        message: {
          type: 'netsuite-connect:result',
          result: { status: 'error', reason: 'link_expired', ref: 'abc' },
        },
        targetOrigin: 'https://saas.example.com',
      },
    ]);
    expect(w.isClosed()).toBe(true);
  });

  it('after a redirect: returns the result for the page to show', () => {
    const w = fakeWindow({ href: 'https://saas.example.com/?status=connected&account=1234567' });
    expect(completeConnectReturn(w.env)).toEqual({ status: 'connected', accountId: '1234567' });
    expect(w.isClosed()).toBe(false);
  });
});

describe('readConnectResult', () => {
  it('reads what the callback put on the return URL, and nothing from other URLs', () => {
    expect(
      readConnectResult(
        'https://s.example.com/r?status=error&reason=integration_pending_approval&account=1234567&ref=x1',
      ),
    ).toEqual({ status: 'error', reason: 'integration_pending_approval', accountId: '1234567', ref: 'x1' });
    expect(readConnectResult('https://s.example.com/r')).toBeUndefined();
    expect(readConnectResult('https://s.example.com/r?status=connected&account=../x')).toBeUndefined();
  });
});
