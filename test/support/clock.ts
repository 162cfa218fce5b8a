import type { Clock } from "../../src/domain/clock.js";

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private ms: number = Date.parse("2026-01-15T16:00:00Z")) {}
  now(): number {
    return this.ms;
  }
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  advanceMinutes(min: number): void {
    this.ms += min * 60_000;
  }
}
