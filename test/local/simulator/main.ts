/**
 * `npm run simulator`: the NetSuite simulator alone, for pointing another deployment's URL templates at it.
 * Templates: NETSUITE_RESTLETS_URL=http://127.0.0.1:<port>/{host}, NETSUITE_APP_URL=http://localhost:<port>/{host}
 */
import { DEMO_CONSUMER } from '../defaults.js';
import { type ConsentMode, NetSuiteSimulator } from './simulator.js';

const env = process.env;
const mode = env.SIMULATOR_CONSENT ?? 'interactive';
const consent: ConsentMode =
  mode === 'allow'
    ? { kind: 'allow', role: env.SIMULATOR_ROLE ?? '3' }
    : mode === 'deny'
      ? { kind: 'deny' }
      : { kind: 'interactive' };

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

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    simulator.close().then(() => process.exit(0));
  });
}
