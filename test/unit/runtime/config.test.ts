import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../functions/runtime/config.js';

const valid = {
  TABLE_NAME: 'netsuite-connect',
  PUBLIC_BASE_URL: 'https://connect.example.com/',
  ALLOWED_RETURN_URLS: 'https://app.example.com, https://other.example.com/ns',
  CONSUMER_SECRET_ID: 'netsuite-connect/config/netsuite-consumer',
  LINK_SIGNING_KEY_SECRET_ID: 'netsuite-connect/config/link-signing-key',
};

describe('loadConfig', () => {
  it('derives the start and callback URLs and defaults to the real NetSuite templates', () => {
    const config = loadConfig(valid);
    expect(config.startUrl).toBe('https://connect.example.com/connect/start');
    expect(config.callbackUrl).toBe('https://connect.example.com/connect/callback');
    expect(config.allowedReturnUrls).toEqual(['https://app.example.com', 'https://other.example.com/ns']);
    expect(config.netsuite.templates).toEqual({
      restlets: 'https://{host}.restlets.api.netsuite.com',
      app: 'https://{host}.app.netsuite.com',
      system: 'https://system.netsuite.com',
    });
    expect(config.accountDiscovery).toBe('system');
    expect(config.eventBusName).toBe('default');
    expect(config.secureCookies).toBe(true);
    expect(config.secrets.tokenPrefix).toBe('netsuite-connect');
    expect(config.pendingTtlSeconds).toBe(900);
  });

  it('fails with every problem named when the environment is incomplete or wrong', () => {
    expect(() =>
      loadConfig({
        ...valid,
        TABLE_NAME: undefined,
        NETSUITE_APP_URL: 'https://app.netsuite.com',
        ALLOWED_RETURN_URLS: ' , ',
      }),
    ).toThrow(ConfigError);
    try {
      loadConfig({ ...valid, TABLE_NAME: undefined, NETSUITE_APP_URL: 'https://app.netsuite.com' });
    } catch (error) {
      expect(String(error)).toContain('TABLE_NAME');
      expect(String(error)).toContain('NETSUITE_APP_URL');
    }
  });

  it('refuses a token secret prefix that could escape its path', () => {
    expect(() => loadConfig({ ...valid, TOKEN_SECRET_PREFIX: 'a//b' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...valid, TOKEN_SECRET_PREFIX: '/abs' })).toThrow(ConfigError);
    expect(loadConfig({ ...valid, TOKEN_SECRET_PREFIX: 'prod/netsuite' }).secrets.tokenPrefix).toBe(
      'prod/netsuite',
    );
  });

  it('leaves Secure off cookies only for a plain-HTTP public URL', () => {
    expect(loadConfig({ ...valid, PUBLIC_BASE_URL: 'http://localhost:3000' }).secureCookies).toBe(false);
  });
});
