import { createHash, timingSafeEqual } from 'node:crypto';

/** Values that only need to be recognised later (state, binding) are kept as SHA-256 hex, never in clear. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Constant-time, so that a caller cannot learn a stored hash byte by byte from response timing. */
export function hashesEqual(aHex: string, bHex: string): boolean {
  const a = Buffer.from(aHex, 'hex');
  const b = Buffer.from(bHex, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}
