import type { Logger } from '../core/ports.js';

/**
 * A safety net, not the policy: code never passes secrets to the logger, and if it ever did, fields with
 * these names are masked before the line is written.
 */
const SENSITIVE_FIELD =
  /secret|password|verifier|signature|authorization|cookie|binding|^link$|^token$|^tokenId$/i;

export type LogSink = (line: string) => void;

export interface StructuredLogger extends Logger {
  child(fields: Record<string, unknown>): StructuredLogger;
}

const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

export function createLogger(
  sink: LogSink = stdoutSink,
  base: Record<string, unknown> = {},
): StructuredLogger {
  const write = (level: string, event: string, fields: Record<string, unknown> = {}) => {
    sink(JSON.stringify({ time: new Date().toISOString(), level, event, ...base, ...mask(fields) }));
  };
  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
    child: (fields) => createLogger(sink, { ...base, ...mask(fields) }),
  };
}

function mask(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, SENSITIVE_FIELD.test(name) ? '[redacted]' : value]),
  );
}

/** What may be logged of an error: its kind, code and message, never its payload or stack of SDK objects. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { errorType: typeof error };
  const description: Record<string, unknown> = { errorName: error.name, errorMessage: error.message };
  for (const field of ['reason', 'code', 'netsuiteCode', 'httpStatus'] as const) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') description[field] = value;
  }
  if (error.cause !== undefined) description.cause = describeError(error.cause);
  return description;
}
