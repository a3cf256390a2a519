// Where the sandbox's time comes from: the real clock by default, a manual one that tests move forward.

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves once the clock has moved `ms` forward (injected latency). */
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Time stands still until `advance` or `set` moves it; sleepers wake when their time is reached. */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: { at: number; wake: () => void }[] = [];

  constructor(start: number = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((wake) => this.sleepers.push({ at: this.current + ms, wake }));
  }

  /** Moves the clock forward; returns the new time. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('the clock only moves forward (ms >= 0)');
    return this.set(this.current + ms);
  }

  set(time: number): number {
    if (!Number.isFinite(time) || time < this.current) throw new Error('the clock only moves forward');
    this.current = time;
    const due = this.sleepers.filter((s) => s.at <= time);
    this.sleepers = this.sleepers.filter((s) => s.at > time);
    for (const s of due) s.wake();
    return time;
  }

  /** How many injected sleeps are waiting for the clock (lets a test know a delayed answer is pending). */
  pendingSleeps(): number {
    return this.sleepers.length;
  }
}
