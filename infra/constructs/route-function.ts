import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { entryPath, type FunctionName } from '../../functions/routes.js';
import { BUNDLING } from './bundling.js';

export interface RouteFunctionProps {
  /** An HTTP route's name, or a scheduled job's: the entry is `functions/entries/<name>.ts`. */
  readonly name: FunctionName;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  /** Repository root: entries and the lock file are resolved from it. */
  readonly projectRoot: string;
}

/** One Lambda function per HTTP route (and per scheduled job), with its own role and log group. */
export class RouteFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: RouteFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role with no managed policy: writing to its own log group is the only baseline right.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    this.function = new NodejsFunction(this, 'Function', {
      description: `NetSuite Connect: ${props.name}`,
      entry: `${props.projectRoot}/${entryPath(props.name)}`,
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      // Longer than the outbound deadlines (NetSuite 8 s, AWS calls 3 s × 3 attempts) so a slow
      // dependency ends in a reason code, never in a killed invocation.
      timeout: Duration.seconds(25),
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      bundling: BUNDLING,
      role,
      logGroup,
    });
  }
}
