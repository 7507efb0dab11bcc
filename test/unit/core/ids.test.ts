import { describe, expect, it } from 'vitest';
import { parseAccountId, toHostLabel, toRealm } from '../../../functions/core/ids.js';
import { cspSourceOf, netsuiteEndpoints } from '../../../functions/core/netsuite-endpoints.js';

describe('account ids', () => {
  it.each([
    ['1234567', '1234567', '1234567'],
    ['1234567_SB1', '1234567-sb1', '1234567_SB1'],
    ['1234567-sb12', '1234567-sb12', '1234567_SB12'],
    ['TSTDRV1234567', 'tstdrv1234567', 'TSTDRV1234567'],
    ['1234567_RP1', '1234567-rp1', '1234567_RP1'],
  ])('maps %s to host label %s and realm %s', (input, host, realm) => {
    expect(toHostLabel(input)).toBe(host);
    expect(toRealm(input)).toBe(realm);
    expect(parseAccountId(input)).toBe(realm);
  });

  it('replaces every separator, not only the first', () => {
    expect(toHostLabel('A_B_C')).toBe('a-b-c');
    expect(toRealm('a-b-c')).toBe('A_B_C');
  });

  it.each([
    '',
    '1234567.evil.com',
    '1234567/../x',
    '1234567_SB1_SB2',
    '1234567 _SB1',
    'ｑ1234567',
    `${'1'.repeat(25)}`,
    '1234567_XX1',
  ])('rejects %j as an account id', (input) => {
    expect(parseAccountId(input)).toBeUndefined();
  });

  it('trims surrounding spaces a user may paste', () => {
    expect(parseAccountId('  1234567_sb1 ')).toBe('1234567_SB1');
  });
});

describe('netsuiteEndpoints', () => {
  it('builds the real NetSuite URLs from the default templates', () => {
    expect(
      netsuiteEndpoints(
        {
          restlets: 'https://{host}.restlets.api.netsuite.com',
          app: 'https://{host}.app.netsuite.com',
          system: 'https://system.netsuite.com',
        },
        '1234567_SB1',
      ),
    ).toEqual({
      requestToken: 'https://1234567-sb1.restlets.api.netsuite.com/rest/requesttoken',
      accessToken: 'https://1234567-sb1.restlets.api.netsuite.com/rest/accesstoken',
      revokeToken: 'https://1234567-sb1.restlets.api.netsuite.com/rest/revoketoken',
      tokenInfo: 'https://1234567-sb1.restlets.api.netsuite.com/rest/tokeninfo',
      consent: 'https://1234567-sb1.app.netsuite.com/app/login/secure/authorizetoken.nl',
    });
  });

  it('supports path-style templates and normalises the base-string URI (lowercase host, no default port)', () => {
    const endpoints = netsuiteEndpoints(
      {
        restlets: 'HTTPS://Sim.Example.COM:443/{host}/',
        app: 'http://localhost:3001/{host}',
        system: 'https://system.example.com',
      },
      'TSTDRV1234567',
    );
    expect(endpoints.requestToken).toBe('https://sim.example.com/tstdrv1234567/rest/requesttoken');
    expect(endpoints.consent).toBe('http://localhost:3001/tstdrv1234567/app/login/secure/authorizetoken.nl');
  });
});

describe('cspSourceOf', () => {
  it('covers every account host of a template', () => {
    expect(cspSourceOf('https://{host}.app.netsuite.com')).toBe('https://*.app.netsuite.com');
    expect(cspSourceOf('http://localhost:3001/{host}')).toBe('http://localhost:3001');
  });
});
