/** The one source of "now" (epoch milliseconds). Read at the edges and passed inward. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
