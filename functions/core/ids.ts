import * as z from 'zod/mini';

/**
 * Tenant ids end up in DynamoDB keys and Secrets Manager names, so they are restricted to characters that
 * cannot form key separators (`#`) or path tricks (`/`, `..`).
 */
export const tenantIdSchema = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
      'tenant id: 1-64 letters, digits, "_" or "-", starting alphanumeric',
    ),
  );

/**
 * NetSuite account ids in their canonical (OAuth realm) spelling: `1234567`, `1234567_SB1`, `TSTDRV1234567`.
 * Users type them in either spelling (`1234567-sb1` is the URL form), so both are accepted and canonicalised.
 * Only letters, digits and one suffix are allowed: the id becomes a host label, and anything else could
 * steer our server-side requests to another host.
 */
const ACCOUNT_ID = /^[A-Z0-9]{1,24}(?:_(?:SB|RP)\d{1,3})?$/;

export function parseAccountId(input: string): string | undefined {
  const realm = toRealm(input.trim());
  return ACCOUNT_ID.test(realm) ? realm : undefined;
}

export const accountIdSchema = z.pipe(
  z.string().check(
    z.refine((value) => parseAccountId(value) !== undefined, {
      message: 'account id: digits with an optional _SB1/_RP1 suffix, or TSTDRV…',
    }),
  ),
  z.transform((value: string) => parseAccountId(value) ?? value),
);

/** OAuth realm: uppercase, every `-` → `_` (all occurrences, not only the first). */
export function toRealm(accountId: string): string {
  return accountId.toUpperCase().replaceAll('-', '_');
}

/** Host label in NetSuite URLs: lowercase, every `_` → `-`. */
export function toHostLabel(accountId: string): string {
  return accountId.toLowerCase().replaceAll('_', '-');
}
