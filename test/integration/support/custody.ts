import { expect } from 'vitest';
import type { TestStack } from './test-stack.js';

/**
 * The invariant of token custody: every token NetSuite still accepts is held in some tenant secret (as
 * current or superseded). A live token that no secret holds would be orphaned: usable, and forgotten.
 */
export async function expectNoOrphanedTokens(t: TestStack): Promise<void> {
  const held = new Set<string>();
  for (const name of await t.tokenSecretNames()) {
    const match = /\/tenants\/([^/]+)\/netsuite\/([^/]+)$/.exec(name);
    if (!match?.[1] || !match[2]) continue;
    const value = await t.tokenSecretValue(match[1], match[2]);
    held.add(String(value.tokenId));
    for (const old of (value.superseded as Array<{ tokenId: string }>) ?? []) held.add(old.tokenId);
  }
  const orphans = t.simulator.liveTokens().filter((token) => !held.has(token.tokenId));
  expect(orphans.map((token) => token.accountId)).toEqual([]);
}
