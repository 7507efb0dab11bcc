import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  type CfnStage,
  DomainName,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES, type RouteName } from '../../functions/routes.js';

export interface CustomDomain {
  readonly domainName: string;
  /** An ACM certificate for the domain, in the stack's region. */
  readonly certificateArn: string;
}

export interface ConnectApiProps {
  readonly domain?: CustomDomain;
  readonly logRetention: RetentionDays;
  /** Requests per second for the public browser routes (per route), and for the whole stage. */
  readonly publicRateLimit: number;
  readonly stageRateLimit: number;
}

/**
 * The HTTP API of design.md §3. Management routes are IAM-authorized (SigV4); the browser routes cannot
 * be, so they are throttled instead and protected by the signed link and the browser binding.
 */
export class ConnectApi extends Construct {
  readonly api: HttpApi;
  /** `https://…` without a trailing slash: the custom domain when there is one. */
  readonly baseUrl: string;
  private readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: ConnectApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', { description: 'NetSuite Connect', createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.stageRateLimit, burstLimit: props.stageRateLimit * 2 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Path only, never the query string: it carries oauth_token, oauth_verifier and links.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            sourceIp: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            caller: '$context.identity.caller',
          }),
        ),
      },
    });
    const publicRoutes = Object.fromEntries(
      ROUTES.filter((route) => route.access === 'public').map((route) => [
        `${route.method} ${route.path}`,
        { ThrottlingRateLimit: props.publicRateLimit, ThrottlingBurstLimit: props.publicRateLimit * 2 },
      ]),
    );
    (this.stage.node.defaultChild as CfnStage).routeSettings = publicRoutes;

    if (props.domain) {
      const domainName = new DomainName(this, 'Domain', {
        domainName: props.domain.domainName,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
      });
      new ApiMapping(this, 'Mapping', { api: this.api, domainName, stage: this.stage });
      this.baseUrl = `https://${props.domain.domainName}`;
      new CfnOutput(this, 'DomainTarget', {
        description: 'Point the custom domain (CNAME/alias) here',
        value: domainName.regionalDomainName,
      });
    } else {
      this.baseUrl = this.api.apiEndpoint;
    }
  }

  /** Adds one route of the product's route table, served by its function. */
  addRoute(name: RouteName, handler: IFunction): HttpRoute[] {
    const route = ROUTES.find((candidate) => candidate.name === name);
    if (!route) throw new Error(`unknown route ${name}`);
    return this.api.addRoutes({
      path: route.path,
      methods: [HttpMethod[route.method]],
      integration: new HttpLambdaIntegration(`${name}-integration`, handler),
      ...(route.access === 'management' ? { authorizer: new HttpIamAuthorizer() } : {}),
    });
  }
}
