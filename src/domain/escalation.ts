import type { FieldValue } from "./classify.js";
import type { RepeatMark } from "./repeat-escalations.js";

/** What an agent tells us about an escalation: the playbooks' "escalation documentation requirements". */
export interface EscalationInput {
  customer: string;
  customerContact?: string;
  /** Tier id from the playbook. */
  tier: string;
  /** The agent's explicit severity (id); absent means "use the playbook's suggestion". */
  severity?: string;
  /** The agent's explicit category (id); absent means "use the playbook's suggestion". */
  category?: string;
  summary: string;
  impact?: string;
  troubleshooting?: string;
  errorMessages?: string;
  environment?: string;
  reproSteps?: string;
  workaround?: string;
  sentiment?: string;
  ticketRef?: string;
  /** Values of the playbook's own extra fields (refund amount, ARR, ...). */
  fields: Record<string, FieldValue>;
  /** The customer asked for escalation (the playbooks' "Customer requests escalation" trigger). */
  customerRequested?: boolean;
}

export interface ResolutionInput {
  resolution: string;
  rootCause: string;
  prevention?: string;
}

export interface Option {
  readonly id: string;
  readonly label: string;
}

/** The playbooks' "customer sentiment: calm, frustrated, angry, threatening to churn". */
export const SENTIMENTS: readonly Option[] = [
  { id: "calm", label: "Calm" },
  { id: "frustrated", label: "Frustrated" },
  { id: "angry", label: "Angry" },
  { id: "churn", label: "Threatening to churn" },
];

export function labelOf(options: readonly Option[], id: string | null | undefined): string {
  if (!id) return "—";
  return options.find((o) => o.id === id)?.label ?? id;
}

/**
 * The text the playbook's phrases are matched against: what the agent wrote about the problem and
 * the customer's mood ("threatening to churn" is a churn signal). Troubleshooting notes are left out:
 * they list what was ruled out and would trigger false matches.
 */
export function classificationText(input: Pick<EscalationInput, "summary" | "impact" | "errorMessages" | "reproSteps" | "sentiment">): string {
  const sentiment = input.sentiment ? `Customer sentiment: ${labelOf(SENTIMENTS, input.sentiment)}.` : undefined;
  return [input.summary, input.impact, input.errorMessages, input.reproSteps, sentiment].filter(Boolean).join("\n");
}

export const ESCALATION_STATUSES = ["open", "acknowledged", "resolved"] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

/**
 * An escalation as the domain reads it: what was decided when it opened, what the agent wrote, its
 * clocks (epoch milliseconds from the injected clock) and where it stands. The database keeps it
 * in one row of exactly this shape (db/schema.ts checks it at compile time).
 */
export interface Escalation {
  id: number;
  /** Slack's view id of the submitted modal: a retried or double submit finds it. */
  submissionKey: string;
  status: EscalationStatus;

  /** Final severity: the agent's choice when they made one, else the playbook's suggestion. */
  severity: string;
  suggestedSeverity: string;
  category: string;
  suggestedCategory: string;
  /** The other categories that apply (each added its team, people and flags). */
  alsoCategories: string[];
  level: string;
  /** Primary channel as the playbook names it (`#security-alerts` or an id). */
  channel: string;
  /** Every channel told, primary first. */
  channels: string[];
  /** Details stay in the primary channel; the others only learn that an escalation was opened. */
  restricted: boolean;
  notify: string[];
  cc: string[];
  /** The playbook's checklist for the owner, in the playbook's order, and the items ticked so far. */
  flags: string[];
  flagsDone: string[];
  /** Why the playbook decided what it did, in order. */
  reasons: string[];
  /** Values of the playbook's extra fields (refund amount, ARR, ...). */
  fields: Record<string, FieldValue>;

  customer: string;
  customerContact: string | null;
  tier: string;
  summary: string;
  impact: string | null;
  troubleshooting: string | null;
  errorMessages: string | null;
  environment: string | null;
  reproSteps: string | null;
  workaround: string | null;
  sentiment: string | null;
  ticketRef: string | null;
  /** The Jira issue filed from its bug report (Create Jira issue), e.g. FLEET-5678; null until then. */
  jiraKey: string | null;

  /** The calendar its clocks run on, and the clocks. */
  clock: string;
  firstResponseDue: number;
  nextUpdateDue: number | null;
  resolutionDue: number;
  levelSince: number;
  levelBudgetDue: number | null;

  reporterId: string;
  /** Where the reporter typed /escalate; the confirmation goes there. */
  reporterChannelId: string | null;
  createdAt: number;

  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
  lastUpdateAt: number | null;
  lastUpdateBy: string | null;
  /** When the resolution target passed unresolved (the SLA breach), once recorded. */
  breachedAt: number | null;
  /** The customer asked for escalation. */
  customerRequested: boolean;

  resolvedBy: string | null;
  resolvedAt: number | null;
  resolution: string | null;
  rootCause: string | null;
  prevention: string | null;

  /** The channel message, once Slack has accepted the post. */
  messageChannelId: string | null;
  messageTs: string | null;

  /**
   * Who owns it now: taken, handed over, or the first to acknowledge when nobody owned it. Cleared
   * when it moves to another level (that level takes it on).
   */
  ownerId: string | null;
  /** Waiting on the customer since then (its paused clocks stopped); null when its clocks run. */
  pausedAt: number | null;
  /** The timers the pause stopped, set again (moved by the time paused) when it resumes. */
  pausedTimers: TimerKind[];
  /** Time spent waiting on the customer so far, on the escalation's clock (business time on a business-hours clock). */
  pausedMs: number;
  /** The latest change of severity or category, shown on the post ("Sev 3 → Sev 1 by @dana: ..."). */
  reclassification: Reclassification | null;
  /** The Slack message it was opened from ("Escalate this message"), as a permalink. */
  sourceMessageUrl: string | null;
  /** When it was last reopened: its SLA clocks count from then. */
  reopenedAt: number | null;

  /** The war room channel made for it (a major incident), once created, and its name ("esc-0042-acme-photo-uploads"). */
  warRoomChannelId: string | null;
  warRoomName: string | null;
  /** When the war room was archived (the playbook's delay after resolution). */
  warRoomArchivedAt: number | null;
  /** The incident commander. */
  commanderId: string | null;
  /** The last status posted in the war room: the commander's reminder counts from it. */
  roomStatusAt: number | null;
  /** The parent incident this escalation was linked to ("same issue as"); null when not linked. */
  parentId: number | null;
  /**
   * The customer's name as customers are matched (normaliseCustomer: "Acme Corp." = "acme"); null in
   * rows written before it was kept (such an escalation is not counted as an earlier one).
   */
  customerKey: string | null;
  /** The same customer escalated again within the playbook's window: what its post says of it. */
  repeat: RepeatMark | null;
}

/** A change of severity or category, as the post shows it. */
export interface Reclassification {
  fromSeverity: string;
  fromCategory: string;
  by: string;
  at: number;
  reason: string;
}

/**
 * The scheduler's clocks of an escalation, one timer each: those of an open one, and the end of a
 * resolved one's reopen window (its post loses the Reopen button then).
 */
export const TIMER_KINDS = [
  "ack",
  "update",
  "resolution_warn",
  "resolution_breach",
  "level_budget",
  "reopen_closes",
  /** The incident commander's status reminder in the war room, at the playbook's cadence. */
  "room_status",
  /** The war room is archived, the playbook's delay after resolution. */
  "room_archive",
] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];
