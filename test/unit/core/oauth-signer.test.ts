import { describe, expect, it } from 'vitest';
import { buildAuthorizationHeader, computeSignature } from '../../../functions/core/oauth-signer.js';

// Vectors from netsuite-tba.md, each recomputed independently of oauth-1.0a.
const ck = '60712990bc09623786e7047c226bcb3f86d49dca0b04efc21001dc76d97a81f5';

function headerParams(header: string): Record<string, string> {
  expect(header.startsWith('OAuth ')).toBe(true);
  return Object.fromEntries(
    header
      .slice('OAuth '.length)
      .split(', ')
      .map((pair) => {
        const match = /^([^=]+)="(.*)"$/.exec(pair);
        if (!match?.[1] || match[2] === undefined) throw new Error(`bad header part ${pair}`);
        return [match[1], decodeURIComponent(match[2])];
      }),
  );
}

describe('buildAuthorizationHeader', () => {
  it('matches NS-1 (request token) and sends the realm unsigned', () => {
    const header = buildAuthorizationHeader(
      { method: 'POST', url: 'https://1234567.restlets.api.netsuite.com/rest/requesttoken' },
      {
        consumer: { key: ck, secret: ck },
        realm: '1234567',
        nonce: 'bUvpxBX93OWo0FLswq5M',
        timestamp: 1575998103,
      },
      { oauth_callback: 'https://my.example.com/TBA/?callbackRequest' },
    );
    expect(header).toContain('oauth_signature="KPBoxLKj2sTc%2B7dmTT9K2dsVnK5r7n5%2FRopNeuZrn70%3D"');
    expect(header.startsWith('OAuth realm="1234567", ')).toBe(true);
    expect(headerParams(header)).toMatchObject({
      oauth_callback: 'https://my.example.com/TBA/?callbackRequest',
      oauth_consumer_key: ck,
      oauth_nonce: 'bUvpxBX93OWo0FLswq5M',
      oauth_signature_method: 'HMAC-SHA256',
      oauth_timestamp: '1575998103',
      oauth_version: '1.0',
    });
  });

  it('gives the same NS-1 signature without a realm, since the realm is never signed', () => {
    const header = buildAuthorizationHeader(
      { method: 'POST', url: 'https://1234567.restlets.api.netsuite.com/rest/requesttoken' },
      { consumer: { key: ck, secret: ck }, nonce: 'bUvpxBX93OWo0FLswq5M', timestamp: 1575998103 },
      { oauth_callback: 'https://my.example.com/TBA/?callbackRequest' },
    );
    expect(headerParams(header).oauth_signature).toBe('KPBoxLKj2sTc+7dmTT9K2dsVnK5r7n5/RopNeuZrn70=');
    expect(header).not.toContain('realm');
  });

  it('matches NS-1b when an extra parameter role=45678 is signed', () => {
    const signature = computeSignature(
      { method: 'POST', url: 'https://1234567.restlets.api.netsuite.com/rest/requesttoken' },
      {
        oauth_callback: 'https://my.example.com/TBA/?callbackRequest',
        oauth_consumer_key: ck,
        oauth_nonce: 'bUvpxBX93OWo0FLswq5M',
        oauth_signature_method: 'HMAC-SHA256',
        oauth_timestamp: '1575998103',
        oauth_version: '1.0',
        role: '45678',
      },
      { consumerSecret: ck },
    );
    expect(signature).toBe('7kgwwmiAylqeMdHjCBnIUUW+drDrGCbZGBkuCt39J90=');
  });

  it('matches NS-3 (access token) with the request-token secret in the key', () => {
    const token = '447d0cba5569a2d616e32a537110bc8c10ebcf42cc1fa34d6f76d08531abc179';
    const header = buildAuthorizationHeader(
      { method: 'POST', url: 'https://1234567.restlets.api.netsuite.com/rest/accesstoken' },
      {
        consumer: { key: ck, secret: ck },
        token: { key: token, secret: token },
        nonce: 'wjRgXQPWhYtKl0A7bO8Z',
        timestamp: 1576079512,
      },
      { oauth_verifier: '3eff1ae4de6f924014b88e489a41e88da8ed1ba8bd5ad7684a71579d7e97f4ee' },
    );
    const params = headerParams(header);
    expect(params.oauth_signature).toBe('BBzawyjesZyFrwBjUAJfBsPDDGUY2FRdp3k4NwGDAO0=');
    expect(params.oauth_token).toBe(token);
    expect(params).not.toHaveProperty('oauth_callback');
  });

  it('matches NS-R (revoke), whose query parameters are part of the base string', () => {
    const token = '447d0cba5569a2d616e32a537110bc8c10ebcf42cc1fa34d6f76d08531abc179';
    const header = buildAuthorizationHeader(
      {
        method: 'GET',
        url: `https://1234567.restlets.api.netsuite.com/rest/revoketoken?consumerKey=${ck}&token=${token}`,
      },
      {
        consumer: { key: ck, secret: 'bd47b9c7e990a4f209db0217c023d0ba2274aafa7183f2cc310fff8bf24335b8' },
        token: { key: token, secret: 'f4ae9dbe08acf7105db4d829391de42f387d1a8d6ddc2b41827ce142445445c1' },
        nonce: 'wjRgXQPWhYtKl0A7bO8Z',
        timestamp: 1576079512,
      },
    );
    const params = headerParams(header);
    expect(params.oauth_signature).toBe('IQwMGWzHT+N+h+AlakCKto0FMhx9j53kL713Xijl9Io=');
    // Query parameters are signed but travel in the URL, not the header.
    expect(params).not.toHaveProperty('consumerKey');
  });

  it('changes the signature when any signed input changes', () => {
    const sign = (nonce: string) =>
      headerParams(
        buildAuthorizationHeader(
          { method: 'POST', url: 'https://1234567.restlets.api.netsuite.com/rest/requesttoken' },
          { consumer: { key: ck, secret: ck }, nonce, timestamp: 1575998103 },
          { oauth_callback: 'https://my.example.com/TBA/?callbackRequest' },
        ),
      ).oauth_signature;
    expect(sign('bUvpxBX93OWo0FLswq5N')).not.toBe(sign('bUvpxBX93OWo0FLswq5M'));
  });
});

describe('computeSignature (RFC 5849 §1.2, HMAC-SHA1)', () => {
  const client = { oauth_consumer_key: 'dpf43f3p2l4k3l03', oauth_signature_method: 'HMAC-SHA1' };

  it('signs the temporary-credentials request', () => {
    const signature = computeSignature(
      { method: 'POST', url: 'https://photos.example.net/initiate' },
      {
        ...client,
        oauth_timestamp: '137131200',
        oauth_nonce: 'wIjqoS',
        oauth_callback: 'http://printer.example.com/ready',
      },
      { consumerSecret: 'kd94hf93k423kf44' },
      'HMAC-SHA1',
    );
    expect(signature).toBe('74KNZJeDHnMBp0EMJ9ZHt/XKycU=');
  });

  it('signs the token request with the temporary secret and verifier', () => {
    const signature = computeSignature(
      { method: 'POST', url: 'https://photos.example.net/token' },
      {
        ...client,
        oauth_token: 'hh5s93j4hdidpola',
        oauth_timestamp: '137131201',
        oauth_nonce: 'walatlh',
        oauth_verifier: 'hfdp7dh39dks9884',
      },
      { consumerSecret: 'kd94hf93k423kf44', tokenSecret: 'hdhd0244k9j7ao03' },
      'HMAC-SHA1',
    );
    expect(signature).toBe('gKgrFCywp7rO0OXSjdot/IHF7IU=');
  });

  it('signs a resource request including its query parameters', () => {
    const signature = computeSignature(
      { method: 'GET', url: 'http://photos.example.net/photos?file=vacation.jpg&size=original' },
      { ...client, oauth_token: 'nnch734d00sl2jdk', oauth_timestamp: '137131202', oauth_nonce: 'chapoH' },
      { consumerSecret: 'kd94hf93k423kf44', tokenSecret: 'pfkkdhi9sl3r4s00' },
      'HMAC-SHA1',
    );
    expect(signature).toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=');
  });
});
