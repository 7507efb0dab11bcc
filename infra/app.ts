/**
 * The CDK app. Settings come from context (cdk.json or `-c name=value`):
 *   allowedReturnUrls    comma-separated origins or URL prefixes of the SaaS (required)
 *   tokenSecretPrefix    name prefix of every secret (default netsuite-connect)
 *   domainName, certificateArn   optional custom domain for the API
 *   netsuiteRestletsUrl, netsuiteAppUrl, netsuiteSystemUrl   optional NetSuite URL templates with {host}
 *   accountDiscovery     system (default) or form: what happens when a link names no account
 *   eventBusName         an existing EventBridge bus for lifecycle events (default: the stack's own)
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { NetSuiteConnectStack } from './netsuite-connect-stack.js';

const app = new App();
const context = (name: string): string | undefined => {
  const value = app.node.tryGetContext(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

const allowedReturnUrls = (context('allowedReturnUrls') ?? '')
  .split(',')
  .map((url) => url.trim())
  .filter(Boolean);
const domainName = context('domainName');
const certificateArn = context('certificateArn');
const restlets = context('netsuiteRestletsUrl');
const appUrl = context('netsuiteAppUrl');
const tokenSecretPrefix = context('tokenSecretPrefix');
const systemUrl = context('netsuiteSystemUrl');
const accountDiscovery = context('accountDiscovery');
const eventBusName = context('eventBusName');
if (accountDiscovery !== undefined && accountDiscovery !== 'system' && accountDiscovery !== 'form') {
  throw new Error('accountDiscovery must be system or form');
}

new NetSuiteConnectStack(app, context('stackName') ?? 'NetSuiteConnect', {
  description: 'NetSuite Connect: three-step TBA onboarding of NetSuite accounts',
  allowedReturnUrls,
  ...(tokenSecretPrefix ? { tokenSecretPrefix } : {}),
  ...(domainName && certificateArn ? { domain: { domainName, certificateArn } } : {}),
  ...(restlets && appUrl
    ? { netsuiteUrls: { restlets, app: appUrl, ...(systemUrl ? { system: systemUrl } : {}) } }
    : {}),
  ...(accountDiscovery ? { accountDiscovery } : {}),
  ...(eventBusName ? { eventBusName } : {}),
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
