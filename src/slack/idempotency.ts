import { randomUUID } from "node:crypto";
import type { AckFn, AnyMiddlewareArgs, App, Middleware, ReceiverEvent } from "@slack/bolt";
import type { Db } from "../db/connection.js";
import { ReceiptRepo, type ReceiptOutcome } from "../db/receipt-repo.js";
import type { Clock } from "../domain/clock.js";
import { logEvent, type Logger } from "../logger.js";

/**
 * Every request is handled once. Slack retries what it got no answer for in time, people double
 * click, and a captured signed request can be sent again for five minutes: each of those repeats is
 * answered as the first one was, without running its listener again (no second thread reply, DM or
 * "Sorry, that did not work" from a trigger id already used).
 *
 * The key is claimed in the database before the listener runs, so of two concurrent copies only one
 * runs, in this process or another. A request whose listener gave no answer (it threw before acking,
 * or answered a form with errors, which saves nothing) gives its key up, so a retry or the corrected
 * form is handled. A process killed mid-request leaves its claim unfinished: on SQLite the next
 * process takes such claims over at once, so Slack's retry after a crash is handled, not swallowed;
 * replicas on PostgreSQL take another's claim over once it is stale (30 s), since its owner may be
 * alive and still at work.
 */

/** A claim still unfinished after this long belongs to a handler that died or hung. */
const STALE_CLAIM_MS = 30_000;
/** Far longer than Slack retries (about 5 minutes) and a signed request's 10-minute window. */
const KEEP_RECEIPTS_MS = 24 * 60 * 60_000;
/** Old receipts are deleted on the first claim and every this many claims after it. */
const PRUNE_EVERY = 500;

export interface IdempotencyDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * What makes two requests the same one, or undefined for requests that are never deduplicated
 * (options requests, view_closed: answering them twice does no harm).
 * - an event: its `event_id` (the same on each of Slack's retries);
 * - a slash command or a shortcut: its `trigger_id` (one per time a person uses it);
 * - a click: its `action_ts` with who clicked what, where;
 * - a form submission: the view's id and hash (the hash changes when the app updates the view, after
 *   which the person may submit it again).
 */
export function requestKey(body: unknown): string | undefined {
  const b = obj(body);
  if (!b) return undefined;
  if (b.type === "event_callback") {
    const id = str(b.event_id);
    return id ? `event:${id}` : undefined;
  }
  if (str(b.command)) {
    const trigger = str(b.trigger_id);
    return trigger ? `command:${trigger}` : undefined;
  }
  if (b.type === "shortcut" || b.type === "message_action") {
    const trigger = str(b.trigger_id);
    return trigger ? `shortcut:${trigger}` : undefined;
  }
  if (b.type === "block_actions") {
    const action = obj(Array.isArray(b.actions) ? b.actions[0] : undefined);
    const user = str(obj(b.user)?.id);
    const ts = str(action?.action_ts);
    if (!action || !user || !ts) return undefined;
    const container = obj(b.container);
    const where = str(container?.message_ts) ?? str(container?.view_id) ?? "";
    return `action:${user}:${str(action.action_id) ?? ""}:${str(action.block_id) ?? ""}:${where}:${ts}`;
  }
  if (b.type === "view_submission") {
    const view = obj(b.view);
    const id = str(view?.id);
    return id ? `view:${id}:${str(view?.hash) ?? ""}` : undefined;
  }
  return undefined;
}

/** What a request was answered with, seen from its ack. */
interface Answer {
  acked: boolean;
  response?: unknown;
  /** Runs after the listener's ack() and before the answer goes back to Slack. */
  beforeAnswer?: (response: unknown) => Promise<void>;
}

/** Claims each request's key before its listener runs and answers repeats from the receipt. */
export function installIdempotency(app: App, deps: IdempotencyDeps): void {
  const answers = new WeakMap<object, Answer>();
  recordAnswers(app, answers);
  app.use(handleOnce(deps, answers));
}

/**
 * Bolt gives middleware the listener's own ack() and no way to wrap it, so the answer is recorded
 * where Bolt receives each request from its receiver (HTTP and Socket Mode alike), keyed by the body
 * object that middleware and listeners are handed.
 */
function recordAnswers(app: App, answers: WeakMap<object, Answer>): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event: ReceiverEvent) => {
    const answer: Answer = { acked: false };
    answers.set(event.body, answer);
    const ack: AckFn<unknown> = async (response) => {
      answer.acked = true;
      answer.response = response;
      await answer.beforeAnswer?.(response);
      return event.ack(response);
    };
    return processEvent({ ...event, ack });
  };
}

const isFormErrors = (response: unknown) => obj(response)?.response_action === "errors";

function handleOnce({ db, clock, logger }: IdempotencyDeps, answers: WeakMap<object, Answer>): Middleware<AnyMiddlewareArgs> {
  const receipts = receiptsIn(db);
  const holder = `${process.pid}:${randomUUID().slice(0, 8)}`;
  // On SQLite the other holders are this process's earlier lives, dead: their unfinished claims are
  // taken over at once. On PostgreSQL they may be live replicas still handling the request, so only
  // a stale claim is taken over.
  const othersBefore = db.engine === "sqlite" ? clock.now() : 0;
  let claims = 0;
  const prune = async (now: number) => {
    if (claims % PRUNE_EVERY !== 1) return;
    try {
      await receipts.pruneOlderThan(now - KEEP_RECEIPTS_MS);
    } catch (err) {
      logger.warn({ error: message(err) }, "request.prune_failed");
    }
  };

  return async (args) => {
    const { body, next } = args;
    const key = requestKey(body);
    if (!key) return next();
    // Events have been acked by Bolt already, and their middleware gets no ack.
    const ack = (args as { ack?: AckFn<unknown> }).ack;
    const now = clock.now();
    const claim = String(++claims);
    let claimed: boolean;
    try {
      claimed = await receipts.claim(key, { holder, claim }, now, { staleBefore: now - STALE_CLAIM_MS, othersBefore });
    } catch (err) {
      // The request still deserves an answer; the services' own checks are the remaining guard.
      logger.warn({ key, error: message(err), outcome: "handled without replay protection" }, "request.claim_failed");
      return next();
    }
    if (!claimed) return answerRepeat(key, ack);
    void prune(now);

    const answer = answers.get(body) ?? { acked: true };
    const ackedBefore = answer.acked;
    let settled = false;
    // A form answered with errors saved nothing: its key is given up before the errors reach the
    // person, so the corrected form, or the same one sent again however quickly, is handled anew
    // rather than answered as a copy of a request still in flight (an empty ack closes the form).
    answer.beforeAnswer = async (response) => {
      if (!isFormErrors(response)) return;
      settled = true;
      await settle(key, claim, undefined);
    };
    try {
      await next();
    } catch (err) {
      if (!settled) await settle(key, claim, answer.acked && !ackedBefore ? answer : undefined);
      throw err;
    }
    if (!settled) await settle(key, claim, answer.acked && !isFormErrors(answer.response) ? answer : undefined);
  };

  /** Keeps what was answered for the repeats, or gives the key up when nothing was. */
  async function settle(key: string, claim: string, answered: Answer | undefined): Promise<void> {
    try {
      if (answered) await receipts.finish(key, claim, { answered: true, ...(answered.response !== undefined ? { response: answered.response } : {}) });
      else await receipts.release(key, claim);
    } catch (err) {
      logger.warn({ key, error: message(err) }, "request.settle_failed");
    }
  }

  /**
   * A repeat gets the first answer. While the first is still being handled that answer is not known
   * yet: the repeat gets an empty ack, which is what every listener answers before its work.
   */
  async function answerRepeat(key: string, ack: AckFn<unknown> | undefined): Promise<void> {
    let outcome: ReceiptOutcome = {};
    try {
      outcome = (await receipts.find(key))?.outcome ?? {};
    } catch (err) {
      logger.warn({ key, error: message(err) }, "request.repeat_unread");
    }
    logEvent(logger, "request.repeat", { key, first: outcome.answered ? "answered" : "in_flight" });
    if (ack) await ack(outcome.response);
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The receipts table, each call one statement committed on its own (Db.autocommit): every request
 * claims and settles its key, so on PostgreSQL each is one round trip rather than three.
 */
function receiptsIn(db: Db) {
  const write = <T>(fn: (r: ReceiptRepo) => Promise<T>) => db.autocommit((tx) => fn(new ReceiptRepo(tx)));
  return {
    claim: (...args: Parameters<ReceiptRepo["claim"]>) => write((r) => r.claim(...args)),
    find: (key: string) => db.read((tx) => new ReceiptRepo(tx).find(key)),
    finish: (...args: Parameters<ReceiptRepo["finish"]>) => write((r) => r.finish(...args)),
    release: (key: string, claim: string) => write((r) => r.release(key, claim)),
    pruneOlderThan: (before: number) => write((r) => r.pruneOlderThan(before)),
  };
}
