import type { ConsentMode } from './simulator/simulator.js';

/** `SIMULATOR_CONSENT` = interactive (default), allow (as `SIMULATOR_ROLE`, default 3) or deny. */
export function consentModeFromEnvironment(env: NodeJS.ProcessEnv): ConsentMode {
  const mode = env.SIMULATOR_CONSENT ?? 'interactive';
  if (mode === 'allow') return { kind: 'allow', role: env.SIMULATOR_ROLE ?? '3' };
  if (mode === 'deny') return { kind: 'deny' };
  return { kind: 'interactive' };
}

/**
 * Runs `stop` once on Ctrl-C or SIGTERM, then exits. Ctrl-C reaches the process twice (from the terminal
 * and relayed by tsx): the second must not cut the clean-up short.
 */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log('\nStopping…');
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
