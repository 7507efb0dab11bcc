import type * as z from 'zod/mini';
import { RequestError } from '../core/errors.js';
import type { HttpEvent } from './http.js';

function issues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
}

export function parseWith<T extends z.ZodMiniType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new RequestError('VALIDATION_FAILED', `Invalid ${what}`, issues(result.error));
  return result.data;
}

export function parseJsonBody<T extends z.ZodMiniType>(event: HttpEvent, schema: T): z.infer<T> {
  const text = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RequestError('VALIDATION_FAILED', 'The request body must be JSON');
  }
  return parseWith(schema, value, 'request body');
}
