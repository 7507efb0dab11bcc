import { ListSecretVersionIdsCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Fault, SimulatedEndpoint } from '../local/simulator/simulator.js';
import { TestBrowser } from './support/browser.js';
import { expectNoOrphanedTokens } from './support/custody.js';
import { RETURN_URL, startTestStack, type TestStack } from './support/test-stack.js';

/**
 * Concurrency, injected faults at every step, and clock skew, all on DynamoDB Local, moto and the
 * simulator. Every scenario ends with the custody invariant: no live token that no secret holds.
 */
const failingAws = new Map<string, Error>();
const NETSUITE_DEADLINE_MS = 1000;
let t: TestStack;
let counter = 0;
const tally = { concurrentDeliveries: 0, concurrentOnboardings: 0, faultsInjected: 0 };

beforeAll(async () => {
  t = await startTestStack({
    awsFaults: (command) => failingAws.get(command),
    netsuiteTimeoutMs: NETSUITE_DEADLINE_MS,
  });
});

afterAll(async () => {
  console.log(
    `reliability: ${tally.concurrentDeliveries} concurrent callback deliveries, ` +
      `${tally.concurrentOnboardings} concurrent onboardings, ${tally.faultsInjected} faults injected`,
  );
  await t.stop();
});

beforeEach(() => {
  failingAws.clear();
  for (const endpoint of ['requesttoken', 'accesstoken', 'revoketoken', 'tokeninfo'] as const) {
    t.simulator.setFault(endpoint, undefined);
  }
  t.setSimulatorSkew(0);
});

function subject() {
  counter += 1;
  return { tenant: `reliable-${counter}`, account: `${3000000 + counter}` };
}

async function link(tenant: string, account: string): Promise<string> {
  const created = await t.createLink(tenant, { returnUrl: RETURN_URL, accountId: account });
  expect(created.status).toBe(201);
  return created.body.url;
}

async function outcome(linkUrl: string): Promise<Record<string, string>> {
  return Object.fromEntries((await t.onboard(linkUrl)).final.searchParams);
}

/** Start and consent in one browser; stop right before our callback. */
async function reachCallback(linkUrl: string) {
  const browser = new TestBrowser();
  const start = await browser.get(linkUrl);
  const consent = await browser.get(start.location ?? '');
  return { browser, callbackUrl: consent.location ?? '' };
}

describe('concurrency', () => {
  it('answers 100 concurrent deliveries of one callback with one exchange and 99 clean refusals', async () => {
    const { tenant, account } = subject();
    const { browser, callbackUrl } = await reachCallback(await link(tenant, account));
    const exchanges = t.simulator.exchanges;
    tally.concurrentDeliveries += 100;
    const answers = await Promise.all(Array.from({ length: 100 }, () => browser.get(callbackUrl)));

    const connected = answers.filter((answer) => answer.location?.includes('status=connected'));
    const refused = answers.filter(
      (answer) => answer.status === 400 && answer.body.includes('request_unknown'),
    );
    expect(connected).toHaveLength(1);
    expect(refused).toHaveLength(99);
    expect(t.simulator.exchanges - exchanges).toBe(1);
    const versions = await t.secrets.send(
      new ListSecretVersionIdsCommand({
        SecretId: `${t.stack.names.tokenPrefix}/tenants/${tenant}/netsuite/${account}`,
      }),
    );
    expect(versions.Versions).toHaveLength(1);
    expect((await t.api(`/tenants/${tenant}/connections`)).body.connections).toHaveLength(1);
  });

  it('lets two flows from one link that finish at once connect exactly once', async () => {
    for (const accountless of [false, true]) {
      const { tenant, account } = subject();
      const created = await t.createLink(tenant, {
        returnUrl: RETURN_URL,
        ...(accountless ? {} : { accountId: account }),
      });
      const flows = await Promise.all([reachCallback(created.body.url), reachCallback(created.body.url)]);
      tally.concurrentOnboardings += 2;
      const answers = await Promise.all(flows.map((flow) => flow.browser.get(flow.callbackUrl)));
      const results = answers.map((answer) => {
        // The later start replaced the earlier flow: that one is unknown (a page), or link_used once the
        // other has claimed the link (a redirect).
        if (answer.location === undefined)
          return /request_unknown/.test(answer.body) ? 'request_unknown' : '?';
        const back = new URL(answer.location).searchParams;
        return back.get('status') === 'connected' ? 'connected' : back.get('reason');
      });
      expect(results).toContain('connected');
      expect(results.filter((result) => result !== 'connected')).toSatisfy(
        (others: unknown[]) =>
          others.length === 1 && ['link_used', 'request_unknown'].includes(String(others[0])),
      );
      expect((await t.api(`/tenants/${tenant}/connections`)).body.connections).toHaveLength(1);
      await expectNoOrphanedTokens(t);
    }
  });

  it('connects 50 tenants onboarding at once, each to its own account and secret', async () => {
    const subjects = Array.from({ length: 50 }, subject);
    tally.concurrentOnboardings += 50;
    const links = await Promise.all(subjects.map(({ tenant, account }) => link(tenant, account)));
    const results = await Promise.all(links.map((url) => outcome(url)));
    results.forEach((result, i) => {
      expect(result).toEqual({ status: 'connected', account: subjects[i]?.account });
    });
    for (const { tenant, account } of subjects) {
      const stored = await t.tokenSecretValue(tenant, account);
      expect(stored).toMatchObject({ tenantId: tenant, accountId: account });
      const issued = t.simulator.accessTokens.find((token) => token.tokenId === stored.tokenId);
      expect(issued?.accountId).toBe(account);
      const listed = (await t.api(`/tenants/${tenant}/connections`)).body.connections;
      expect(listed.map((c: { accountId: string }) => c.accountId)).toEqual([account]);
    }
    await expectNoOrphanedTokens(t);
  });

  it('ends concurrent re-authorization and deletion in a consistent state', async () => {
    const { tenant, account } = subject();
    await outcome(await link(tenant, account));
    const reauth = link(tenant, account).then(outcome);
    const deletion = t.api(`/tenants/${tenant}/connections/${account}`, { method: 'DELETE' });
    await Promise.all([reauth, deletion]);
    await t.stack.sweepRevocations();

    const connection = await t.api(`/tenants/${tenant}/connections/${account}`);
    const secretExists = (await t.tokenSecretNames()).some((name) =>
      name.endsWith(`/${tenant}/netsuite/${account}`),
    );
    const live = t.simulator.liveTokens({ accountId: account });
    if (connection.status === 200) {
      expect(secretExists).toBe(true);
      expect(live).toHaveLength(1);
      expect((await t.tokenSecretValue(tenant, account)).tokenId).toBe(live[0]?.tokenId);
    } else {
      expect(connection.status).toBe(404);
      expect(secretExists).toBe(false);
      expect(live).toEqual([]);
    }
    await expectNoOrphanedTokens(t);
  });
});

const envelope = (code: string) => JSON.stringify({ error: { code, message: code } });
const NETSUITE_FAULTS: Array<[string, Fault, string]> = [
  ['HTTP 503', { status: 503, body: '<html>unavailable</html>' }, 'netsuite_unavailable'],
  [
    '401 with the error envelope',
    { status: 401, body: envelope('INVALID_LOGIN_ATTEMPT') },
    'netsuite_rejected',
  ],
  ['a truncated body', { status: 200, body: 'oauth_token=abc&oauth_tok' }, 'netsuite_unavailable'],
  ['a hang', { status: 200, body: '', delayMs: Number.POSITIVE_INFINITY }, 'netsuite_unavailable'],
];

describe('NetSuite faults', () => {
  it.each([
    ...NETSUITE_FAULTS,
    [
      'oauth_callback_confirmed=false',
      { status: 200, body: 'oauth_token=a&oauth_token_secret=b&oauth_callback_confirmed=false\n' },
      'callback_not_confirmed',
    ] as [string, Fault, string],
  ])('at requesttoken (%s): %s, then the same link works', async (_, fault, reason) => {
    const { tenant, account } = subject();
    const url = await link(tenant, account);
    t.simulator.setFault('requesttoken', fault);
    tally.faultsInjected += 1;
    const started = Date.now();
    expect(await outcome(url)).toMatchObject({ status: 'error', reason });
    expect(Date.now() - started).toBeLessThan(NETSUITE_DEADLINE_MS + 2000);
    t.simulator.setFault('requesttoken', undefined);
    expect(await outcome(url)).toEqual({ status: 'connected', account });
  });

  it.each(NETSUITE_FAULTS)(
    'at accesstoken (%s): %s, nothing stored, then the same link works',
    async (_, fault, reason) => {
      const { tenant, account } = subject();
      const url = await link(tenant, account);
      t.simulator.setFault('accesstoken', fault);
      tally.faultsInjected += 1;
      expect(await outcome(url)).toMatchObject({ status: 'error', reason });
      expect((await t.api(`/tenants/${tenant}/connections`)).body.connections).toEqual([]);
      expect((await t.tokenSecretNames()).filter((name) => name.includes(`/${tenant}/`))).toEqual([]);
      t.simulator.setFault('accesstoken', undefined);
      expect(await outcome(url)).toEqual({ status: 'connected', account });
      await expectNoOrphanedTokens(t);
    },
  );

  it('connects when NetSuite is slow but within the deadline', async () => {
    const { tenant, account } = subject();
    for (const endpoint of ['requesttoken', 'accesstoken'] as SimulatedEndpoint[]) {
      t.simulator.setFault(endpoint, undefined);
    }
    tally.faultsInjected += 1;
    const url = await link(tenant, account);
    const slow = { status: 503, body: '', delayMs: NETSUITE_DEADLINE_MS / 4 };
    t.simulator.setFault('tokeninfo', slow);
    expect(await outcome(url)).toEqual({ status: 'connected', account });
  });
});

describe('AWS faults', () => {
  const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
  const network = () => Object.assign(new Error('connect ECONNREFUSED'), { name: 'TimeoutError' });

  it('answers storage_unavailable when the pending record cannot be saved, and the link still works', async () => {
    const { tenant, account } = subject();
    const url = await link(tenant, account);
    failingAws.set('UpdateItemCommand', throttled());
    tally.faultsInjected += 1;
    expect(await outcome(url)).toMatchObject({ status: 'error', reason: 'storage_unavailable' });
    failingAws.clear();
    expect(await outcome(url)).toEqual({ status: 'connected', account });
  });

  it('revokes the new token when Secrets Manager cannot store it, and the link still works', async () => {
    const { tenant, account } = subject();
    const url = await link(tenant, account);
    failingAws.set('CreateSecretCommand', network());
    failingAws.set('PutSecretValueCommand', network());
    tally.faultsInjected += 2;
    expect(await outcome(url)).toMatchObject({ status: 'error', reason: 'storage_unavailable' });
    const minted = t.simulator.accessTokens.filter((token) => token.accountId === account);
    expect(minted).toHaveLength(1);
    expect(minted[0]?.revoked).toBe(true);
    expect((await t.api(`/tenants/${tenant}/connections`)).body.connections).toEqual([]);
    await expectNoOrphanedTokens(t);

    failingAws.clear();
    expect(await outcome(url)).toEqual({ status: 'connected', account });
    await expectNoOrphanedTokens(t);
  });

  it('shows a clean page when the pending record cannot be read, exchanging nothing', async () => {
    const { tenant, account } = subject();
    const { browser, callbackUrl } = await reachCallback(await link(tenant, account));
    const exchanges = t.simulator.exchanges;
    failingAws.set('UpdateItemCommand', network());
    tally.faultsInjected += 1;
    const answer = await browser.get(callbackUrl);
    expect(answer.status).toBe(503);
    expect(answer.body).toContain('storage_unavailable');
    expect(t.simulator.exchanges).toBe(exchanges);
  });

  it('still connects when EventBridge refuses events, and publishes them once it accepts again', async () => {
    const { tenant, account } = subject();
    await t.events(); // earlier scenarios' events
    failingAws.set('PutEventsCommand', throttled());
    tally.faultsInjected += 1;
    expect(await outcome(await link(tenant, account))).toEqual({ status: 'connected', account });
    await expect(t.events()).rejects.toThrow();
    failingAws.clear();
    const published = (await t.events()).filter((event) => event.detail.accountId === account);
    expect(published.map((event) => event['detail-type'])).toEqual(['connection.created']);
  });

  it('answers a management call with 503 STORAGE_UNAVAILABLE when DynamoDB fails', async () => {
    failingAws.set('QueryCommand', network());
    tally.faultsInjected += 1;
    const answer = await t.api('/tenants/acme/connections');
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('STORAGE_UNAVAILABLE');
  });
});

describe('clock and replay', () => {
  it("works with NetSuite's clock up to 5 minutes off, and names the skew beyond", async () => {
    const { tenant, account } = subject();
    t.setSimulatorSkew(280);
    expect(await outcome(await link(tenant, account))).toEqual({ status: 'connected', account });

    const other = subject();
    t.setSimulatorSkew(-400);
    expect(await outcome(await link(other.tenant, other.account))).toMatchObject({
      reason: 'netsuite_rejected',
    });
    expect(
      t.logs.some(
        (line) => line.includes('InvalidTimestamp') && line.includes('differ by more than 5 minutes'),
      ),
    ).toBe(true);
  });
});
