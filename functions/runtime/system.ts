import { randomInt } from 'node:crypto';
import type { Clock, RandomSource } from '../core/ports.js';

export const systemClock: Clock = { now: () => Date.now() };

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** CSPRNG letters and digits; randomInt is unbiased, unlike `byte % 62`. */
export const cryptoRandom: RandomSource = {
  alphanumeric(length) {
    let result = '';
    for (let i = 0; i < length; i++) result += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
    return result;
  },
};
