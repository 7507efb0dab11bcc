import { describe, expect, it } from 'vitest';
import { createConsumerCredentials } from '../../../functions/core/consumer-credentials.js';
import type { ConsumerCredentials, TenantConsumerStore } from '../../../functions/core/ports.js';
import { fixedClock } from './fakes.js';

const deploymentRecord = { key: 'deployment-key', secret: 'deployment-secret' };
const tenantRecord = { key: 'tenant-key', secret: 'tenant-secret' };

function setup() {
  const stored = new Map<string, ConsumerCredentials>([['own', tenantRecord]]);
  let reads = 0;
  const tenants: TenantConsumerStore = {
    async read(tenantId) {
      reads += 1;
      return stored.get(tenantId);
    },
    async write(tenantId, credentials) {
      stored.set(tenantId, credentials);
    },
    async remove(tenantId) {
      stored.delete(tenantId);
    },
  };
  const clock = fixedClock(1_700_000_000_000);
  const source = createConsumerCredentials({ deployment: async () => deploymentRecord, tenants, clock });
  return { source, clock, stored, reads: () => reads };
}

describe('createConsumerCredentials', () => {
  it("uses the tenant's own record when it has one, the deployment's otherwise", async () => {
    const { source } = setup();
    expect(await source.get('own')).toEqual(tenantRecord);
    expect(await source.get('other')).toEqual(deploymentRecord);
  });

  it('finds the record a token was minted with by its consumer key', async () => {
    const { source } = setup();
    expect(await source.get('own', 'deployment-key')).toEqual(deploymentRecord);
    expect(await source.get('own', 'tenant-key')).toEqual(tenantRecord);
    await expect(source.get('other', 'tenant-key')).rejects.toMatchObject({ reason: 'internal' });
    expect(await source.find('other', 'tenant-key')).toBeUndefined();
    expect(await source.find('own', 'tenant-key')).toEqual(tenantRecord);
  });

  it("needs no tenant lookup for the deployment's own key", async () => {
    const { source, reads } = setup();
    expect(await source.get('anyone', 'deployment-key')).toEqual(deploymentRecord);
    expect(reads()).toBe(0);
  });

  it('caches what it read about a tenant for a minute', async () => {
    const { source, clock, stored, reads } = setup();
    await source.get('own');
    stored.delete('own');
    expect(await source.get('own')).toEqual(tenantRecord);
    expect(reads()).toBe(1);
    clock.advance(61);
    expect(await source.get('own')).toEqual(deploymentRecord);
  });
});
