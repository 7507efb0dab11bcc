import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface ConnectSecretsProps {
  readonly key: IKey;
  /** Tenant token secrets are created at run time under `<prefix>/tenants/`. */
  readonly tokenSecretPrefix: string;
}

/**
 * The integration record's consumer credentials (set by the operator after deploy: the stack never holds
 * them), the generated link-signing key, and the permissions for tenant token secrets, scoped to their
 * name prefix.
 */
export class ConnectSecrets extends Construct {
  readonly consumer: Secret;
  readonly linkSigningKey: Secret;
  private readonly key: IKey;
  private readonly tenantSecretsArn: string;

  constructor(scope: Construct, id: string, props: ConnectSecretsProps) {
    super(scope, id);
    this.key = props.key;
    this.consumer = new Secret(this, 'Consumer', {
      secretName: `${props.tokenSecretPrefix}/config/netsuite-consumer`,
      description:
        'Consumer key and secret of the NetSuite integration record. After deploy, set it to ' +
        '{"consumerKey":"…","consumerSecret":"…"}; until then every flow fails with reason internal.',
      encryptionKey: props.key,
      // A placeholder without the two fields the functions require: there is no secret in the template.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          instructions: 'Replace with {"consumerKey","consumerSecret"}',
        }),
        generateStringKey: 'placeholder',
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.linkSigningKey = new Secret(this, 'LinkSigningKey', {
      secretName: `${props.tokenSecretPrefix}/config/link-signing-key`,
      description: 'Signs onboarding links. Replacing it invalidates every link not yet used.',
      encryptionKey: props.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stack = Stack.of(this);
    this.tenantSecretsArn = stack.formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: `${props.tokenSecretPrefix}/tenants/*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** Read tenant secrets (tokens, a tenant's own integration record), nothing outside the tenant prefix. */
  grantReadTenantSecrets(grantee: IGrantable): void {
    this.grantOnTenantSecrets(grantee, ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']);
    this.key.grantDecrypt(grantee);
  }

  /** Create tenant secrets and add versions to them (tags are set at creation). */
  grantWriteTenantSecrets(grantee: IGrantable): void {
    this.grantOnTenantSecrets(grantee, [
      'secretsmanager:CreateSecret',
      'secretsmanager:PutSecretValue',
      'secretsmanager:DescribeSecret',
      'secretsmanager:TagResource',
    ]);
    this.key.grantEncryptDecrypt(grantee);
  }

  grantDeleteTenantSecrets(grantee: IGrantable): void {
    this.grantOnTenantSecrets(grantee, ['secretsmanager:DeleteSecret']);
  }

  private grantOnTenantSecrets(grantee: IGrantable, actions: string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions, resources: [this.tenantSecretsArn] }),
    );
  }
}
