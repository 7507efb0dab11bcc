import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The stateful core: one customer-managed key and one table (link records, each with its pending
 * authorization and single-use marker; connections; locks). Both are retained when the stack goes: they
 * hold tenants' data.
 */
export class ConnectState extends Construct {
  readonly key: Key;
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'NetSuite Connect: table and secrets encryption',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Table (not TableV2): a customer-managed key on TableV2 needs a region-bound stack, and this stack
    // is synthesised environment-agnostic.
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      // Expired items go eventually; the code checks expiresAt itself because deletion can lag by days.
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // The outbox of lifecycle events: a connection write carries its event, the stream delivers it.
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
    });
  }
}
