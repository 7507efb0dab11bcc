import { FlowError } from './errors.js';
import type { Clock, ConsumerCredentials, ConsumerCredentialsSource, TenantConsumerStore } from './ports.js';

/** How long a container trusts what it read about a tenant's own integration record. */
export const TENANT_CONSUMER_CACHE_SECONDS = 60;

/**
 * The deployment's integration record serves every tenant unless the tenant brought its own. A token is
 * always used with the record it was minted for, found by its consumer key.
 */
export function createConsumerCredentials(deps: {
  deployment: () => Promise<ConsumerCredentials>;
  tenants: TenantConsumerStore;
  clock: Clock;
}): ConsumerCredentialsSource {
  const cache = new Map<string, { value: ConsumerCredentials | undefined; until: number }>();
  const tenantRecord = async (tenantId: string) => {
    const hit = cache.get(tenantId);
    if (hit && hit.until > deps.clock.now()) return hit.value;
    const value = await deps.tenants.read(tenantId);
    cache.set(tenantId, { value, until: deps.clock.now() + TENANT_CONSUMER_CACHE_SECONDS * 1000 });
    return value;
  };

  const source: ConsumerCredentialsSource = {
    async get(tenantId, consumerKey) {
      if (consumerKey === undefined) return (await tenantRecord(tenantId)) ?? (await deps.deployment());
      const found = await source.find(tenantId, consumerKey);
      if (found === undefined) {
        throw new FlowError(
          'internal',
          'The integration record this token was minted for is no longer configured',
        );
      }
      return found;
    },

    async find(tenantId, consumerKey) {
      // The deployment's record first: it is read once per container, the tenant's costs a lookup.
      const deployment = await deps.deployment();
      if (deployment.key === consumerKey) return deployment;
      const own = await tenantRecord(tenantId);
      return own?.key === consumerKey ? own : undefined;
    },
  };
  return source;
}
