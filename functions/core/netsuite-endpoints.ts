import { toHostLabel } from './ids.js';

/**
 * URL templates with a `{host}` placeholder for the account's host label. Every NetSuite URL the product
 * builds comes from these, so the same code talks to NetSuite, to the local simulator or to another provider.
 */
export interface NetSuiteUrlTemplates {
  /** e.g. `https://{host}.restlets.api.netsuite.com` */
  readonly restlets: string;
  /** e.g. `https://{host}.app.netsuite.com` */
  readonly app: string;
}

export const DEFAULT_URL_TEMPLATES: NetSuiteUrlTemplates = {
  restlets: 'https://{host}.restlets.api.netsuite.com',
  app: 'https://{host}.app.netsuite.com',
};

export interface NetSuiteEndpoints {
  readonly requestToken: string;
  readonly accessToken: string;
  readonly consent: string;
}

function expand(template: string, accountId: string, path: string): string {
  const base = template.replaceAll('{host}', toHostLabel(accountId)).replace(/\/+$/, '');
  // WHATWG URL lowercases scheme and host and drops a default port: exactly the signature base-string URI.
  return new URL(`${base}${path}`).href;
}

export function netsuiteEndpoints(templates: NetSuiteUrlTemplates, accountId: string): NetSuiteEndpoints {
  return {
    requestToken: expand(templates.restlets, accountId, '/rest/requesttoken'),
    accessToken: expand(templates.restlets, accountId, '/rest/accesstoken'),
    consent: expand(templates.app, accountId, '/app/login/secure/authorizetoken.nl'),
  };
}

/**
 * The Content-Security-Policy source that covers every account's host of a template:
 * `https://{host}.app.netsuite.com` → `https://*.app.netsuite.com`; a path template gives its origin.
 */
export function cspSourceOf(template: string): string {
  const placeholder = 'hostplaceholder';
  const origin = new URL(template.replaceAll('{host}', placeholder)).origin;
  return origin.replace(placeholder, '*');
}
