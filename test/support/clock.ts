import { ShareableClock } from "../../src/domain/clock.js";

/** A clock tests move by hand; shared with the bot's delivery thread. */
export class ManualClock extends ShareableClock {
  constructor(ms: number = Date.parse("2026-01-15T16:00:00Z")) {
    super();
    this.setFixed(ms);
  }
  set(iso: string): void {
    this.setFixed(Date.parse(iso));
  }
  advance(ms: number): void {
    this.setFixed(this.now() + ms);
  }
  advanceMinutes(min: number): void {
    this.advance(min * 60_000);
  }
}
