import type { Escalation } from "./escalation.js";
import { formatEscalationId } from "./escalation-id.js";
import type { Policy } from "./playbook/model.js";
import type { TimelineEvent } from "./timeline-event.js";

/**
 * What the integrations are told of an escalation's life: PagerDuty's page (trigger, acknowledge,
 * resolve under one dedup key) and the webhook's lifecycle events. Pure: which events go where, and
 * the bodies sent, built from the escalation as it is at send time.
 */

export const PAGERDUTY_ACTIONS = ["trigger", "acknowledge", "resolve"] as const;
export type PagerDutyAction = (typeof PAGERDUTY_ACTIONS)[number];

/** The webhook's event types; `ping` is only sent by `escalation-bot integrations check`. */
export const WEBHOOK_EVENT_TYPES = [
  "escalation.opened",
  "escalation.acknowledged",
  "escalation.updated",
  "escalation.owner_changed",
  "escalation.escalated",
  "escalation.deescalated",
  "escalation.severity_changed",
  "escalation.reclassified",
  "escalation.paused",
  "escalation.resumed",
  "escalation.resolved",
  "escalation.reopened",
  "ping",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Which integrations this process has configured (the environment decides; the playbook says when to page). */
export interface IntegrationSwitches {
  pagerduty: boolean;
  webhook: boolean;
}

export const NO_INTEGRATIONS: IntegrationSwitches = { pagerduty: false, webhook: false };

/** The webhook event a timeline event is, if it is one of the escalation's lifecycle events. */
export function webhookTypeOf(event: TimelineEvent): WebhookEventType | undefined {
  switch (event.kind) {
    case "opened":
      return "escalation.opened";
    case "acknowledged":
      return "escalation.acknowledged";
    case "progress_update":
      return "escalation.updated";
    case "owner_changed":
      // The first acknowledger is told by escalation.acknowledged already.
      return event.detail.how === "acknowledged" ? undefined : "escalation.owner_changed";
    case "escalated":
      return "escalation.escalated";
    case "deescalated":
      return "escalation.deescalated";
    case "reclassified":
      return event.detail.fromSeverity !== event.detail.toSeverity ? "escalation.severity_changed" : "escalation.reclassified";
    case "paused":
      return "escalation.paused";
    case "resumed":
      return "escalation.resumed";
    case "resolved":
      return "escalation.resolved";
    case "reopened":
      return "escalation.reopened";
    default:
      return undefined;
  }
}

/** True when the playbook pages for this severity (paging.pagerduty.severities). */
export function pagesFor(policy: Pick<Policy, "paging">, severityId: string): boolean {
  return policy.paging?.pagerduty.severities.includes(severityId) ?? false;
}

/**
 * What PagerDuty is told of a timeline event. `paged`: a trigger was already written for this
 * escalation (only a paged escalation is acknowledged or resolved there). An escalation raised to a
 * paged severity is triggered then, and acknowledged at once if someone already has it.
 */
export function pagerDutyActionsFor(event: TimelineEvent, esc: Pick<Escalation, "severity" | "status">, policy: Pick<Policy, "paging">, paged: boolean): PagerDutyAction[] {
  switch (event.kind) {
    case "opened":
      return pagesFor(policy, event.detail.severity) ? ["trigger"] : [];
    case "reclassified": {
      const raised = pagesFor(policy, event.detail.toSeverity) && !pagesFor(policy, event.detail.fromSeverity);
      if (!raised) return [];
      return esc.status === "acknowledged" ? ["trigger", "acknowledge"] : ["trigger"];
    }
    case "reopened":
      // A resolved incident cannot be triggered again under its key: PagerDuty opens a new one.
      return pagesFor(policy, esc.severity) ? ["trigger"] : [];
    case "acknowledged":
      return paged ? ["acknowledge"] : [];
    case "resolved":
      return paged ? ["resolve"] : [];
    default:
      return [];
  }
}

/**
 * One dedup key per escalation and installation (the Slack team), so a repeated trigger is
 * harmless and two installations sharing a PagerDuty service never collide.
 */
export function pagerDutyDedupKey(teamId: string, escalationId: number): string {
  return `escalation-bot:${teamId}:${formatEscalationId(escalationId)}`;
}

/** PagerDuty's severity for the playbook's: by rank, the most severe first (critical, error, warning, info). */
export function pagerDutySeverity(policy: Pick<Policy, "severities">, severityId: string): "critical" | "error" | "warning" | "info" {
  const rank = policy.severities.findIndex((s) => s.id === severityId);
  return (["critical", "error", "warning"] as const)[rank] ?? "info";
}

export interface PagerDutyBody {
  routing_key: string;
  event_action: PagerDutyAction;
  dedup_key: string;
  payload?: { summary: string; source: string; severity: string; timestamp: string; component: string; custom_details: Record<string, string> };
  links?: { href: string; text: string }[];
  client?: string;
  client_url?: string;
}

/** PagerDuty's summary is at most 1024 characters. */
const MAX_SUMMARY = 1024;

/** The Events API v2 body. A restricted escalation's summary and customer never leave Slack. */
export function pagerDutyBody(input: {
  esc: Escalation;
  policy: Pick<Policy, "severities" | "name">;
  action: PagerDutyAction;
  routingKey: string;
  teamId: string;
  /** The escalation's thread in Slack, when known. */
  link: string | undefined;
  now: number;
}): PagerDutyBody {
  const { esc, policy, action } = input;
  const base = { routing_key: input.routingKey, event_action: action, dedup_key: pagerDutyDedupKey(input.teamId, esc.id) };
  if (action !== "trigger") return base;
  const ref = formatEscalationId(esc.id);
  const label = policy.severities.find((s) => s.id === esc.severity)?.label ?? esc.severity;
  const summary = esc.restricted ? `Restricted escalation ${ref}: details in Slack` : `${ref} ${label}: ${esc.summary} (${esc.customer})`;
  const details: Record<string, string> = { escalation: ref, severity: label, level: esc.level, playbook: policy.name };
  if (!esc.restricted) Object.assign(details, { customer: esc.customer, tier: esc.tier, category: esc.category, ...(esc.impact ? { impact: esc.impact } : {}) });
  return {
    ...base,
    payload: {
      summary: summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary,
      source: `escalation-bot (${input.teamId})`,
      severity: pagerDutySeverity(policy, esc.severity),
      timestamp: new Date(input.now).toISOString(),
      component: esc.level,
      custom_details: details,
    },
    ...(input.link ? { links: [{ href: input.link, text: `${ref} in Slack` }], client: "Escalation bot", client_url: input.link } : {}),
  };
}

/** The escalation as a webhook receiver sees it. */
export interface WebhookEscalation {
  id: string;
  status: string;
  severity: string;
  severity_label: string;
  level: string;
  restricted: boolean;
  created_at: string;
  link: string | null;
  owner: string | null;
  /** Left out of a restricted escalation unless the playbook allows them (webhooks.restrictedDetails). */
  category?: string;
  tier?: string;
  customer?: string;
  summary?: string;
  impact?: string | null;
  ticket_ref?: string | null;
}

export interface WebhookBody {
  id: string;
  type: WebhookEventType;
  occurred_at: string;
  escalation?: WebhookEscalation;
}

/** The webhook's JSON: the event and the escalation as it is now. */
export function webhookBody(input: {
  deliveryId: string;
  type: WebhookEventType;
  occurredAt: number;
  esc: Escalation;
  policy: Pick<Policy, "severities" | "webhooks">;
  link: string | undefined;
}): WebhookBody {
  const { esc, policy } = input;
  const details = !esc.restricted || policy.webhooks?.restrictedDetails === true;
  const escalation: WebhookEscalation = {
    id: formatEscalationId(esc.id),
    status: esc.status,
    severity: esc.severity,
    severity_label: policy.severities.find((s) => s.id === esc.severity)?.label ?? esc.severity,
    level: esc.level,
    restricted: esc.restricted,
    created_at: new Date(esc.createdAt).toISOString(),
    link: input.link ?? null,
    owner: esc.ownerId,
    ...(details
      ? { category: esc.category, tier: esc.tier, customer: esc.customer, summary: esc.summary, impact: esc.impact, ticket_ref: esc.ticketRef }
      : {}),
  };
  return { id: input.deliveryId, type: input.type, occurred_at: new Date(input.occurredAt).toISOString(), escalation };
}

/** A delivery id unique to the installation and the event: receivers dedupe on it. */
export function webhookDeliveryId(teamId: string, eventId: number, type: WebhookEventType): string {
  return `${teamId}:${eventId}:${type}`;
}
