import { ShareableClock } from "../domain/clock.js";

/**
 * The sandbox's time machine: real time plus an offset the page moves ("+1 h"), so reminders and
 * automatic escalations can be watched in seconds. It is the bot's injected Clock; nothing else in
 * the bot knows time can jump. Shared memory, so the delivery thread sees every jump at once.
 */
export class TravelClock extends ShareableClock {
  constructor(offset = 0) {
    super();
    this.setOffset(offset);
  }

  get offsetMs(): number {
    return this.offset;
  }

  advance(ms: number): void {
    this.setOffset(this.offset + ms);
  }

  backToRealTime(): void {
    this.setOffset(0);
  }
}
