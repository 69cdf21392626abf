// Reconnect and retry delays: the transport waits them between connection attempts, a document
// between resubmissions of an op the server refused for a while (rate-limited, draining, ...).

/**
 * The n-th consecutive attempt waits a random time in [s/2, s] with s = min(max, initial * 2^n)
 * ("equal jitter"); a prompt reconnect (after 1001) waits a random time in [0, initial]. `random`
 * returns a number in [0, 1).
 */
export class Backoff {
  constructor(initial = 500, max = 30_000) {
    if (!(initial > 0)) throw new RangeError(`initial backoff must be positive, was ${initial}`);
    if (!(max >= initial)) throw new RangeError(`max backoff ${max} is less than the initial ${initial}`);
    this.initial = initial;
    this.max = max;
  }

  step(attempt) {
    return Math.min(this.max, this.initial * 2 ** Math.min(Math.max(attempt, 0), 30));
  }

  delay(attempt, random) {
    const step = this.step(attempt);
    const half = step / 2;
    return Math.round(half + random() * (step - half));
  }

  prompt(random) {
    return Math.round(random() * this.initial);
  }
}
