import { describe, expect, it } from 'vitest';
import { FlowError } from '../../../functions/core/errors.js';
import { createLogger, describeError } from '../../../functions/runtime/logger.js';

describe('createLogger', () => {
  it('writes one JSON line per event with the child fields', () => {
    const lines: string[] = [];
    createLogger((line) => lines.push(line))
      .child({ requestId: 'r1' })
      .info('link.created', { tenantId: 'acme' });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'info',
      event: 'link.created',
      requestId: 'r1',
      tenantId: 'acme',
    });
  });

  it('masks fields whose names say they hold secrets', () => {
    const lines: string[] = [];
    createLogger((line) => lines.push(line)).warn('oops', {
      tokenSecret: 's1',
      oauth_verifier: 'v1',
      consumerSecret: 'c1',
      authorization: 'OAuth …',
      link: 'l1',
      tenantId: 'acme',
    });
    const line = lines[0] ?? '';
    for (const secret of ['s1', 'v1', 'c1', 'OAuth', 'l1']) expect(line).not.toContain(secret);
    expect(line).toContain('acme');
  });
});

describe('describeError', () => {
  it('keeps kind, reason and causes, nothing else', () => {
    const error = new FlowError('storage_unavailable', 'Storage failed', {
      cause: new Error('socket hang up'),
    });
    expect(describeError(error)).toEqual({
      errorName: 'FlowError',
      errorMessage: 'Storage failed',
      reason: 'storage_unavailable',
      cause: { errorName: 'Error', errorMessage: 'socket hang up' },
    });
  });
});
