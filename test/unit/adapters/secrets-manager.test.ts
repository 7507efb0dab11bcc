import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  secretsManagerDeploymentConsumer,
  secretsManagerLinkSigningKey,
} from '../../../functions/adapters/secrets-manager-config-secrets.js';
import { SecretsManagerTokenVault } from '../../../functions/adapters/secrets-manager-token-vault.js';
import type { TokenSet } from '../../../functions/core/ports.js';

const secrets = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'us-east-1' });

const set: TokenSet = {
  tenantId: 'acme',
  accountId: '1234567_SB1',
  current: {
    tokenId: 'TID',
    tokenSecret: 'TS',
    consumerKey: 'ck',
    role: '3',
    entity: '7',
    issuedAt: 1_700_000_000,
  },
  superseded: [
    {
      tokenId: 'OLD',
      tokenSecret: 'OS',
      consumerKey: 'ck',
      role: '3',
      entity: undefined,
      issuedAt: 1_600_000_000,
    },
  ],
};
const key = 'a'.repeat(64);

beforeEach(() => {
  secrets.reset();
});

describe('SecretsManagerTokenVault', () => {
  it('creates one tagged secret per tenant and account, idempotently', async () => {
    secrets.on(CreateSecretCommand).resolves({ ARN: 'arn:new' });
    const vault = new SecretsManagerTokenVault(client, { prefix: 'prod/nsc', kmsKeyId: 'key-1' });
    expect(await vault.write(set, key)).toEqual({ secretArn: 'arn:new' });
    const input = secrets.commandCalls(CreateSecretCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      Name: 'prod/nsc/tenants/acme/netsuite/1234567_SB1',
      ClientRequestToken: 'a'.repeat(64),
      KmsKeyId: 'key-1',
      Tags: [
        { Key: 'netsuite-connect:tenant', Value: 'acme' },
        { Key: 'netsuite-connect:account', Value: '1234567_SB1' },
      ],
    });
    expect(JSON.parse(input?.SecretString ?? '')).toMatchObject({
      tokenId: 'TID',
      tokenSecret: 'TS',
      role: '3',
    });
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('adds a new version with the same request token when the secret exists', async () => {
    secrets
      .on(CreateSecretCommand)
      .rejects(new ResourceExistsException({ message: 'exists', $metadata: {} }));
    secrets.on(PutSecretValueCommand).resolves({ ARN: 'arn:existing' });
    const vault = new SecretsManagerTokenVault(client, { prefix: 'nsc', kmsKeyId: undefined });
    expect(await vault.write(set, key)).toEqual({ secretArn: 'arn:existing' });
    expect(secrets.commandCalls(PutSecretValueCommand)[0]?.args[0].input).toMatchObject({
      SecretId: 'nsc/tenants/acme/netsuite/1234567_SB1',
      ClientRequestToken: 'a'.repeat(64),
    });
  });

  it('creates only when no secret exists: an existing one is left as it is', async () => {
    const vault = new SecretsManagerTokenVault(client, { prefix: 'prod/nsc', kmsKeyId: undefined });
    secrets.on(CreateSecretCommand).resolves({ ARN: 'arn:new' });
    expect(await vault.create(set, key)).toEqual({ secretArn: 'arn:new' });
    secrets
      .on(CreateSecretCommand)
      .rejects(new ResourceExistsException({ message: 'exists', $metadata: {} }));
    expect(await vault.create(set, key)).toBeUndefined();
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('maps a failure to storage_unavailable without the secret in the message', async () => {
    secrets.on(CreateSecretCommand).rejects(new Error('ThrottlingException'));
    const error = await new SecretsManagerTokenVault(client, { prefix: 'nsc', kmsKeyId: undefined })
      .write(set, key)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'storage_unavailable' });
    expect(String((error as Error).message)).not.toContain('TS');
  });
});

describe('SecretsManagerTokenVault reads and removes', () => {
  it('reads back what it wrote, and undefined for no secret', async () => {
    secrets.on(CreateSecretCommand).resolves({ ARN: 'arn:new' });
    const vault = new SecretsManagerTokenVault(client, { prefix: 'nsc', kmsKeyId: undefined });
    await vault.write(set, key);
    const written = secrets.commandCalls(CreateSecretCommand)[0]?.args[0].input.SecretString;
    secrets.on(GetSecretValueCommand).resolves({ SecretString: written });
    expect(await vault.read('acme', '1234567_SB1')).toEqual(set);
    secrets
      .on(GetSecretValueCommand)
      .rejects(new ResourceNotFoundException({ message: 'none', $metadata: {} }));
    expect(await vault.read('acme', '1234567_SB1')).toBeUndefined();
  });

  it('deletes without a recovery window, and treats a missing secret as deleted', async () => {
    secrets.on(DeleteSecretCommand).resolves({});
    const vault = new SecretsManagerTokenVault(client, { prefix: 'nsc', kmsKeyId: undefined });
    await vault.remove('acme', '1234567_SB1');
    expect(secrets.commandCalls(DeleteSecretCommand)[0]?.args[0].input).toEqual({
      SecretId: 'nsc/tenants/acme/netsuite/1234567_SB1',
      ForceDeleteWithoutRecovery: true,
    });
    secrets
      .on(DeleteSecretCommand)
      .rejects(new ResourceNotFoundException({ message: 'none', $metadata: {} }));
    await expect(vault.remove('acme', '1234567_SB1')).resolves.toBeUndefined();
  });
});

describe('configuration secrets', () => {
  it('reads the consumer credentials once and caches them', async () => {
    secrets
      .on(GetSecretValueCommand)
      .resolves({ SecretString: '{"consumerKey":"ck","consumerSecret":"cs"}' });
    const read = secretsManagerDeploymentConsumer(client, 'cfg');
    expect(await read()).toEqual({ key: 'ck', secret: 'cs' });
    expect(await read()).toEqual({ key: 'ck', secret: 'cs' });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('does not cache a failed read', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('timeout'))
      .resolves({ SecretString: 'k'.repeat(40) });
    const source = secretsManagerLinkSigningKey(client, 'key');
    await expect(source.get()).rejects.toMatchObject({ reason: 'storage_unavailable' });
    expect(await source.get()).toBe('k'.repeat(40));
  });

  it('refuses an unset consumer secret or a short signing key', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '' });
    await expect(secretsManagerDeploymentConsumer(client, 'cfg')()).rejects.toMatchObject({
      reason: 'internal',
    });
    await expect(secretsManagerLinkSigningKey(client, 'key').get()).rejects.toMatchObject({
      reason: 'internal',
    });
  });
});
