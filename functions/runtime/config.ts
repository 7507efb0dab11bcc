import * as z from 'zod/mini';
import { DEFAULT_URL_TEMPLATES, type NetSuiteUrlTemplates } from '../core/netsuite-endpoints.js';

const urlTemplate = z.string().check(
  z.refine((value) => value.includes('{host}') && URL.canParse(value.replaceAll('{host}', 'h')), {
    message: 'must be an absolute URL with a {host} placeholder',
  }),
);

const httpUrl = z.url({ protocol: /^https?$/ });
const name = z.string().check(z.minLength(1));

/** Environment of every function. It holds names and ARNs only: secret values live in Secrets Manager. */
const envSchema = z.object({
  TABLE_NAME: name,
  PUBLIC_BASE_URL: httpUrl,
  ALLOWED_RETURN_URLS: z.pipe(
    z.pipe(
      z.string(),
      z.transform((value: string) =>
        value
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== ''),
      ),
    ),
    z.array(httpUrl).check(z.minLength(1)),
  ),
  NETSUITE_RESTLETS_URL: z._default(urlTemplate, DEFAULT_URL_TEMPLATES.restlets),
  NETSUITE_APP_URL: z._default(urlTemplate, DEFAULT_URL_TEMPLATES.app),
  NETSUITE_SYSTEM_URL: z._default(httpUrl, DEFAULT_URL_TEMPLATES.system),
  ACCOUNT_DISCOVERY: z._default(z.enum(['system', 'form']), 'system'),
  EVENT_BUS_NAME: z._default(name, 'default'),
  AWS_REQUEST_TIMEOUT_MS: z._default(
    z.coerce.number().check(z.int(), z.minimum(100), z.maximum(20_000)),
    3_000,
  ),
  NETSUITE_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.minimum(100), z.maximum(60_000)), 8_000),
  CONSUMER_SECRET_ID: name,
  LINK_SIGNING_KEY_SECRET_ID: name,
  TOKEN_SECRET_PREFIX: z._default(
    z
      .string()
      .check(
        z.regex(
          /^[A-Za-z0-9_+=.@-]+(?:\/[A-Za-z0-9_+=.@-]+)*$/,
          'letters, digits, _+=.@- and single slashes',
        ),
      ),
    'netsuite-connect',
  ),
  TOKEN_SECRET_KMS_KEY_ID: z.optional(name),
});

export interface Config {
  readonly tableName: string;
  readonly publicBaseUrl: string;
  /** Where onboarding links point (`GET /connect/start`). */
  readonly startUrl: string;
  /** Registered in the NetSuite integration record. */
  readonly callbackUrl: string;
  readonly allowedReturnUrls: readonly string[];
  readonly netsuite: { readonly templates: NetSuiteUrlTemplates; readonly timeoutMs: number };
  /** When a link names no account: NetSuite's system domain, or a form asking for the id. */
  readonly accountDiscovery: 'system' | 'form';
  readonly eventBusName: string;
  /** Deadline of one AWS call attempt (the SDK makes up to three). */
  readonly awsRequestTimeoutMs: number;
  readonly secrets: {
    readonly consumerSecretId: string;
    readonly linkSigningKeySecretId: string;
    readonly tokenPrefix: string;
    readonly tokenKmsKeyId: string | undefined;
  };
  /** Cookies get `Secure` when the public URL is HTTPS (always in AWS; not on plain-HTTP localhost). */
  readonly secureCookies: boolean;
  /** How long a started authorization waits for its callback. */
  readonly pendingTtlSeconds: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Read once per container; an invalid environment fails the cold start with every problem listed. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const base = e.PUBLIC_BASE_URL.replace(/\/+$/, '');
  return {
    tableName: e.TABLE_NAME,
    publicBaseUrl: base,
    startUrl: `${base}/connect/start`,
    callbackUrl: `${base}/connect/callback`,
    allowedReturnUrls: e.ALLOWED_RETURN_URLS,
    netsuite: {
      templates: {
        restlets: e.NETSUITE_RESTLETS_URL,
        app: e.NETSUITE_APP_URL,
        system: e.NETSUITE_SYSTEM_URL,
      },
      timeoutMs: e.NETSUITE_TIMEOUT_MS,
    },
    accountDiscovery: e.ACCOUNT_DISCOVERY,
    eventBusName: e.EVENT_BUS_NAME,
    awsRequestTimeoutMs: e.AWS_REQUEST_TIMEOUT_MS,
    secrets: {
      consumerSecretId: e.CONSUMER_SECRET_ID,
      linkSigningKeySecretId: e.LINK_SIGNING_KEY_SECRET_ID,
      tokenPrefix: e.TOKEN_SECRET_PREFIX,
      tokenKmsKeyId: e.TOKEN_SECRET_KMS_KEY_ID,
    },
    secureCookies: base.startsWith('https:'),
    pendingTtlSeconds: 15 * 60,
  };
}
