import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import { FlowError } from '../core/errors.js';
import { parseJsonOrUndefined } from '../core/json.js';
import type { ConsumerCredentials, LinkSigningKeySource } from '../core/ports.js';
import { storageFailure } from './storage-failure.js';

/**
 * Reads a secret once per container and keeps it. A failed read is not cached, so the next request
 * tries again instead of failing until the container is recycled.
 */
function cachedSecret<T>(client: SecretsManagerClient, secretId: string, parse: (value: string) => T) {
  let cached: Promise<T> | undefined;
  return (): Promise<T> => {
    cached ??= (async () => {
      let value: string | undefined;
      try {
        value = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
      } catch (error) {
        throw storageFailure(`read secret ${secretId}`, error);
      }
      return parse(value ?? '');
    })().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

const consumerCredentialsSchema = z.object({
  consumerKey: z.string().check(z.minLength(1)),
  consumerSecret: z.string().check(z.minLength(1)),
});

/** The deployment's integration record: consumer key and secret as `{"consumerKey","consumerSecret"}`. */
export function secretsManagerDeploymentConsumer(
  client: SecretsManagerClient,
  secretId: string,
): () => Promise<ConsumerCredentials> {
  return cachedSecret(client, secretId, (value): ConsumerCredentials => {
    const parsed = consumerCredentialsSchema.safeParse(parseJsonOrUndefined(value));
    if (!parsed.success) {
      throw new FlowError('internal', `Secret ${secretId} must hold {"consumerKey","consumerSecret"}`);
    }
    return { key: parsed.data.consumerKey, secret: parsed.data.consumerSecret };
  });
}

/** The key that signs onboarding links: at least 32 characters of random text. */
export function secretsManagerLinkSigningKey(
  client: SecretsManagerClient,
  secretId: string,
): LinkSigningKeySource {
  const read = cachedSecret(client, secretId, (value) => {
    if (value.length < 32)
      throw new FlowError('internal', `Secret ${secretId} must hold at least 32 characters`);
    return value;
  });
  return { get: read };
}
