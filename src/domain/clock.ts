/** The one source of "now" (epoch milliseconds). Read at the edges and passed inward. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock whose setting lives in shared memory, so a worker thread (delivery) reads the same "now"
 * as the thread that moves it: real time plus an offset (the sandbox's time travel), or a fixed
 * instant (tests). The thread that owns it moves it; others rebuild it from `buffer`.
 */
export class ShareableClock implements Clock {
  /** [0]: offset from real time in ms; [1]: a fixed instant, or NaN to follow real time. */
  private readonly cells: Float64Array;

  readonly buffer: SharedArrayBuffer;

  /** A new clock on real time, or (given another's buffer) a view of that clock. */
  constructor(buffer?: SharedArrayBuffer) {
    this.buffer = buffer ?? new SharedArrayBuffer(2 * Float64Array.BYTES_PER_ELEMENT);
    this.cells = new Float64Array(this.buffer);
    if (!buffer) this.cells[1] = Number.NaN;
  }

  now(): number {
    const fixed = this.cells[1]!;
    return Number.isNaN(fixed) ? Date.now() + this.cells[0]! : fixed;
  }

  protected setOffset(ms: number): void {
    this.cells[1] = Number.NaN;
    this.cells[0] = ms;
  }

  protected setFixed(ms: number): void {
    this.cells[1] = ms;
  }

  protected get offset(): number {
    return this.cells[0]!;
  }
}
