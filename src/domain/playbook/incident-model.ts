/**
 * The parts of a playbook about what surrounds a serious escalation: the customer-communication
 * templates, the documentation and bug report formats of an export, linked escalations and the war
 * room. Plain data, like the rest of the model (model.ts re-exports it).
 */
import type { SlaDuration } from "../sla-duration.js";

/**
 * Which state of an escalation a customer-communication template is written for: the first answer,
 * a progress update, the notice that it went to another team, the resolution, a security notice.
 */
export const TEMPLATE_KINDS = ["initial", "progress", "escalation", "resolution", "security"] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/**
 * What a template may say about the escalation, as `{name}`; anything else is refused when the
 * playbook is loaded. Values the escalation does not have yet are left as visible gaps ("[ETA]").
 */
export const TEMPLATE_PLACEHOLDERS = [
  "id",
  "customer",
  "contact",
  "summary",
  "impact",
  "severity",
  "level",
  "owner",
  "eta",
  "workaround",
  "next_update",
  "ticket",
  "status",
  "done",
  "next",
  "resolution",
  "root_cause",
  "prevention",
] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** A customer-communication template of the playbook, in its own words, with placeholders. */
export interface TemplateSpec {
  id: string;
  kind: TemplateKind;
  label: string;
  subject?: string | undefined;
  body: string;
  /** Offered only for escalations in one of these categories (primary or not); all when absent. */
  categories?: string[] | undefined;
  /** Offered only at these severities; all when absent. */
  severities?: string[] | undefined;
}

/**
 * What an exported document (the escalation package, the bug report) may say about the escalation:
 * an item's `value` or a bug template's `{name}`; `field.<id>` names one of the playbook's own form
 * fields. Anything else is refused when the playbook is loaded. A value the escalation does not have
 * is written as a visible gap ("[Expected behaviour]"), never left blank.
 */
export const DOCUMENT_VALUES = [
  "id",
  "title",
  "customer",
  "contact",
  "tier",
  "summary",
  "impact",
  "troubleshooting",
  "error_messages",
  "environment",
  "repro_steps",
  "workaround",
  "sentiment",
  "ticket",
  "severity",
  "priority",
  "category",
  "level",
  "status",
  "reporter",
  "owner",
  "commander",
  "opened_at",
  "acknowledged_at",
  "resolution_due",
  "next_update_due",
  "resolved_at",
  "resolution",
  "root_cause",
  "prevention",
  "latest_update",
  "next_steps",
  "reasons",
  "links",
  "expected",
  "actual",
  "frequency",
  "logs",
] as const;
export type DocumentValue = (typeof DOCUMENT_VALUES)[number];

/** One line of the playbook's documentation format: its label, and what fills it (none: always a gap to fill by hand). */
export interface DocumentItem {
  label: string;
  /** A DOCUMENT_VALUES name or `field.<id>`. */
  value?: string | undefined;
}

/** A heading of the playbook's documentation format ("Issue Summary", "Customer Context"). */
export interface DocumentSection {
  heading: string;
  items: DocumentItem[];
}

/** The playbook's bug report template ("ready for Jira"), with `{placeholders}`. */
export interface BugReportSpec {
  /** The Jira issue's title (summary line). */
  title: string;
  body: string;
  /** The bug priority for each severity ("Set priority based on severity"); unlisted ones are a gap. */
  priorities: Record<string, string>;
}

/** How an escalation is exported: the package's sections in the playbook's words, and its bug template. */
export interface DocumentationSpec {
  /** The package's heading under the escalation's id. */
  title: string;
  /** IANA zone of the times written; default: the zone of the playbook's default clock, else UTC. */
  zone?: string | undefined;
  sections: DocumentSection[];
  bugReport: BugReportSpec;
}

/**
 * Linked escalations ("Same issue as…"): several customers' escalations of one incident. When the
 * distinct customers of a parent and its linked escalations reach `multipleCustomers.at`, the count
 * is written into the playbook's `field` on the parent and the playbook decides again, so its own
 * multiple-customers rules (who is told, which flags) apply. Absent: no such rule (off).
 */
export interface LinkingSpec {
  multipleCustomers?: { at: number; field: string } | undefined;
}

/**
 * The war room of a major incident (Fleet's "War Room (Sev 1 Only)"): a channel the bot makes for
 * the escalations it names, with their people in it, an incident commander and a status cadence.
 * Absent: the playbook describes no war room, and none is made.
 */
export interface WarRoomSpec {
  /** An escalation of one of these severities, or of one of these categories, gets a room. */
  severities: string[];
  categories: string[];
  /** Roles invited, besides the owner, the escalation's notified roles and its level's on-call (the level's roles). */
  invite: string[];
  /** Roles invited only for customers of the given tiers (Fleet: Customer Success for enterprise). */
  inviteForTiers: Record<string, string[]>;
  /**
   * A conference link shown in the room, as a template with `{id}` (ESC-0042) and `{room}` (the
   * channel's name); none is shown (never invented) without it.
   */
  conferenceUrl?: string | undefined;
  /** How often the commander is reminded in the room to post a status (Fleet: every 15 minutes). */
  statusEvery: SlaDuration;
  /** How long after the resolution the room is archived (default 24 h). */
  archiveAfter: SlaDuration;
  /** The channel name's start: `esc` makes `esc-0042-acme-photo-uploads`. */
  namePrefix: string;
}

/**
 * Repeat escalations (SaaS: "If same customer escalates 3+ times in 30 days"): the `count`th
 * escalation of one customer within `within` is marked a repeat on its post, with links to the
 * earlier ones, and `notify` is told by DM. Customers are matched by name, ignoring case, punctuation
 * and company suffixes (domain/customer-name.ts). Absent: off.
 */
export interface RepeatsSpec {
  count: number;
  /** Calendar time (minutes, hours, days, weeks), counted back from the new escalation. */
  within: SlaDuration;
  /** Roles told by DM (Customer Success). */
  notify: string[];
  /** Checklist items added to the repeat (ids of the playbook's `flags`). */
  flags: string[];
}

/**
 * The feature-request tally (OctoAcme: "5+ customers requesting same feature" → Product Team
 * Review): when `customers` distinct customers asked for the same feature within `within`, the
 * roles in `notify` (by DM) and the `channels` are told once, with the list. Which escalations are
 * feature requests: those whose category is one of `categories`. Requests are grouped by the
 * significant words of their summaries (domain/feature-requests.ts). Absent: off.
 */
export interface FeatureRequestsSpec {
  categories: string[];
  customers: number;
  within: SlaDuration;
  notify: string[];
  channels: string[];
  /** Words of the product itself that say nothing about which feature ("app", the product's name). */
  ignoreWords: string[];
}
