import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONSUMER } from '../local/defaults.js';
import { type Hop, TestBrowser } from './support/browser.js';
import { RETURN_URL, startTestStack, type TestStack } from './support/test-stack.js';

let t: TestStack;

beforeAll(async () => {
  t = await startTestStack();
});

afterAll(async () => {
  await t.stop();
});

describe('secret hygiene', () => {
  it('keeps every secret of full flows out of logs, our URLs, headers and bodies', async () => {
    const ours: Hop[] = [];
    const apiBodies: string[] = [];
    const isOurs = (hop: Hop) => new URL(hop.url).port === new URL(t.stack.apiUrl).port;

    // A success, a replay of its callback, a denial and a failed state check: every path writes logs.
    const created = await t.createLink('hygiene', { returnUrl: RETURN_URL, accountId: '1234567' });
    apiBodies.push(JSON.stringify(created.body));
    const browser = new TestBrowser();
    const { hops } = await browser.follow(created.body.url, RETURN_URL);
    ours.push(...hops.filter(isOurs));
    const callback = hops.find((hop) => hop.url.includes('/connect/callback'));
    if (!callback) throw new Error('no callback hop');
    ours.push(await browser.get(callback.url));

    t.simulator.setConsent({ kind: 'deny' });
    const denied = await t.createLink('hygiene', { returnUrl: RETURN_URL, accountId: '7654321' });
    ours.push(...(await new TestBrowser().follow(denied.body.url, RETURN_URL)).hops.filter(isOurs));
    t.simulator.setConsent({ kind: 'allow', role: '3' });

    // The lifecycle: a re-authorization (revoking the superseded token), a failed revocation, verify,
    // a tenant-owned integration record, a NetSuite refusal, and deletion.
    const again = await t.createLink('hygiene', { returnUrl: RETURN_URL, accountId: '1234567' });
    ours.push(...(await new TestBrowser().follow(again.body.url, RETURN_URL)).hops.filter(isOurs));
    t.simulator.setFault('revoketoken', { status: 503, body: 'down' });
    const third = await t.createLink('hygiene', { returnUrl: RETURN_URL, accountId: '1234567' });
    ours.push(...(await new TestBrowser().follow(third.body.url, RETURN_URL)).hops.filter(isOurs));
    t.simulator.setFault('revoketoken', undefined);
    apiBodies.push(
      JSON.stringify((await t.api('/tenants/hygiene/connections/1234567/verify', { method: 'POST' })).body),
    );
    const own = { consumerKey: 'c3'.repeat(32), consumerSecret: 'd4'.repeat(32) };
    t.simulator.registerIntegration({
      applicationName: 'Own',
      ...own,
      callbackUrl: `${t.stack.apiUrl}/connect/callback`,
    });
    apiBodies.push(
      JSON.stringify(
        (await t.api('/tenants/hygiene-own/consumer', { method: 'PUT', body: JSON.stringify(own) })).body ??
          '',
      ),
    );
    const viaOwn = await t.createLink('hygiene-own', { returnUrl: RETURN_URL, accountId: '2222222' });
    ours.push(...(await new TestBrowser().follow(viaOwn.body.url, RETURN_URL)).hops.filter(isOurs));
    t.simulator.setFault('accesstoken', {
      status: 401,
      body: '{"error":{"code":"InvalidSignature","message":"x"}}',
    });
    const refused = await t.createLink('hygiene', { returnUrl: RETURN_URL, accountId: '3333333' });
    ours.push(...(await new TestBrowser().follow(refused.body.url, RETURN_URL)).hops.filter(isOurs));
    t.simulator.setFault('accesstoken', undefined);
    apiBodies.push(JSON.stringify((await t.api('/tenants/hygiene-own/connections/2222222')).body));
    apiBodies.push(
      JSON.stringify(
        (await t.api('/tenants/hygiene-own/connections/2222222', { method: 'DELETE' })).body ?? '',
      ),
    );

    const listed = await t.api('/tenants/hygiene/connections');
    apiBodies.push(JSON.stringify(listed.body));
    const events = JSON.stringify(await t.events());

    const linkKey = await t.secrets.send(
      new GetSecretValueCommand({ SecretId: t.stack.names.linkSigningKeySecretId }),
    );
    const secrets = new Map<string, string>([
      ['consumer secret', DEMO_CONSUMER.secret],
      ["tenant's consumer secret", own.consumerSecret],
      ['link signing key', linkKey.SecretString ?? ''],
    ]);
    for (const [i, token] of t.simulator.accessTokens.entries())
      secrets.set(`token secret ${i}`, token.tokenSecret);
    for (const [i, issued] of t.simulator.issuedRequestTokens.entries()) {
      secrets.set(`request-token secret ${i}`, issued.secret);
      if (issued.verifier) secrets.set(`verifier ${i}`, issued.verifier);
    }
    expect(t.simulator.accessTokens.length).toBe(4);
    expect(secrets.size).toBeGreaterThanOrEqual(15);

    const outputs = [
      ...t.logs.map((line) => ({ where: 'log line', text: line })),
      ...apiBodies.map((text) => ({ where: 'management response', text })),
      { where: 'lifecycle events', text: events },
      ...ours.flatMap((hop) => [
        { where: `body of ${hop.url}`, text: hop.body },
        { where: `headers of ${hop.url}`, text: JSON.stringify([...hop.headers]) },
        { where: 'redirect URL', text: hop.location ?? '' },
      ]),
    ];
    // The callback URL itself carries the verifier: NetSuite puts it there, we never do.
    const callbackRequestUrls = ours
      .filter((hop) => !hop.url.includes('/connect/callback'))
      .map((hop) => hop.url);
    outputs.push(...callbackRequestUrls.map((url) => ({ where: 'request URL', text: url })));

    console.log(
      `secret hygiene: ${secrets.size} secrets checked against ${t.logs.length} log lines and ${outputs.length - t.logs.length} bodies, headers, URLs and event batches`,
    );
    expect(t.logs.length).toBeGreaterThan(5);
    for (const [name, value] of secrets) {
      expect(value.length).toBeGreaterThan(10);
      for (const output of outputs) {
        expect(output.text.includes(value), `${name} leaked in ${output.where}`).toBe(false);
      }
    }
  });
});
