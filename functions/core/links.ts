import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { FlowError } from './errors.js';
import { accountIdSchema, tenantIdSchema } from './ids.js';
import { parseJsonOrUndefined } from './json.js';
import type { LinkSigningKeySource } from './ports.js';

/** What an onboarding link vouches for. The link is the only credential the tenant's admin carries. */
export interface LinkClaims {
  readonly linkId: string;
  readonly tenantId: string;
  readonly returnUrl: string;
  readonly accountId: string | undefined;
  /**
   * The integration record in force when the link was created (its consumer key, which is no secret), so
   * that the start signs at once instead of looking the tenant's record up. Undefined: look it up.
   */
  readonly consumerKey: string | undefined;
  /** Epoch seconds. */
  readonly expiresAt: number;
}

export interface LinkCodec {
  sign(claims: LinkClaims): Promise<string>;
  /** Checks integrity only; expiry and single use are the flow's business. Throws `link_invalid`. */
  verify(link: string): Promise<LinkClaims>;
}

/** Link ids are `lnk_` and letters and digits only, so the part after the prefix can travel in NetSuite's `state`. */
export const LINK_ID_PREFIX = 'lnk_';
export const LINK_ID_BODY = '[A-Za-z0-9]{16,64}';

// Short keys keep the link URL short; the version lets the format change without breaking issued links.
const payloadSchema = z.strictObject({
  v: z.literal(1),
  id: z.string().check(z.regex(new RegExp(`^${LINK_ID_PREFIX}${LINK_ID_BODY}$`))),
  t: tenantIdSchema,
  r: z.url({ protocol: /^https?$/ }).check(z.maxLength(2048)),
  a: z.optional(accountIdSchema),
  c: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/))),
  e: z.int().check(z.positive()),
});

const MAX_LINK_LENGTH = 4096;

/** `<base64url(JSON claims)>.<base64url(HMAC-SHA256)>`, keyed by a secret that never leaves the back end. */
export function createLinkCodec(keySource: LinkSigningKeySource): LinkCodec {
  const mac = async (payload: string) =>
    createHmac('sha256', await keySource.get())
      .update(payload)
      .digest();

  return {
    async sign(claims) {
      const payload = Buffer.from(
        JSON.stringify({
          v: 1,
          id: claims.linkId,
          t: claims.tenantId,
          r: claims.returnUrl,
          ...(claims.accountId === undefined ? {} : { a: claims.accountId }),
          ...(claims.consumerKey === undefined ? {} : { c: claims.consumerKey }),
          e: claims.expiresAt,
        }),
      ).toString('base64url');
      return `${payload}.${(await mac(payload)).toString('base64url')}`;
    },

    async verify(link) {
      const [payload, signature, ...rest] = link.length > MAX_LINK_LENGTH ? [] : link.split('.');
      if (payload === undefined || signature === undefined || rest.length > 0) throw invalid('malformed');
      const expected = await mac(payload);
      const given = Buffer.from(signature, 'base64url');
      // Constant-time: a byte-by-byte compare would let an attacker forge a MAC from response timing.
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw invalid('bad signature');
      const claims = payloadSchema.safeParse(
        parseJsonOrUndefined(Buffer.from(payload, 'base64url').toString('utf8')),
      );
      if (!claims.success) throw invalid('unexpected content');
      const { id, t, r, a, c, e } = claims.data;
      return { linkId: id, tenantId: t, returnUrl: r, accountId: a, consumerKey: c, expiresAt: e };
    },
  };
}

function invalid(detail: string): FlowError {
  return new FlowError('link_invalid', `Onboarding link rejected: ${detail}`);
}
