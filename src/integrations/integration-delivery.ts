import type { IntegrationSettings } from "../config.js";
import type { Db } from "../db/connection.js";
import { EscalationRepo } from "../db/escalation-repo.js";
import { InstallationRepo } from "../db/installation-repo.js";
import { OutboxRepo } from "../db/outbox-repo.js";
import type { EscalationRow, OutboxRow } from "../db/schema.js";
import { TimelineRepo } from "../db/timeline-repo.js";
import type { Clock } from "../domain/clock.js";
import { INTEGRATION_QUEUE, type IntegrationIntent, type IntegrationName } from "../domain/outbox-intent.js";
import type { Policy } from "../domain/playbook/model.js";
import type { Logger } from "../logger.js";
import type { Tx } from "../db/database.js";
import { postJson, type PostOutcome } from "./http-post.js";
import { senderFor, type SendContext } from "./integration-senders.js";

/** One call to an integration, as the sandbox's API log shows it (no secret in it: the routing key is masked). */
export interface IntegrationCall {
  integration: IntegrationName;
  url: string;
  /** What was sent, the routing key masked. */
  body: unknown;
  /** "ok", or the error. */
  outcome: string;
  status?: number;
}

export interface IntegrationDeliveryDeps {
  db: Db;
  policy: Policy;
  clock: Clock;
  logger: Logger;
  settings: IntegrationSettings;
  /** The escalation's thread in Slack, when it can be linked. */
  link(esc: EscalationRow): Promise<string | undefined>;
  /** Told of every call made (the sandbox records them in its API log). */
  onCall?: (call: IntegrationCall) => void;
}

/** How the integrations are named to people (logs, /healthz, the CLI) and what fixes them. */
export const INTEGRATION_LABEL: Record<IntegrationName, { name: string; fix: string }> = {
  pagerduty: { name: "PagerDuty", fix: "check PAGERDUTY_ROUTING_KEY (and PAGERDUTY_EVENTS_URL)" },
  webhook: { name: "the webhook", fix: "check WEBHOOK_URL and that the receiver accepts the bot's events" },
  jira: { name: "Jira", fix: "check JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN and the project (JIRA_PROJECT_KEY or the playbook's jira.project), its issue type and priorities" },
};

const BASE_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * Sends the integrations' outbox rows, one at a time per integration queue, and records what came of
 * each: sent; tried again later with backoff (a 429 after its Retry-After, a 5xx, a timeout, the
 * network); or, when the integration refuses for good (401, 403, 404, a 400), parked with its whole
 * queue until an operator's `escalation-bot integrations retry`. A row found already being sent (its
 * process died between the call and this bookkeeping) is sent again as it was: PagerDuty's dedup
 * key and the webhook's delivery id make the repeat harmless.
 */
export class IntegrationDelivery {
  private teamId: string | undefined;

  constructor(private readonly deps: IntegrationDeliveryDeps) {}

  /** Sends one row and records the outcome; returns how long its queue must wait (a 429's Retry-After), if at all. */
  async deliver(row: OutboxRow, intent: IntegrationIntent): Promise<{ waitMs?: number }> {
    const { db, logger } = this.deps;
    const sender = senderFor(intent);
    const parkedBy = await db.read((tx) => new OutboxRepo(tx).queueParked(row.queue));
    if (parkedBy !== undefined) {
      // The integration refused an earlier event for good: this one waits with it, unsent.
      await db.transaction((tx) => new OutboxRepo(tx).park(row.id, row.attempts, parkedBy));
      return {};
    }
    const ctx = await this.context(row);
    const request = typeof ctx === "string" ? ctx : await sender.request(ctx, intent);
    if (typeof request === "object" && "failed" in request) {
      // The sender's look before its call failed (Jira's search): retried or parked as the call would be.
      this.deps.onCall?.({ integration: sender.name, url: request.url, body: request.shown, outcome: request.failed.code });
      return this.record(row, sender.name, request.failed, undefined);
    }
    if (typeof ctx === "string" || typeof request === "string") {
      // Nothing to send (the escalation is gone, the integration was turned off): failed, and said.
      const reason = typeof ctx === "string" ? ctx : (request as string);
      await db.transaction((tx) => new OutboxRepo(tx).markFailed(row.id, row.attempts + 1, reason));
      logger.warn({ integration: sender.name, row: row.id, reason }, "integration.skipped");
      return {};
    }
    const outcome = await postJson(request.url, request.body, request.headers, { now: () => this.deps.clock.now(), ...(request.method ? { method: request.method } : {}) });
    this.deps.onCall?.({ integration: sender.name, url: request.url, body: request.shown, outcome: outcome.ok ? "ok" : outcome.code, ...(outcome.ok ? { status: outcome.status } : {}) });
    return this.record(row, sender.name, outcome, sender.sent ? (tx, answer) => sender.sent!(tx, ctx, intent, answer) : undefined);
  }

  private async record(row: OutboxRow, name: IntegrationName, outcome: PostOutcome, keep: ((tx: Tx, answer: string) => Promise<void>) | undefined): Promise<{ waitMs?: number }> {
    const { db, clock, logger } = this.deps;
    const now = clock.now();
    const fields = { integration: name, row: row.id, kind: row.kind, escalation: row.escalationId };
    if (outcome.ok) {
      await db.transaction(async (tx) => {
        await keep?.(tx, outcome.body);
        await new OutboxRepo(tx).markSent(row.id, now);
      });
      logger.debug({ ...fields, status: outcome.status }, "integration.sent");
      return {};
    }
    if (outcome.retry) {
      // A 429 is the integration asking us to wait, not a failed attempt.
      const rateLimited = outcome.retryAfterMs !== undefined || outcome.code.startsWith("http_429");
      const attempts = rateLimited ? row.attempts : row.attempts + 1;
      const delay = outcome.retryAfterMs ?? Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(Math.max(attempts - 1, 0), 20));
      await db.transaction((tx) => new OutboxRepo(tx).scheduleRetry(row.id, attempts, now + delay, outcome.code));
      logger.warn({ ...fields, attempt: attempts, error: outcome.code, in_ms: delay }, "integration.retry");
      return rateLimited ? { waitMs: delay } : {};
    }
    await db.transaction((tx) => new OutboxRepo(tx).park(row.id, row.attempts + 1, outcome.code));
    const label = INTEGRATION_LABEL[name];
    logger.error(
      { ...fields, error: outcome.code, action: `${label.name} refuses the bot's events: ${label.fix}, then run: escalation-bot integrations retry ${name}` },
      "integration.parked",
    );
    return {};
  }

  /**
   * A start (after the operator fixed a variable, say) tries the parked integrations' events once
   * more, as `escalation-bot integrations retry` would; one still refused parks its queue again.
   */
  async retryParkedAtStart(): Promise<void> {
    for (const queue of Object.values(INTEGRATION_QUEUE)) {
      const rows = await this.deps.db.transaction((tx) => new OutboxRepo(tx).unpark(queue));
      if (rows > 0) this.deps.logger.info({ queue, rows, reason: "tried again at start" }, "integration.unparked");
    }
  }

  /**
   * Slack refuses the token, so escalations' posts wait: the integrations' events stop waiting for
   * them (a page goes out, without its link); `kick` is given the queues that have rows to send now.
   */
  async withoutSlack(kick: (queues: string[]) => void): Promise<void> {
    const queues = Object.values(INTEGRATION_QUEUE);
    try {
      if ((await this.deps.db.transaction((tx) => new OutboxRepo(tx).releaseHeldIn(queues))) > 0) kick(queues);
    } catch (err) {
      this.deps.logger.warn({ error: err instanceof Error ? err.message : String(err) }, "integration.release_failed");
    }
  }

  /** What the row's sender may read; a string says why there is nothing to send. */
  private async context(row: OutboxRow): Promise<SendContext | string> {
    const { db } = this.deps;
    const esc = row.escalationId === null ? undefined : await db.read((tx) => new EscalationRepo(tx).findById(row.escalationId!));
    if (!esc) return `escalation ${row.escalationId} not found`;
    return {
      row,
      esc,
      policy: this.deps.policy,
      settings: this.deps.settings,
      teamId: await this.team(),
      link: await this.deps.link(esc).catch(() => undefined),
      now: this.deps.clock.now(),
      event: (id) => db.read((tx) => new TimelineRepo(tx).findById(id)),
      // Read before this attempt marked it: set by an earlier attempt, whose answer may never have been recorded.
      retrying: row.sendingSince !== null,
      history: () => db.read((tx) => new TimelineRepo(tx).history(esc.id)),
    };
  }

  /** The Slack team this database belongs to (its installation), read once. */
  private async team(): Promise<string> {
    this.teamId ??= (await this.deps.db.read((tx) => new InstallationRepo(tx).get()))?.teamId;
    return this.teamId ?? "unknown-team";
  }
}
