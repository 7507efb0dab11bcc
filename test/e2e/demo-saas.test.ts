import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { startTestStack, type TestStack } from '../integration/support/test-stack.js';

/**
 * The demo SaaS page, the front-end helper and the simulator's NetSuite pages in a real browser
 * (Debian's Chromium, driven by playwright-core). Each test uses its own tenant.
 */
let t: TestStack;
let browser: Browser;
let page: Page;
let demoUrl = '';
let tenantCounter = 0;
let tenant = '';

beforeAll(async () => {
  t = await startTestStack({ demo: true, consent: { kind: 'interactive' } });
  demoUrl = `${t.stack.apiUrl}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

beforeEach(async (context) => {
  tenantCounter += 1;
  tenant = ['acme', 'globex', 'initech'][tenantCounter % 3] ?? 'acme';
  const browserContext = await browser.newContext({ viewport: { width: 1100, height: 850 } });
  page = await browserContext.newPage();
  onTestFailed(async () => {
    mkdirSync('test-results/e2e', { recursive: true });
    const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
    for (const [index, open] of browserContext.pages().entries()) {
      await open
        .screenshot({ path: `test-results/e2e/${name}-${index}.png`, fullPage: true })
        .catch(() => undefined);
    }
  });
  await page.goto(demoUrl);
  await page.selectOption('#tenant', tenant);
  // Start each test from a tenant without connections.
  for (const connection of (await t.api(`/tenants/${tenant}/connections`)).body.connections) {
    await t.api(`/tenants/${tenant}/connections/${connection.accountId}`, { method: 'DELETE' });
  }
  await page.reload();
});

afterEach(async () => {
  await page.context().close();
});

async function signIn(popup: Page, email = 'alex.admin@example.com'): Promise<void> {
  await popup.waitForSelector('#email');
  await popup.getByLabel('Email address').fill(email);
  await popup.getByLabel('Password').fill('demo');
  await popup.getByRole('button', { name: 'Log In' }).click();
  await popup.waitForSelector('#role');
}

async function connectInPopup(account: string, decide: (popup: Page) => Promise<void>): Promise<void> {
  await page.getByLabel('NetSuite account ID (optional)').fill(account);
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Connect NetSuite' }).click(),
  ]);
  await signIn(popup);
  await decide(popup);
}

const allow = (role?: string) => async (popup: Page) => {
  if (role) await popup.getByLabel('Role (Change Role)').selectOption(role);
  await popup.getByRole('button', { name: 'Allow' }).click();
};

async function statusText(expected: RegExp): Promise<string> {
  await expect.poll(async () => page.locator('#status').textContent(), { timeout: 15_000 }).toMatch(expected);
  return (await page.locator('#status').textContent()) ?? '';
}

describe('demo SaaS in a real browser', () => {
  it('connects in a popup and lists the connection', async () => {
    await connectInPopup('1234567_SB1', allow());
    await statusText(/Connected NetSuite account 1234567_SB1/);
    const row = page.locator('tr[data-account="1234567_SB1"]');
    await expect.poll(() => row.textContent()).toContain('active');
    expect(await row.textContent()).toContain('3');
  });

  it('connects in the same window by redirect', async () => {
    await page.getByLabel('NetSuite account ID (optional)').fill('2345678');
    await page.getByRole('button', { name: 'Connect in this window' }).click();
    await page.waitForURL(/authorizetoken\.nl/);
    await signIn(page);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(demoUrl);
    await statusText(/Connected NetSuite account 2345678/);
    await expect.poll(() => page.locator('tr[data-account="2345678"]').count()).toBe(1);
  });

  it('shows access_denied when the user denies', async () => {
    await connectInPopup('3456789', async (popup) => popup.getByRole('button', { name: 'Deny' }).click());
    const text = await statusText(/not allowed/);
    expect(text).toContain('Access was not allowed in NetSuite');
    expect(await page.locator('#status').getAttribute('data-reason')).toBe('access_denied');
    expect(await page.locator('tr[data-account="3456789"]').count()).toBe(0);
  });

  it('records the role chosen with Change Role', async () => {
    await connectInPopup('4567890', allow('1040'));
    await statusText(/Connected/);
    await expect.poll(() => page.locator('tr[data-account="4567890"] td').nth(1).textContent()).toBe('1040');
    expect((await t.api(`/tenants/${tenant}/connections/4567890`)).body.role).toBe('1040');
  });

  it('shows link_expired for a link opened too late', async () => {
    const created = await t.createLink(tenant, {
      returnUrl: demoUrl,
      accountId: '5678901',
      expiresInSeconds: 60,
    });
    t.clock.advance(61);
    try {
      await page.goto(created.body.url);
      await page.waitForURL(demoUrl);
      expect(await statusText(/expired/)).toContain('This onboarding link has expired');
      expect(await page.locator('#status').getAttribute('data-reason')).toBe('link_expired');
    } finally {
      t.clock.advance(-61);
    }
  });

  it('reconnects an account, leaving one live token', async () => {
    await connectInPopup('6789012', allow());
    await statusText(/Connected/);
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Reconnect 6789012' }).click(),
    ]);
    // The simulator remembers the sign-in of this browser: straight to consent.
    await popup.waitForSelector('#role');
    await popup.getByLabel('Role (Change Role)').selectOption('1032');
    await popup.getByRole('button', { name: 'Allow' }).click();
    await expect.poll(() => page.locator('tr[data-account="6789012"] td').nth(1).textContent()).toBe('1032');
    expect(await page.locator('tr[data-account="6789012"]').count()).toBe(1);
    expect(t.simulator.liveTokens({ accountId: '6789012' })).toHaveLength(1);
  });

  it('disconnects an account, revoking its token', async () => {
    await connectInPopup('7890123', allow());
    await statusText(/Connected/);
    await expect.poll(() => page.locator('tr[data-account="7890123"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Disconnect 7890123' }).click();
    await statusText(/Disconnected NetSuite account 7890123/);
    await expect.poll(() => page.locator('tr[data-account="7890123"]').count()).toBe(0);
    expect(t.simulator.liveTokens({ accountId: '7890123' })).toEqual([]);
  });

  it('connects without an account id: the user picks the account while signing in at NetSuite', async () => {
    await connectInPopup('', async (popup) => {
      await popup.getByLabel('Account').fill('9012345');
      await popup.getByRole('button', { name: 'Allow' }).click();
    });
    await statusText(/Connected NetSuite account 9012345/);
    await expect.poll(() => page.locator('tr[data-account="9012345"]').count()).toBe(1);
  });

  it('reports a popup closed by the user', async () => {
    await page.getByLabel('NetSuite account ID (optional)').fill('8901234');
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Connect NetSuite' }).click(),
    ]);
    await popup.waitForSelector('#email');
    await popup.close();
    expect(await statusText(/closed/)).toContain('The NetSuite window was closed');
    expect(await page.locator('#status').getAttribute('data-reason')).toBe('closed');
  });
});
