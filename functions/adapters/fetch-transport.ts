import { FlowError } from '../core/errors.js';
import type { HttpRequest, HttpResponse, HttpTransport } from '../core/ports.js';

/**
 * Moves bytes to NetSuite and back. Every call has a deadline shorter than the function's timeout, so a
 * hanging NetSuite ends in `netsuite_unavailable` rather than a killed Lambda.
 */
export class FetchTransport implements HttpTransport {
  constructor(private readonly options: { timeoutMs: number; fetch?: typeof fetch }) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    const fetchImpl = this.options.fetch ?? fetch;
    try {
      const response = await fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      throw new FlowError(
        'netsuite_unavailable',
        `NetSuite did not answer ${new URL(request.url).pathname}`,
        {
          cause: error,
        },
      );
    }
  }
}
