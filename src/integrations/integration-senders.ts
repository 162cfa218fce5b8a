import type { IntegrationSettings } from "../config.js";
import type { Tx } from "../db/database.js";
import type { EscalationRow, OutboxRow, TimelineEventRow } from "../db/schema.js";
import { pagerDutyBody, webhookBody, webhookDeliveryId } from "../domain/integration-events.js";
import type { IntegrationIntent, IntegrationName } from "../domain/outbox-intent.js";
import type { Policy } from "../domain/playbook/model.js";
import type { PostOutcome } from "./http-post.js";
import { jiraRequest, jiraSent } from "./jira-sender.js";
import { signedHeaders } from "./webhook-signature.js";

/**
 * One sender per integration: the HTTP call a row makes, rendered from the escalation as it is at
 * send time. integration-delivery.ts does the rest (the call, retries, parking, bookkeeping), the
 * same for each. A new integration (Jira, jira-sender.ts) is an intent kind, a queue, a label and a sender
 * here; one that must keep what the answer says (an issue key) does so in `sent`, in the row's own
 * transaction, and one that must not create twice looks first when `retrying`.
 */

/** What a sender may read while it renders its call. */
export interface SendContext {
  row: OutboxRow;
  esc: EscalationRow;
  policy: Policy;
  settings: IntegrationSettings;
  /** The Slack team this database belongs to. */
  teamId: string;
  /** The escalation's thread in Slack, when it can be linked. */
  link: string | undefined;
  now: number;
  /** A timeline event by id. */
  event(id: number): Promise<TimelineEventRow | undefined>;
  /** True when an earlier attempt may have reached the integration (its process died before recording the answer). */
  retrying: boolean;
  /** The escalation's timeline, oldest first (the bug report's latest update). */
  history(): Promise<TimelineEventRow[]>;
}

export interface IntegrationRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** What the sandbox's API log may show of it (no secret). */
  shown: unknown;
  /** POST unless said (a GET sends no body). */
  method?: "GET";
}

/** A call the sender made itself before its own (Jira's search for an earlier attempt's issue) that failed: the row's outcome. */
export interface FailedLook {
  failed: Extract<PostOutcome, { ok: false }>;
  url: string;
  shown: unknown;
}

export interface IntegrationSender<I extends IntegrationIntent = IntegrationIntent> {
  name: IntegrationName;
  /** The call to make, or why there is none (the row then fails, logged), or a look beforehand that failed (retried or parked as a call is). */
  request(ctx: SendContext, intent: I): Promise<IntegrationRequest | FailedLook | string>;
  /** After a 2xx, in the transaction that marks the row sent: what the answer says, kept. */
  sent?(tx: Tx, ctx: SendContext, intent: I, answer: string): Promise<void>;
}

/** A routing key as the API log and the CLI may show it: its last 4 characters. */
export function maskKey(key: string): string {
  return `…${key.slice(-4)}`;
}

const pagerduty: IntegrationSender<Extract<IntegrationIntent, { kind: "pagerduty_event" }>> = {
  name: "pagerduty",
  async request(ctx, intent) {
    const pd = ctx.settings.pagerduty;
    if (!pd) return "PAGERDUTY_ROUTING_KEY is not set any more";
    const body = pagerDutyBody({ esc: ctx.esc, policy: ctx.policy, action: intent.action, routingKey: pd.routingKey, teamId: ctx.teamId, link: ctx.link, now: ctx.now });
    return { url: pd.eventsUrl, body: JSON.stringify(body), headers: {}, shown: { ...body, routing_key: maskKey(pd.routingKey) } };
  },
};

const webhook: IntegrationSender<Extract<IntegrationIntent, { kind: "webhook_event" }>> = {
  name: "webhook",
  async request(ctx, intent) {
    const hook = ctx.settings.webhook;
    if (!hook) return "WEBHOOK_URL is not set any more";
    const event = await ctx.event(intent.eventId);
    const deliveryId = webhookDeliveryId(ctx.teamId, intent.eventId, intent.type);
    const payload = webhookBody({ deliveryId, type: intent.type, occurredAt: event?.at ?? ctx.row.createdAt, esc: ctx.esc, policy: ctx.policy, link: ctx.link });
    const body = JSON.stringify(payload);
    // The signature's timestamp is the wire's, real time (as Slack's own signing is): a receiver
    // checks it against its clock, also when the bot's clock is moved (the sandbox's time travel).
    return { url: hook.url, body, headers: signedHeaders(hook.secret, body, Date.now(), deliveryId, intent.type), shown: payload };
  },
};

const jira: IntegrationSender<Extract<IntegrationIntent, { kind: "jira_issue" }>> = {
  name: "jira",
  request: (ctx) => jiraRequest(ctx),
  sent: (tx, ctx, intent, answer) => jiraSent(tx, { settings: ctx.settings, esc: ctx.esc, policy: ctx.policy, now: ctx.now, requestedBy: intent.requestedBy, answer }),
};

/** The sender of each integration intent. */
export const INTEGRATION_SENDERS: { [K in IntegrationIntent["kind"]]: IntegrationSender<Extract<IntegrationIntent, { kind: K }>> } = {
  pagerduty_event: pagerduty,
  webhook_event: webhook,
  jira_issue: jira,
};

export function senderFor(intent: IntegrationIntent): IntegrationSender {
  return INTEGRATION_SENDERS[intent.kind] as IntegrationSender;
}
