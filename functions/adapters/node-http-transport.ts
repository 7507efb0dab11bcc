import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { FlowError } from '../core/errors.js';
import type { HttpRequest, HttpResponse, HttpTransport } from '../core/ports.js';

/**
 * Moves bytes to NetSuite and back over Node's own HTTP client, with connections kept alive for the
 * container's next call. Not `fetch`: its first call in a process costs tens of milliseconds of loading,
 * and in a function that wakes cold for almost every onboarding, every call is nearly a first. Every call
 * has a deadline shorter than the function's timeout, so a hanging NetSuite ends in `netsuite_unavailable`
 * rather than a killed Lambda.
 */
export class NodeHttpTransport implements HttpTransport {
  readonly #http = new HttpAgent({ keepAlive: true });
  readonly #https = new HttpsAgent({ keepAlive: true });

  constructor(private readonly options: { timeoutMs: number }) {}

  send(request: HttpRequest): Promise<HttpResponse> {
    const url = new URL(request.url);
    return new Promise((resolve, reject) => {
      const unavailable = (cause: unknown) =>
        reject(new FlowError('netsuite_unavailable', `NetSuite did not answer ${url.pathname}`, { cause }));
      const answered = (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', unavailable);
      };
      const options = {
        method: request.method,
        headers: request.headers,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      };
      const outgoing =
        url.protocol === 'https:'
          ? httpsRequest(url, { ...options, agent: this.#https }, answered)
          : httpRequest(url, { ...options, agent: this.#http }, answered);
      outgoing.on('error', unavailable);
      outgoing.end();
    });
  }
}
