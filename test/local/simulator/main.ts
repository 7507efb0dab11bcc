/**
 * `npm run simulator`: the NetSuite simulator alone, for pointing another deployment's URL templates at it.
 * Templates: NETSUITE_RESTLETS_URL=http://127.0.0.1:<port>/{host}, NETSUITE_APP_URL=http://localhost:<port>/{host}
 */

import { consentModeFromEnvironment, stopOnSignals } from '../cli.js';
import { DEMO_CONSUMER } from '../defaults.js';
import { NetSuiteSimulator } from './simulator.js';

const env = process.env;
const consent = consentModeFromEnvironment(env);

const simulator = await new NetSuiteSimulator({
  integration: {
    applicationName: env.SIMULATOR_APPLICATION_NAME ?? 'NetSuite Connect',
    consumerKey: env.NETSUITE_CONSUMER_KEY ?? DEMO_CONSUMER.key,
    consumerSecret: env.NETSUITE_CONSUMER_SECRET ?? DEMO_CONSUMER.secret,
    callbackUrl: env.SIMULATOR_CALLBACK_URL ?? 'http://localhost:3000/connect/callback',
  },
  port: Number(env.SIMULATOR_PORT ?? 3001),
  consent,
}).listen();

const port = new URL(simulator.url).port;
console.log(`NetSuite simulator listening on ${simulator.url} (consent: ${consent.kind})
  NETSUITE_RESTLETS_URL=http://127.0.0.1:${port}/{host}
  NETSUITE_APP_URL=http://localhost:${port}/{host}
Press Ctrl-C to stop.`);

stopOnSignals(() => simulator.close());
