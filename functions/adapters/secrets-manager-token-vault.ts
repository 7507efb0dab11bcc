import {
  CreateSecretCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { TokenToStore, TokenVault } from '../core/ports.js';
import { isAwsError, storageFailure } from './storage-failure.js';

/** The secret that holds one tenant's token for one NetSuite account. */
export function tokenSecretName(prefix: string, tenantId: string, accountId: string): string {
  return `${prefix}/tenants/${tenantId}/netsuite/${accountId}`;
}

/**
 * One secret per tenant + account; a re-authorization becomes a new version of the same secret. Every
 * write carries a ClientRequestToken derived from the flow, so a retried write creates no extra version.
 */
export class SecretsManagerTokenVault implements TokenVault {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly options: { prefix: string; kmsKeyId: string | undefined },
  ) {}

  async store(token: TokenToStore): Promise<{ secretArn: string }> {
    const name = tokenSecretName(this.options.prefix, token.tenantId, token.accountId);
    const value = JSON.stringify({
      tokenId: token.tokenId,
      tokenSecret: token.tokenSecret,
      consumerKey: token.consumerKey,
      accountId: token.accountId,
      tenantId: token.tenantId,
      role: token.role ?? null,
      entity: token.entity ?? null,
      issuedAt: new Date(token.issuedAt * 1000).toISOString(),
    });
    try {
      const created = await this.client.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: value,
          ClientRequestToken: token.idempotencyKey,
          Description: `NetSuite token of tenant ${token.tenantId} for account ${token.accountId}`,
          ...(this.options.kmsKeyId === undefined ? {} : { KmsKeyId: this.options.kmsKeyId }),
          Tags: [
            { Key: 'netsuite-connect:tenant', Value: token.tenantId },
            { Key: 'netsuite-connect:account', Value: token.accountId },
          ],
        }),
      );
      return { secretArn: required(created.ARN) };
    } catch (error) {
      if (!isAwsError(error, 'ResourceExistsException')) throw storageFailure('create token secret', error);
    }
    try {
      const updated = await this.client.send(
        new PutSecretValueCommand({
          SecretId: name,
          SecretString: value,
          ClientRequestToken: token.idempotencyKey,
        }),
      );
      return { secretArn: required(updated.ARN) };
    } catch (error) {
      throw storageFailure('update token secret', error);
    }
  }
}

function required(arn: string | undefined): string {
  if (arn === undefined) throw new Error('Secrets Manager returned no ARN');
  return arn;
}
