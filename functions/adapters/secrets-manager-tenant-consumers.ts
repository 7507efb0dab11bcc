import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import type { ConsumerCredentials, TenantConsumerStore } from '../core/ports.js';
import { deleteSecret, writeSecret } from './secret-writes.js';
import { isAwsError, storageFailure } from './storage-failure.js';

const valueSchema = z.object({
  consumerKey: z.string().check(z.minLength(1)),
  consumerSecret: z.string().check(z.minLength(1)),
});

/** A tenant's own integration record, as `<prefix>/tenants/<tenantId>/consumer`. */
export class SecretsManagerTenantConsumers implements TenantConsumerStore {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly options: { prefix: string; kmsKeyId: string | undefined },
  ) {}

  private name(tenantId: string): string {
    return `${this.options.prefix}/tenants/${tenantId}/consumer`;
  }

  async read(tenantId: string): Promise<ConsumerCredentials | undefined> {
    try {
      const secret = await this.client.send(new GetSecretValueCommand({ SecretId: this.name(tenantId) }));
      const parsed = valueSchema.safeParse(JSON.parse(secret.SecretString ?? 'null'));
      return parsed.success
        ? { key: parsed.data.consumerKey, secret: parsed.data.consumerSecret }
        : undefined;
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
      throw storageFailure('read tenant consumer', error);
    }
  }

  async write(tenantId: string, credentials: ConsumerCredentials): Promise<void> {
    await writeSecret(this.client, {
      name: this.name(tenantId),
      value: JSON.stringify({ consumerKey: credentials.key, consumerSecret: credentials.secret }),
      description: `NetSuite integration record of tenant ${tenantId}`,
      tags: [{ Key: 'netsuite-connect:tenant', Value: tenantId }],
      kmsKeyId: this.options.kmsKeyId,
    });
  }

  async remove(tenantId: string): Promise<void> {
    await deleteSecret(this.client, this.name(tenantId));
  }
}
