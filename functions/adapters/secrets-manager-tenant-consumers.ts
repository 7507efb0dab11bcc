import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { ConsumerCredentials, TenantConsumerStore } from '../core/ports.js';
import { isAwsError, storageFailure } from './storage-failure.js';

const valueSchema = z.object({ consumerKey: z.string().min(1), consumerSecret: z.string().min(1) });

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
    const value = JSON.stringify({ consumerKey: credentials.key, consumerSecret: credentials.secret });
    try {
      await this.client.send(
        new CreateSecretCommand({
          Name: this.name(tenantId),
          SecretString: value,
          Description: `NetSuite integration record of tenant ${tenantId}`,
          ...(this.options.kmsKeyId === undefined ? {} : { KmsKeyId: this.options.kmsKeyId }),
          Tags: [{ Key: 'netsuite-connect:tenant', Value: tenantId }],
        }),
      );
      return;
    } catch (error) {
      if (!isAwsError(error, 'ResourceExistsException'))
        throw storageFailure('create tenant consumer', error);
    }
    try {
      await this.client.send(
        new PutSecretValueCommand({ SecretId: this.name(tenantId), SecretString: value }),
      );
    } catch (error) {
      throw storageFailure('update tenant consumer', error);
    }
  }

  async remove(tenantId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteSecretCommand({ SecretId: this.name(tenantId), ForceDeleteWithoutRecovery: true }),
      );
    } catch (error) {
      if (!isAwsError(error, 'ResourceNotFoundException'))
        throw storageFailure('delete tenant consumer', error);
    }
  }
}
