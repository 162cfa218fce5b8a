import type { Clock } from "../domain/clock.js";

/**
 * The sandbox's time machine: real time plus an offset the page moves ("+1 h"), so reminders and
 * automatic escalations can be watched in seconds. It is the bot's injected Clock; nothing else in
 * the bot knows time can jump.
 */
export class TravelClock implements Clock {
  constructor(
    private offset = 0,
    private readonly realNow: () => number = Date.now,
  ) {}

  now(): number {
    return this.realNow() + this.offset;
  }

  get offsetMs(): number {
    return this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }

  backToRealTime(): void {
    this.offset = 0;
  }
}
