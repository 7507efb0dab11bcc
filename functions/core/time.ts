import type { Clock } from './ports.js';

/** Epoch seconds: the unit of every expiry, TTL and OAuth timestamp. */
export const nowSeconds = (clock: Clock): number => Math.floor(clock.now() / 1000);
