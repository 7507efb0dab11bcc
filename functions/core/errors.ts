/**
 * Reason codes are part of the public contract: SaaS clients branch on them after the browser comes back,
 * so each names exactly one cause and none is ever renamed.
 */
export const REASON_CODES = [
  'access_denied',
  'link_invalid',
  'link_expired',
  'link_used',
  'state_mismatch',
  'session_mismatch',
  'request_expired',
  'request_unknown',
  'account_mismatch',
  'callback_not_confirmed',
  'netsuite_rejected',
  'integration_pending_approval',
  'netsuite_unavailable',
  'storage_unavailable',
  'internal',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

/**
 * A failure of the authorization flow. `returnUrl` is set once the flow has established where the user may
 * be sent back (a verified link or a consumed pending record); without it the user gets an HTML page.
 */
export class FlowError extends Error {
  override readonly name: string = 'FlowError';
  #returnUrl: string | undefined;

  constructor(
    readonly reason: ReasonCode,
    message: string,
    options: { cause?: unknown; returnUrl?: string | undefined } = {},
  ) {
    super(message, { cause: options.cause });
    this.#returnUrl = options.returnUrl;
  }

  get returnUrl(): string | undefined {
    return this.#returnUrl;
  }

  /**
   * Records that the failure belongs to a flow whose return URL is trusted. Set once: the innermost
   * knowledge wins. Returns the same error so subclasses keep their details (e.g. NetSuite's code).
   */
  returningTo(returnUrl: string): this {
    this.#returnUrl ??= returnUrl;
    return this;
  }
}

/** NetSuite answered, but not with what the protocol step expects; keeps NetSuite's own error code. */
export class NetSuiteError extends FlowError {
  override readonly name: string = 'NetSuiteError';

  constructor(
    readonly httpStatus: number,
    readonly netsuiteCode: string,
    message: string,
    reason: ReasonCode = httpStatus >= 500 ? 'netsuite_unavailable' : 'netsuite_rejected',
  ) {
    super(reason, message);
  }
}

/** Codes for management-API callers (server to server), distinct from the browser reason codes. */
export type RequestErrorCode = 'VALIDATION_FAILED' | 'RETURN_URL_NOT_ALLOWED' | 'NOT_FOUND' | 'UNAUTHORIZED';

/** A caller's request that cannot be served as asked; always a 4xx. */
export class RequestError extends Error {
  override readonly name = 'RequestError';

  constructor(
    readonly code: RequestErrorCode,
    message: string,
    readonly details?: readonly string[],
  ) {
    super(message);
  }
}

/** Wraps anything thrown by a dependency so callers only ever see FlowError. */
export function asFlowError(error: unknown): FlowError {
  if (error instanceof FlowError) return error;
  return new FlowError('internal', 'Unexpected failure', { cause: error });
}
