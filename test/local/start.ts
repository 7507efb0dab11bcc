/**
 * `npm start`: the whole product on this machine. DynamoDB Local, moto (Secrets Manager), the NetSuite
 * simulator and the API, configured by environment variables (see the README). Ctrl-C stops everything.
 */

import { consentModeFromEnvironment, stopOnSignals } from './cli.js';
import { DEFAULT_ADMIN_TOKEN, DEMO_CONSUMER, LOCAL_REGION } from './defaults.js';
import { createDemoRoutes } from './demo/demo-routes.js';
import { type LocalStack, startLocalStack } from './local-stack.js';
import { type LocalService, startDynamoDbLocal, startMoto } from './services.js';

const env = process.env;
const port = Number(env.PORT ?? 3000);
const simulatorPort = Number(env.SIMULATOR_PORT ?? port + 1);
const publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
const adminToken = env.ADMIN_TOKEN ?? DEFAULT_ADMIN_TOKEN;
const consumer = {
  key: env.NETSUITE_CONSUMER_KEY ?? DEMO_CONSUMER.key,
  secret: env.NETSUITE_CONSUMER_SECRET ?? DEMO_CONSUMER.secret,
};
const allowedReturnUrls = (env.ALLOWED_RETURN_URLS ?? publicBaseUrl).split(',');
const useRealNetSuite = env.NETSUITE_RESTLETS_URL !== undefined || env.NETSUITE_APP_URL !== undefined;

const services: LocalService[] = [];
let stack: LocalStack | undefined;

async function stop(): Promise<void> {
  await stack?.stop();
  await Promise.all(services.map((service) => service.stop()));
}

async function main(): Promise<void> {
  console.log('Starting DynamoDB Local and moto…');
  const [dynamodb, moto] = await Promise.all([startDynamoDbLocal(), startMoto()]);
  services.push(dynamodb, moto);
  stack = await startLocalStack({
    port,
    publicBaseUrl,
    allowedReturnUrls,
    adminToken,
    consumer,
    aws: { region: LOCAL_REGION, dynamodbEndpoint: dynamodb.endpoint, secretsManagerEndpoint: moto.endpoint },
    names: { table: 'netsuite-connect', secretPrefix: 'netsuite-connect' },
    ...(useRealNetSuite
      ? {
          netsuiteUrls: {
            restlets: env.NETSUITE_RESTLETS_URL ?? 'https://{host}.restlets.api.netsuite.com',
            app: env.NETSUITE_APP_URL ?? 'https://{host}.app.netsuite.com',
            system: env.NETSUITE_SYSTEM_URL ?? 'https://system.netsuite.com',
          },
        }
      : { simulator: { port: simulatorPort, consent: consentModeFromEnvironment(env) } }),
    extra: createDemoRoutes({
      apiUrl: () => stack?.apiUrl ?? '',
      adminToken,
      returnUrl: `${publicBaseUrl}/`,
    }),
    ...(env.ACCOUNT_DISCOVERY === 'form' ? { accountDiscovery: 'form' as const } : {}),
  });
  console.log(`
NetSuite Connect is running locally.

  Demo SaaS page      ${publicBaseUrl}/   (demo users alex.admin@example.com / sam.lee@example.com, password demo)
  API                 ${publicBaseUrl}   (listening on ${stack.apiUrl})
  Callback URL        ${publicBaseUrl}/connect/callback
  NetSuite            ${stack.simulator ? `simulator at ${stack.simulator.url} (consent: ${consentModeFromEnvironment(env).kind})` : 'real NetSuite URL templates'}
  DynamoDB Local      ${dynamodb.endpoint}   table ${stack.names.table}
  Secrets Manager     ${moto.endpoint} (moto)
  Consumer key        ${consumer.key}
  Admin token         ${adminToken}
  Return URLs allowed ${allowedReturnUrls.join(', ')}

Create an onboarding link:
  curl -s -X POST ${publicBaseUrl}/tenants/acme/links \\
    -H 'Authorization: Bearer ${adminToken}' -H 'Content-Type: application/json' \\
    -d '{"returnUrl":"${publicBaseUrl}/","accountId":"1234567_SB1"}'

Press Ctrl-C to stop.`);
}

stopOnSignals(stop);

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await stop();
  process.exit(1);
});
