import type { EventEmitter } from "node:events";
import type { Json } from "../web-api/wire.js";

/**
 * Every call the emulator answered (and those a fault answered instead), for tests to assert on and
 * wait for: a wait resolves as soon as a matching call is recorded, and on timeout says what was
 * seen. Each call is also emitted as "call" for the sandbox page.
 */

// Captured at load so waits keep working when a test installs fake timers.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

export interface RecordedCall {
  method: string;
  /** Request arguments; JSON-encoded nested values (blocks, view, ...) are parsed back to objects. */
  args: Json;
  /** Date.now() when the request arrived. */
  at: number;
  token?: string;
  /** The JSON body answered (or that would have been, for dropResponse). */
  response?: Json;
}

interface Waiter {
  check: () => boolean;
  fail: (err: Error) => void;
}

export class CallLog {
  readonly calls: RecordedCall[] = [];
  /** Calls answered by an injected fault instead of being applied. */
  readonly rejected: RecordedCall[] = [];
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly events: EventEmitter,
    /** Keep at most this many calls (the oldest go first). */
    private readonly keep: number,
  ) {}

  record(call: RecordedCall): void {
    this.calls.push(call);
    if (this.calls.length > this.keep) this.calls.splice(0, this.calls.length - this.keep);
    this.events.emit("call", call);
    for (const w of [...this.waiters]) {
      try {
        if (w.check()) this.waiters.delete(w);
      } catch (err) {
        // A throwing predicate fails its own wait, not the HTTP request.
        this.waiters.delete(w);
        w.fail(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  reject(call: RecordedCall): void {
    this.rejected.push(call);
    this.events.emit("call", call);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first matching call, recorded already or later; on timeout says what was seen. */
  waitFor(method: string, predicate: ((c: RecordedCall) => boolean) | undefined, timeoutMs: number): Promise<RecordedCall> {
    return this.waitUntil(
      () => this.calls.find((c) => c.method === method && (predicate?.(c) ?? true)),
      `a ${method} call${predicate ? " matching the predicate" : ""}`,
      timeoutMs,
    );
  }

  waitForCount(method: string, n: number, timeoutMs: number): Promise<RecordedCall[]> {
    return this.waitUntil(
      () => {
        const matching = this.callsTo(method);
        return matching.length >= n ? matching.slice(0, n) : undefined;
      },
      `${n} ${method} call(s) (have ${this.callsTo(method).length})`,
      timeoutMs,
    );
  }

  /** Forgets recorded and rejected calls; pending waits keep waiting. */
  clear(): void {
    this.calls.length = 0;
    this.rejected.length = 0;
  }

  /** Fails every pending wait (the emulator is stopping). */
  failWaits(err: Error): void {
    for (const w of this.waiters) w.fail(err);
    this.waiters.clear();
  }

  private waitUntil<T>(probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          const found = probe();
          if (found === undefined) return false;
          realClearTimeout(timer);
          resolve(found);
          return true;
        },
        fail: (err) => {
          realClearTimeout(timer);
          reject(err);
        },
      };
      const timer = realSetTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`SlackEmulator: timed out after ${timeoutMs}ms waiting for ${what}.\n${this.describe()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private describe(): string {
    const summarize = (list: RecordedCall[]): string =>
      list.length === 0
        ? "(none)"
        : list
            .map((c) => {
              const where = typeof c.args.channel === "string" ? ` channel=${c.args.channel}` : "";
              const err = c.response && c.response.ok === false ? ` -> ${String(c.response.error)}` : "";
              return `${c.method}${where}${err}`;
            })
            .join(", ");
    return `Recorded calls: ${summarize(this.calls)}\nRejected (faulted) calls: ${summarize(this.rejected)}`;
  }
}
