/**
 * Time as the rate limiter sees it: monotonic milliseconds and a cancellable timer. Tests pass
 * a fake one and step it; the app uses the real one.
 */
export interface Clock {
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};
