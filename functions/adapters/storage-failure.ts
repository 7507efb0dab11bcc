import { FlowError } from '../core/errors.js';

/** Any AWS failure while reading or writing state: the user may retry, nothing was half-done. */
export function storageFailure(operation: string, cause: unknown): FlowError {
  return new FlowError('storage_unavailable', `Storage failed: ${operation}`, { cause });
}

export function isAwsError(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
