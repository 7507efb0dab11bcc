import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import { parseJsonOrUndefined } from '../core/json.js';
import type { HeldToken, TokenSet, TokenVault } from '../core/ports.js';
import { createSecret, deleteSecret, type SecretWrite, writeSecret } from './secret-writes.js';
import { isAwsError, storageFailure } from './storage-failure.js';

/** The secret that holds one tenant's tokens for one NetSuite account. */
export function tokenSecretName(prefix: string, tenantId: string, accountId: string): string {
  return `${prefix}/tenants/${tenantId}/netsuite/${accountId}`;
}

const heldTokenSchema = z.object({
  tokenId: z.string().check(z.minLength(1)),
  tokenSecret: z.string().check(z.minLength(1)),
  consumerKey: z.string().check(z.minLength(1)),
  role: z.nullable(z.string()),
  entity: z.nullable(z.string()),
  issuedAt: z.string(),
});

/**
 * The secret's value: the current token at the top level (what the SaaS reads), superseded tokens that
 * still await revocation in `superseded`.
 */
const secretValueSchema = z.extend(heldTokenSchema, {
  tenantId: z.string(),
  accountId: z.string(),
  superseded: z._default(z.array(heldTokenSchema), []),
});

type StoredToken = z.infer<typeof heldTokenSchema>;

const toStored = (token: HeldToken): StoredToken => ({
  tokenId: token.tokenId,
  tokenSecret: token.tokenSecret,
  consumerKey: token.consumerKey,
  role: token.role ?? null,
  entity: token.entity ?? null,
  issuedAt: new Date(token.issuedAt * 1000).toISOString(),
});

const fromStored = (token: StoredToken): HeldToken => ({
  tokenId: token.tokenId,
  tokenSecret: token.tokenSecret,
  consumerKey: token.consumerKey,
  role: token.role ?? undefined,
  entity: token.entity ?? undefined,
  issuedAt: Math.floor(Date.parse(token.issuedAt) / 1000),
});

/**
 * One secret per tenant + account; every change (a re-authorization, a revocation done) is a new version
 * of it. Writes carry a ClientRequestToken, so a retried write creates no extra version.
 */
export class SecretsManagerTokenVault implements TokenVault {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly options: { prefix: string; kmsKeyId: string | undefined },
  ) {}

  async read(tenantId: string, accountId: string): Promise<TokenSet | undefined> {
    let value: string | undefined;
    try {
      const secret = await this.client.send(
        new GetSecretValueCommand({ SecretId: tokenSecretName(this.options.prefix, tenantId, accountId) }),
      );
      value = secret.SecretString;
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
      throw storageFailure('read token secret', error);
    }
    const parsed = secretValueSchema.safeParse(parseJsonOrUndefined(value));
    if (!parsed.success) throw storageFailure('read token secret', new Error('unexpected secret content'));
    const { superseded, ...current } = parsed.data;
    return { tenantId, accountId, current: fromStored(current), superseded: superseded.map(fromStored) };
  }

  async create(set: TokenSet, idempotencyKey: string): Promise<{ secretArn: string } | undefined> {
    const created = await createSecret(this.client, this.secretWrite(set, idempotencyKey));
    return created === undefined ? undefined : { secretArn: created.arn };
  }

  async write(set: TokenSet, idempotencyKey: string): Promise<{ secretArn: string }> {
    const { arn } = await writeSecret(this.client, this.secretWrite(set, idempotencyKey));
    return { secretArn: arn };
  }

  private secretWrite(set: TokenSet, idempotencyKey: string): SecretWrite {
    return {
      name: tokenSecretName(this.options.prefix, set.tenantId, set.accountId),
      value: JSON.stringify({
        ...toStored(set.current),
        tenantId: set.tenantId,
        accountId: set.accountId,
        superseded: set.superseded.map(toStored),
      }),
      description: `NetSuite token of tenant ${set.tenantId} for account ${set.accountId}`,
      tags: [
        { Key: 'netsuite-connect:tenant', Value: set.tenantId },
        { Key: 'netsuite-connect:account', Value: set.accountId },
      ],
      kmsKeyId: this.options.kmsKeyId,
      idempotencyKey,
    };
  }

  async remove(tenantId: string, accountId: string): Promise<void> {
    await deleteSecret(this.client, tokenSecretName(this.options.prefix, tenantId, accountId));
  }
}
