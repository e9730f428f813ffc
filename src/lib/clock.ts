/** Time as the server sees it; tests substitute a fixed or offset clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock shifted by a fixed offset, for tests of expiry and skew. */
export function offsetClock(offsetMs: () => number): Clock {
  return { now: () => new Date(Date.now() + offsetMs()) };
}
