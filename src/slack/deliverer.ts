import type { WebClient } from "@slack/web-api";
import type { Db } from "../db/connection.js";
import { EscalationRepo } from "../db/escalation-repo.js";
import { OutboxRepo } from "../db/outbox-repo.js";
import type { EscalationRow, OutboxRow } from "../db/schema.js";
import { TimelineRepo } from "../db/timeline-repo.js";
import type { Clock } from "../domain/clock.js";
import { formatEscalationId } from "../domain/escalation-id.js";
import { outboxKey } from "../domain/outbox-intent.js";
import { formatFields, type Logger } from "../logger.js";
import type { ChannelDirectory } from "./channel-directory.js";
import { classifyDeliveryError, isUnreachableChannel } from "./delivery-error.js";
import type { Policy } from "../policy/model.js";
import type { RoleDirectory } from "./role-directory.js";
import { buildCrossPost, buildEscalationMessage, type RenderContext } from "./views/escalation-message.js";
import { buildConfirmation, buildPostFailure, buildThreadNotice } from "./views/notices.js";

export interface DelivererDeps {
  db: Db;
  policy: Policy;
  roles: RoleDirectory;
  /** A client with its own retries off: the outbox owns retrying, so one 429 never blocks the process. */
  client: WebClient;
  channels: ChannelDirectory;
  clock: Clock;
  logger: Logger;
}

const BATCH = 50;
const MAX_ATTEMPTS = 12;
const BASE_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 10 * 60_000;

/** Thrown when a row cannot be sent because what it refers to never made it to Slack. */
class MissingDependencyError extends Error {}

/**
 * Drains the outbox into Slack. Rows are rendered from current state at send time, sent oldest first
 * per escalation, retried with backoff on transient errors and marked failed (with a timeline entry)
 * on permanent ones.
 */
export class Deliverer {
  private readonly outbox: OutboxRepo;
  private readonly escalations: EscalationRepo;
  private readonly timeline: TimelineRepo;
  private draining: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: DelivererDeps) {
    this.outbox = new OutboxRepo(deps.db);
    this.escalations = new EscalationRepo(deps.db);
    this.timeline = new TimelineRepo(deps.db);
  }

  /** Polls for retries and for rows a previous process committed but never sent. */
  start(pollMs: number): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining;
  }

  /** Asks for a drain soon; calls during a drain make it run once more instead of in parallel. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drainLoop().finally(() => {
      this.draining = undefined;
    });
  }

  /** Sends everything due now; resolves when nothing due is left. Tests and the bench await it. */
  async drain(): Promise<void> {
    while (this.draining) await this.draining;
    this.draining = this.drainLoop().finally(() => {
      this.draining = undefined;
    });
    await this.draining;
  }

  private async drainLoop(): Promise<void> {
    do {
      this.again = false;
      const rows = this.outbox.due(this.deps.clock.now(), BATCH);
      for (const row of rows) {
        if (this.stopped) return;
        await this.deliver(row);
      }
      if (rows.length > 0) this.again = true;
    } while (this.again && !this.stopped);
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const attempts = row.attempts + 1;
    try {
      await this.send(row);
      this.deps.logger.debug(`outbox.sent ${formatFields({ row: row.id, kind: row.kind, escalation: row.escalationId })}`);
    } catch (err) {
      const failure = err instanceof MissingDependencyError ? { retry: false as const, code: err.message } : classifyDeliveryError(err);
      const fields = { row: row.id, kind: row.kind, escalation: row.escalationId, attempt: attempts, error: failure.code };
      if (failure.retry && attempts < MAX_ATTEMPTS) {
        const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempts - 1));
        const delay = failure.retryAfterMs ?? backoff;
        this.outbox.scheduleRetry(row.id, attempts, this.deps.clock.now() + delay, failure.code);
        this.deps.logger.warn(`outbox.retry ${formatFields({ ...fields, in_ms: delay })}`);
        return;
      }
      this.recordPermanentFailure(row, attempts, failure.code);
      this.deps.logger.error(`outbox.failed ${formatFields(fields)}`);
    }
  }

  private recordPermanentFailure(row: OutboxRow, attempts: number, error: string): void {
    const now = this.deps.clock.now();
    this.deps.db.transaction(() => {
      this.outbox.markFailed(row.id, attempts, error);
      if (row.escalationId !== null) {
        this.timeline.append({ escalationId: row.escalationId, at: now, kind: "delivery_failed", detail: { outboxKind: row.kind, error } });
      }
    });
  }

  private escalationOf(row: OutboxRow): EscalationRow {
    const esc = row.escalationId === null ? undefined : this.escalations.findById(row.escalationId);
    if (!esc) throw new MissingDependencyError(`escalation ${row.escalationId} not found`);
    return esc;
  }

  /** The channel message must exist before it can be updated or replied to. */
  private postedMessage(esc: EscalationRow): { channel: string; ts: string } {
    if (!esc.messageChannelId || !esc.messageTs) {
      throw new MissingDependencyError(`${formatEscalationId(esc.id)} has no channel message (its post failed)`);
    }
    return { channel: esc.messageChannelId, ts: esc.messageTs };
  }

  private async send(row: OutboxRow): Promise<void> {
    const { client, clock } = this.deps;
    const intent = row.payload;
    const esc = this.escalationOf(row);
    switch (intent.kind) {
      case "post_escalation": {
        if (esc.messageTs) return this.outbox.markSent(row.id, clock.now());
        const channel = await this.deps.channels.resolve(esc.channel);
        const res = await client.chat.postMessage({ channel, ...buildEscalationMessage(esc, await this.renderContext(esc)) });
        if (!res.ts || !res.channel) throw new Error("chat.postMessage returned no ts");
        const ts = res.ts;
        const postedChannel = res.channel;
        this.deps.db.transaction(() => {
          this.escalations.setMessageRef(esc.id, postedChannel, ts);
          this.outbox.markSent(row.id, clock.now());
        });
        return;
      }
      case "refresh_escalation": {
        const msg = this.postedMessage(esc);
        await client.chat.update({ ...msg, ...buildEscalationMessage(esc, await this.renderContext(esc)) });
        this.deps.db.transaction(() => {
          this.outbox.markSent(row.id, clock.now());
          this.outbox.completePendingRefreshes(esc.id, clock.now());
        });
        return;
      }
      case "crosspost": {
        this.postedMessage(esc);
        const channel = await this.deps.channels.resolve(intent.channel);
        const permalink = esc.restricted ? undefined : await this.permalink(esc);
        await client.chat.postMessage({ channel, ...buildCrossPost(esc, await this.renderContext(esc), permalink) });
        return this.outbox.markSent(row.id, clock.now());
      }
      case "thread_notice": {
        const msg = this.postedMessage(esc);
        const event = this.timeline.findById(intent.eventId);
        if (!event) throw new MissingDependencyError(`timeline event ${intent.eventId} not found`);
        await client.chat.postMessage({ channel: msg.channel, thread_ts: msg.ts, text: buildThreadNotice(esc, event) });
        return this.outbox.markSent(row.id, clock.now());
      }
      case "confirm_reporter": {
        const text = esc.messageTs ? buildConfirmation(esc, await this.permalink(esc)) : buildPostFailure(esc, this.postError(esc));
        await this.tellUser(intent.userId, intent.channelId, text);
        return this.outbox.markSent(row.id, clock.now());
      }
    }
  }

  private async renderContext(esc: EscalationRow): Promise<RenderContext> {
    return { policy: this.deps.policy, now: this.deps.clock.now(), mentions: await this.deps.roles.mentions([...esc.notify, ...esc.cc]) };
  }

  private async permalink(esc: EscalationRow): Promise<string | undefined> {
    if (!esc.messageChannelId || !esc.messageTs) return undefined;
    try {
      const res = await this.deps.client.chat.getPermalink({ channel: esc.messageChannelId, message_ts: esc.messageTs });
      return res.permalink;
    } catch {
      return undefined; // the confirmation still names the channel
    }
  }

  private postError(esc: EscalationRow): string {
    return this.outbox.findByDedupeKey(outboxKey.post(esc.id))?.lastError ?? "unknown error";
  }

  /** Ephemeral in the channel where the user is; a DM when that channel cannot take one. */
  private async tellUser(userId: string, channelId: string | null, text: string): Promise<void> {
    if (channelId) {
      try {
        await this.deps.client.chat.postEphemeral({ channel: channelId, user: userId, text });
        return;
      } catch (err) {
        if (!isUnreachableChannel(err)) throw err;
      }
    }
    const dm = await this.deps.client.conversations.open({ users: userId });
    const dmChannel = dm.channel?.id;
    if (!dmChannel) throw new Error("conversations.open returned no channel");
    await this.deps.client.chat.postMessage({ channel: dmChannel, text });
  }
}
