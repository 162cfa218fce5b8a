import type { Db } from "../db/connection.js";
import { EscalationRepo } from "../db/escalation-repo.js";
import { OutboxRepo } from "../db/outbox-repo.js";
import type { EscalationRow, OutboxRow } from "../db/schema.js";
import type { Clock } from "../domain/clock.js";
import { channelWaitError, mayRetryDelivery } from "../domain/channel-wait.js";
import { channelQueue, describeIntent, destinationChannel } from "../domain/outbox-intent.js";

export interface DeliveryRetryDeps {
  db: Db;
  clock: Clock;
  /** Called when rows became due, so the deliverer sends them now rather than at its next poll. */
  onOutboxWritten?: () => void;
}

/** A channel Slack says is now there for the bot: its id, and its name when known. */
export interface AvailableChannel {
  id: string;
  name?: string;
}

export type RetryRequest =
  /** `rowIds` are due now (as of `since`); `progress` tells what became of them. */
  | { kind: "retrying"; escalation: EscalationRow; rowIds: number[]; since: number }
  /** Nothing of the escalation waits for a channel (it went out meanwhile, or never waited). */
  | { kind: "nothing_waiting"; escalation: EscalationRow }
  | { kind: "not_allowed"; escalation: EscalationRow }
  | { kind: "not_found" };

/** What became of rows asked to be tried again. */
export type RetryProgress =
  /** Not tried yet (or being sent right now). */
  | { kind: "trying" }
  /** Everything asked for went out; `escalation` as it is now (with its post's reference). */
  | { kind: "delivered"; escalation: EscalationRow }
  /**
   * Tried, and a channel is still missing or closed to the bot: `what` waits for it (undefined when
   * it is the escalation's own post); `escalation` as it is now (its post may have gone meanwhile).
   */
  | { kind: "waiting"; channel: string; error: string; what: string | undefined; escalation: EscalationRow }
  /** Tried, and Slack refused for another reason: `failed` for good, else it is retried later by itself. */
  | { kind: "not_delivered"; error: string; failed: boolean };

/**
 * Messages waiting for their channel are tried again as soon as the cause may be gone: when Slack
 * says a channel was created or the bot was invited, or when the reporter or owner asks. Trying
 * again only makes a row due now (its backoff starting over); the deliverer does the rest, so a row
 * is never sent twice and a channel still closed is told to nobody again.
 */
export class DeliveryRetries {
  constructor(private readonly deps: DeliveryRetryDeps) {}

  /**
   * Slack says `channel` now exists, or that the bot joined it: what waits for it (named by id or
   * by name in the playbook) becomes due now. Returns how many rows.
   */
  async channelAvailable(channel: AvailableChannel): Promise<number> {
    const queues = [channelQueue(channel.id), ...(channel.name ? [channelQueue(channel.name)] : [])];
    const due = await this.deps.db.transaction((tx) => new OutboxRepo(tx).retryWaitingNow(queues, this.deps.clock.now()));
    if (due > 0) this.deps.onOutboxWritten?.();
    return due;
  }

  /** The reporter or owner asks for an escalation's waiting messages to be tried now. */
  async request(escalationId: number, userId: string): Promise<RetryRequest> {
    const since = this.deps.clock.now();
    const result = await this.deps.db.transaction(async (tx): Promise<RetryRequest> => {
      const escalation = await new EscalationRepo(tx).findById(escalationId);
      if (!escalation) return { kind: "not_found" };
      if (!mayRetryDelivery(escalation, userId)) return { kind: "not_allowed", escalation };
      const rows = await new OutboxRepo(tx).retryWaitingOf(escalationId, since);
      // Read again: on PostgreSQL each statement sees what committed before it, so a post that went
      // out by itself between the first read and this one is in this read (and the answer says where).
      if (rows.length === 0) return { kind: "nothing_waiting", escalation: (await new EscalationRepo(tx).findById(escalationId)) ?? escalation };
      return { kind: "retrying", escalation, rowIds: rows.map((r) => r.id), since };
    });
    if (result.kind === "retrying") this.deps.onOutboxWritten?.();
    return result;
  }

  /** What became of the rows a request made due at `since`; the most pressing answer first. */
  async progress(escalationId: number, rowIds: readonly number[], since: number): Promise<RetryProgress> {
    const { escalation, rows } = await this.deps.db.read(async (tx) => ({
      escalation: await new EscalationRepo(tx).findById(escalationId),
      rows: await new OutboxRepo(tx).findByIds(rowIds),
    }));
    if (!escalation) return { kind: "not_delivered", error: "the escalation no longer exists", failed: true };
    if (rows.some((r) => r.status === "pending" && r.nextAttemptAt <= since)) return { kind: "trying" };
    const waiting = rows.find((r) => r.status === "pending" && channelWaitError(r.lastError));
    if (waiting) {
      const what = waiting.kind === "post_escalation" ? undefined : describeIntent(waiting.payload);
      return { kind: "waiting", channel: channelOf(waiting, escalation), error: waiting.lastError ?? "", what, escalation };
    }
    const refused = rows.find((r) => r.status === "failed") ?? rows.find((r) => r.status === "pending");
    if (refused) return { kind: "not_delivered", error: refused.lastError ?? "unknown error", failed: refused.status === "failed" };
    return { kind: "delivered", escalation };
  }
}

function channelOf(row: OutboxRow, esc: EscalationRow): string {
  return destinationChannel(row.payload, esc.channel) ?? esc.channel;
}
