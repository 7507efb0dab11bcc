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
  /** The account-agnostic domain where a user who does not know the account id starts. */
  readonly system: string;
}

export const DEFAULT_URL_TEMPLATES: NetSuiteUrlTemplates = {
  restlets: 'https://{host}.restlets.api.netsuite.com',
  app: 'https://{host}.app.netsuite.com',
  system: 'https://system.netsuite.com',
};

/** Where steps 1 and 2 happen: the account's own domains, or the system domain when it is unknown. */
export interface StartEndpoints {
  readonly requestToken: string;
  readonly consent: string;
}

export interface NetSuiteEndpoints extends StartEndpoints {
  readonly accessToken: string;
  readonly revokeToken: string;
  readonly tokenInfo: string;
}

function expand(template: string, accountId: string | undefined, path: string): string {
  const host = accountId === undefined ? '' : toHostLabel(accountId);
  const base = template.replaceAll('{host}', host).replace(/\/+$/, '');
  // WHATWG URL lowercases scheme and host and drops a default port: exactly the signature base-string URI.
  return new URL(`${base}${path}`).href;
}

export function netsuiteEndpoints(templates: NetSuiteUrlTemplates, accountId: string): NetSuiteEndpoints {
  return {
    requestToken: expand(templates.restlets, accountId, '/rest/requesttoken'),
    accessToken: expand(templates.restlets, accountId, '/rest/accesstoken'),
    revokeToken: expand(templates.restlets, accountId, '/rest/revoketoken'),
    tokenInfo: expand(templates.restlets, accountId, '/rest/tokeninfo'),
    consent: expand(templates.app, accountId, '/app/login/secure/authorizetoken.nl'),
  };
}

export function startEndpoints(
  templates: NetSuiteUrlTemplates,
  accountId: string | undefined,
): StartEndpoints {
  if (accountId !== undefined) return netsuiteEndpoints(templates, accountId);
  return {
    requestToken: expand(templates.system, undefined, '/rest/requesttoken'),
    consent: expand(templates.system, undefined, '/app/login/secure/authorizetoken.nl'),
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
