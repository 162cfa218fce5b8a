import type { ServerResponse } from "node:http";
import { slackError, type Json } from "../web-api/wire.js";
import type { CallLog, RecordedCall } from "./call-log.js";
import { sendJson } from "./http-wire.js";

/**
 * Faults a test injects to play an unreliable Slack: rate limits, HTTP errors, Slack errors, lost
 * and slow answers, for the next matching calls of a method, in the order they were added.
 */

export interface Fault {
  /** HTTP status to answer with, e.g. 429 or 500. */
  status?: number;
  /** Slack error code returned with ok:false and HTTP 200, e.g. "channel_not_found". */
  error?: string;
  /** Retry-After for status 429 (default 1). */
  retryAfterSec?: number;
  /** How many matching calls the fault applies to (default 1; Infinity allowed). */
  times?: number;
  /** Only calls for which this returns true are faulted. */
  match?: (args: Json) => boolean;
  /** Apply the call normally, then destroy the socket without answering (a lost response). */
  dropResponse?: boolean;
  /** Apply the call normally, then answer only after this many ms (a slow or hung Slack). */
  delayMs?: number;
}

interface ActiveFault {
  fault: Fault;
  remaining: number;
}

export class FaultBook {
  private readonly byMethod = new Map<string, ActiveFault[]>();

  add(method: string, fault: Fault): void {
    if (fault.status === undefined && fault.error === undefined && !fault.dropResponse && fault.delayMs === undefined) {
      throw new Error("SlackEmulator.fail: a fault needs status, error, dropResponse or delayMs");
    }
    const list = this.byMethod.get(method) ?? [];
    list.push({ fault, remaining: fault.times ?? 1 });
    this.byMethod.set(method, list);
  }

  /** The fault for this call, if any, counted as used. */
  take(method: string, args: Json): Fault | undefined {
    const list = this.byMethod.get(method);
    if (!list) return undefined;
    const idx = list.findIndex((f) => f.remaining > 0 && (f.fault.match?.(args) ?? true));
    if (idx < 0) return undefined;
    const active = list[idx]!;
    active.remaining -= 1;
    if (active.remaining <= 0) list.splice(idx, 1);
    return active.fault;
  }

  clear(): void {
    this.byMethod.clear();
  }
}

/** Answers `call` as a status or error fault says, instead of applying it, and logs it as rejected. */
export function answerWithFault(call: RecordedCall, fault: Fault, res: ServerResponse, log: CallLog): void {
  if (fault.status === 429) {
    call.response = slackError("ratelimited");
    log.reject(call);
    sendJson(res, 429, call.response, { "retry-after": String(fault.retryAfterSec ?? 1) });
  } else if (fault.status !== undefined && fault.status !== 200) {
    call.response = { ok: false, error: `http_${fault.status}` };
    log.reject(call);
    res.writeHead(fault.status, { "content-type": "text/plain" });
    res.end(`slack emulator: injected HTTP ${fault.status}`);
  } else {
    call.response = slackError(fault.error ?? "fatal_error");
    log.reject(call);
    sendJson(res, 200, call.response);
  }
}
