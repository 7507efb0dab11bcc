import { describe, expect, it } from 'vitest';
import { buildAuthorizationHeader } from '../../../functions/core/oauth-signer.js';
import {
  hmacSha256Signature,
  parseAuthorizationHeader,
  percentEncode,
  signatureBaseString,
} from '../../local/simulator/oauth-verification.js';

describe("simulator's own signature verification", () => {
  it('reproduces the RFC 5849 §3.4.1.1 base string (query, form body, encoded names and values)', () => {
    const base = signatureBaseString({
      method: 'POST',
      url: new URL('http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b'),
      formBody: 'c2&a3=2+q',
      oauthParams: new Map([
        ['realm', 'Example'],
        ['oauth_consumer_key', '9djdj82h48djs9d2'],
        ['oauth_token', 'kkk9d7dh3k39sjv7'],
        ['oauth_signature_method', 'HMAC-SHA1'],
        ['oauth_timestamp', '137131201'],
        ['oauth_nonce', '7d8f3e4a'],
        ['oauth_signature', 'ignored'],
      ]),
    });
    expect(base).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
  });

  it('reproduces NS-1 from the header the product sends', () => {
    const ck = '60712990bc09623786e7047c226bcb3f86d49dca0b04efc21001dc76d97a81f5';
    const url = 'https://1234567.restlets.api.netsuite.com/rest/requesttoken';
    const header = buildAuthorizationHeader(
      { method: 'POST', url },
      {
        consumer: { key: ck, secret: ck },
        realm: '1234567',
        nonce: 'bUvpxBX93OWo0FLswq5M',
        timestamp: 1575998103,
      },
      { oauth_callback: 'https://my.example.com/TBA/?callbackRequest' },
    );
    const params = parseAuthorizationHeader(header);
    if (!params) throw new Error('header not parsed');
    expect(params.get('realm')).toBe('1234567');
    const base = signatureBaseString({ method: 'POST', url: new URL(url), oauthParams: params });
    expect(hmacSha256Signature(base, ck, '')).toBe('KPBoxLKj2sTc+7dmTT9K2dsVnK5r7n5/RopNeuZrn70=');
    expect(params.get('oauth_signature')).toBe('KPBoxLKj2sTc+7dmTT9K2dsVnK5r7n5/RopNeuZrn70=');
  });

  it('percent-encodes per RFC 3986, including characters encodeURIComponent leaves alone', () => {
    expect(percentEncode("a b!*'()~-._é")).toBe('a%20b%21%2A%27%28%29~-._%C3%A9');
  });

  it('does not take a non-OAuth header', () => {
    expect(parseAuthorizationHeader('Bearer x')).toBeUndefined();
    expect(parseAuthorizationHeader(undefined)).toBeUndefined();
  });
});
