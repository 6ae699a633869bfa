/**
 * Rate limits (per token; per address for failed authentications): a token bucket of `burst` requests refilled at `perMinute` / 60 per
 * second. In memory, per server process (behind several processes, each limits on its own).
 */
export interface RateDecision {
  ok: boolean;
  /** Whole seconds until a request would be allowed (when refused). */
  retryAfter: number;
  remaining: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly burst: number,
    perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
  }

  take(key: string): RateDecision {
    const t = this.now();
    let b = this.buckets.get(key);
    if (b === undefined) {
      if (this.buckets.size > 10_000) this.sweep(t);
      b = { tokens: this.burst, at: t };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.burst, b.tokens + (t - b.at) * this.perMs);
      b.at = t;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true, retryAfter: 0, remaining: Math.floor(b.tokens) };
    }
    const waitMs = (1 - b.tokens) / this.perMs;
    return { ok: false, retryAfter: Math.max(1, Math.ceil(waitMs / 1000)), remaining: 0 };
  }

  /**
   * Without taking anything: 0 when a request of `key` would be allowed now, else the whole
   * seconds until it would be.
   */
  peek(key: string): number {
    const b = this.buckets.get(key);
    if (b === undefined) return 0;
    const tokens = Math.min(this.burst, b.tokens + (this.now() - b.at) * this.perMs);
    if (tokens >= 1) return 0;
    return Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
  }

  /** Forgets full buckets (they behave like new ones). */
  private sweep(t: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + (t - b.at) * this.perMs >= this.burst) this.buckets.delete(k);
    }
  }
}
