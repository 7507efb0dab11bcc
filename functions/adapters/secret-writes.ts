import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { isAwsError, storageFailure } from './storage-failure.js';

export interface SecretWrite {
  readonly name: string;
  readonly value: string;
  readonly description: string;
  readonly tags: ReadonlyArray<{ Key: string; Value: string }>;
  readonly kmsKeyId: string | undefined;
  /** Makes a retried write a no-op instead of another version. */
  readonly idempotencyKey?: string;
}

const clientRequestToken = (write: SecretWrite) =>
  write.idempotencyKey === undefined ? {} : { ClientRequestToken: write.idempotencyKey };

/** Creates the secret with its tags, key and description; undefined when it exists already. */
export async function createSecret(
  client: SecretsManagerClient,
  write: SecretWrite,
): Promise<{ arn: string } | undefined> {
  try {
    const created = await client.send(
      new CreateSecretCommand({
        Name: write.name,
        SecretString: write.value,
        Description: write.description,
        Tags: [...write.tags],
        ...(write.kmsKeyId === undefined ? {} : { KmsKeyId: write.kmsKeyId }),
        ...clientRequestToken(write),
      }),
    );
    return { arn: required(created.ARN) };
  } catch (error) {
    if (isAwsError(error, 'ResourceExistsException')) return undefined;
    throw storageFailure(`create secret ${write.name}`, error);
  }
}

/**
 * Creates the secret, or adds a version when it exists. Tags, key and description are set at creation;
 * later versions only carry the value.
 */
export async function writeSecret(
  client: SecretsManagerClient,
  write: SecretWrite,
): Promise<{ arn: string }> {
  const created = await createSecret(client, write);
  if (created !== undefined) return created;
  const token = clientRequestToken(write);
  try {
    const updated = await client.send(
      new PutSecretValueCommand({ SecretId: write.name, SecretString: write.value, ...token }),
    );
    return { arn: required(updated.ARN) };
  } catch (error) {
    throw storageFailure(`update secret ${write.name}`, error);
  }
}

/** Deletes at once: a secret in its recovery window would block creating the same name again. */
export async function deleteSecret(client: SecretsManagerClient, name: string): Promise<void> {
  try {
    await client.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
  } catch (error) {
    if (!isAwsError(error, 'ResourceNotFoundException')) throw storageFailure(`delete secret ${name}`, error);
  }
}

function required(arn: string | undefined): string {
  if (arn === undefined) throw new Error('Secrets Manager returned no ARN');
  return arn;
}
