import { DateTime } from "luxon";
import { fillBugReport, type BugReport } from "./bug-report.js";
import { describeEvent } from "./event-text.js";
import type { Escalation } from "./escalation.js";
import { labelOf, SENTIMENTS } from "./escalation.js";
import { formatEscalationId } from "./escalation-id.js";
import { categoryLabel, levelLabel, severityLabel, tierLabel } from "./playbook/lookup.js";
import type { DocumentValue, Policy } from "./playbook/model.js";
import type { TimelineEvent } from "./timeline-event.js";
import { ticketUrl } from "./ticket-link.js";

/**
 * The escalation package: everything an escalation is and went through, in the playbook's
 * documentation format first (its headings, its words), then the record every playbook asks to keep
 * (the decision and why, the people, the deadlines and breaches, the timeline, the resolution,
 * every field), and the bug report in the playbook's template. Pure: the caller reads the
 * escalation and its timeline and says who is who; renderers turn it into Markdown or JSON.
 *
 * Times are ISO 8601 in the playbook's zone (its offset written), so the JSON is exact and the
 * Markdown reads as the playbook's people read a clock. A value the escalation does not have is a
 * visible gap ("[Expected behaviour]"), never a blank: the document is for a person to complete.
 */

/** A timeline event as stored: what happened, when, by whom. */
export type ExportEvent = TimelineEvent & { at: number; actor: string | null };

export interface ExportContext {
  policy: Policy;
  /** When the export is made. */
  now: number;
  /** The escalation's Slack thread, when known. */
  threadUrl?: string | undefined;
  /** A person's name for a Slack user id, where known (the id is written otherwise). */
  personName?: ((id: string) => string | undefined) | undefined;
}

export interface PackageItem {
  label: string;
  /** What the escalation says; null when it does not know (then `text` is the gap). */
  value: string | null;
  /** The value, or the gap to fill: "[Logs]". */
  text: string;
  /** Where the value links to (the ticket, in the playbook's ticketing system), when it does. */
  url?: string;
}

export interface PackageSection {
  heading: string;
  items: PackageItem[];
}

export type DeadlineState = "met" | "missed" | "pending" | "overdue";

export interface PackageDeadline {
  clock: string;
  due: string;
  state: DeadlineState;
  /** When it was met or missed, if it was. */
  at: string | null;
}

export interface PackageEvent {
  at: string;
  actor: string | null;
  kind: string;
  text: string;
}

export interface EscalationPackage {
  format: "escalation-package/1";
  id: string;
  /** The playbook's name for the document ("Escalation package"). */
  heading: string;
  title: string;
  playbook: string;
  zone: string;
  exportedAt: string;
  restricted: boolean;
  status: string;
  /** The playbook's documentation format, filled in. */
  documentation: PackageSection[];
  decision: {
    severity: string;
    suggestedSeverity: string;
    category: string;
    suggestedCategory: string;
    alsoCategories: string[];
    level: string;
    tier: string;
    customerRequested: boolean;
    channels: string[];
    notify: string[];
    cc: string[];
    checklist: { item: string; done: boolean }[];
    reasons: string[];
    reclassification: string | null;
  };
  people: { reporter: string; owner: string | null; acknowledgedBy: string | null; lastUpdateBy: string | null; resolvedBy: string | null; commander: string | null };
  deadlines: PackageDeadline[];
  breaches: PackageEvent[];
  timeline: PackageEvent[];
  resolution: { resolvedAt: string; resolvedBy: string | null; resolution: string | null; rootCause: string | null; prevention: string | null; withinSla: boolean } | null;
  /** `ticket` as typed; `ticketUrl` its link when the playbook gives a template and the reference looks like one. */
  links: { thread: string | null; sourceMessage: string | null; ticket: string | null; ticketUrl: string | null; warRoom: string | null };
  /** Every column of the escalation, times in ISO, so nothing is left out. */
  fields: Record<string, string | number | boolean | string[] | Record<string, unknown> | null>;
  bugReport: BugReport;
}

/** The kinds of timeline event that are a missed target. */
const BREACH_KINDS = new Set<string>(["sla_breach", "ack_missed", "resolution_warning"]);

/** The zone the playbook's people read times in. */
export function exportZone(policy: Policy): string {
  return policy.documentation.zone ?? policy.calendarSpecs[policy.defaults.clock]?.zone ?? Object.values(policy.calendarSpecs)[0]?.zone ?? "UTC";
}

export function buildEscalationPackage(esc: Escalation, events: readonly ExportEvent[], cx: ExportContext): EscalationPackage {
  const { policy } = cx;
  const zone = exportZone(policy);
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone }).toISO()!;
  const readable = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-LL-dd HH:mm ZZZZ");
  const person = (id: string | null) => (id === null ? null : personLabel(id, cx.personName));
  const ordered = [...events].sort((a, b) => a.at - b.at);
  const eventRow = (e: ExportEvent): PackageEvent => ({ at: iso(e.at), actor: person(e.actor), kind: e.kind, text: describeEvent(e, policy) });
  const values = documentValues(esc, ordered, cx, readable);
  const ticketLink = ticketUrl(policy.ticketing, esc.ticketRef);

  const documentation = policy.documentation.sections.map((section) => ({
    heading: section.heading,
    items: section.items.map((item) => {
      const value = item.value === undefined ? null : (values(item.value) ?? null);
      const url = item.value === "ticket" && value !== null ? ticketLink : undefined;
      return { label: item.label, value, text: value ?? `[${item.label}]`, ...(url ? { url } : {}) };
    }),
  }));

  const resolvedEvent = [...ordered].reverse().find((e) => e.kind === "resolved");
  return {
    format: "escalation-package/1",
    id: formatEscalationId(esc.id),
    heading: policy.documentation.title,
    title: `${esc.customer}: ${esc.summary}`,
    playbook: policy.name,
    zone,
    exportedAt: iso(cx.now),
    restricted: esc.restricted,
    status: esc.status,
    documentation,
    decision: {
      severity: severityLabel(policy, esc.severity),
      suggestedSeverity: severityLabel(policy, esc.suggestedSeverity),
      category: categoryLabel(policy, esc.category),
      suggestedCategory: categoryLabel(policy, esc.suggestedCategory),
      alsoCategories: esc.alsoCategories.map((c) => categoryLabel(policy, c)),
      level: levelLabel(policy, esc.level),
      tier: tierLabel(policy, esc.tier),
      customerRequested: esc.customerRequested,
      channels: esc.channels,
      notify: esc.notify.map((r) => policy.roles[r]?.label ?? r),
      cc: esc.cc.map((r) => policy.roles[r]?.label ?? r),
      checklist: esc.flags.map((f) => ({ item: policy.flags[f] ?? f, done: esc.flagsDone.includes(f) })),
      reasons: esc.reasons,
      reclassification: esc.reclassification
        ? `${severityLabel(policy, esc.reclassification.fromSeverity)} · ${categoryLabel(policy, esc.reclassification.fromCategory)} → ${severityLabel(policy, esc.severity)} · ${categoryLabel(policy, esc.category)} by ${person(esc.reclassification.by)} at ${readable(esc.reclassification.at)}: ${esc.reclassification.reason}`
        : null,
    },
    people: {
      reporter: person(esc.reporterId)!,
      owner: person(esc.ownerId),
      acknowledgedBy: person(esc.acknowledgedBy),
      lastUpdateBy: person(esc.lastUpdateBy),
      resolvedBy: person(esc.resolvedBy),
      commander: person(esc.commanderId),
    },
    deadlines: deadlineRows(esc, cx.now, iso),
    breaches: ordered.filter((e) => BREACH_KINDS.has(e.kind)).map(eventRow),
    timeline: ordered.map(eventRow),
    resolution:
      esc.status === "resolved" && esc.resolvedAt !== null
        ? {
            resolvedAt: iso(esc.resolvedAt),
            resolvedBy: person(esc.resolvedBy),
            resolution: esc.resolution,
            rootCause: esc.rootCause,
            prevention: esc.prevention,
            withinSla: resolvedEvent?.kind === "resolved" ? resolvedEvent.detail.withinSla : esc.resolvedAt <= esc.resolutionDue,
          }
        : null,
    links: { thread: cx.threadUrl ?? null, sourceMessage: esc.sourceMessageUrl, ticket: esc.ticketRef, ticketUrl: ticketLink ?? null, warRoom: esc.warRoomName ? `#${esc.warRoomName}` : null },
    fields: everyField(esc, iso),
    bugReport: fillBugReport(policy, esc, values),
  };
}

/** "ZD-1234" or, with the playbook's link template, "ZD-1234 (https://acme.zendesk.com/agent/tickets/ZD-1234)". */
function ticketWithLink(policy: Policy, ref: string): string {
  const url = ticketUrl(policy.ticketing, ref);
  return url ? `${ref} (${url})` : ref;
}

/** "Dana Lee (U123)" when the name is known, else the id. */
function personLabel(id: string, name: ExportContext["personName"]): string {
  const known = name?.(id);
  return known ? `${known} (${id})` : id;
}

/**
 * What the escalation says for each document value; undefined when it does not know. Expected and
 * actual behaviour, frequency and logs are never known to the bot: the person writes them.
 */
export function documentValues(
  esc: Escalation,
  ordered: readonly ExportEvent[],
  cx: ExportContext,
  readable: (ms: number) => string,
): (name: string) => string | undefined {
  const { policy } = cx;
  const person = (id: string | null) => (id ? personLabel(id, cx.personName) : undefined);
  const text = (v: string | null | undefined) => (v && v.trim() ? v : undefined);
  const time = (ms: number | null) => (ms === null ? undefined : readable(ms));
  const latest = [...ordered].reverse().find((e) => e.kind === "progress_update");
  const update = latest?.kind === "progress_update" ? latest.detail : undefined;
  const links = [
    cx.threadUrl ? `Slack thread: ${cx.threadUrl}` : undefined,
    esc.ticketRef ? `Ticket: ${ticketWithLink(policy, esc.ticketRef)}` : undefined,
    esc.sourceMessageUrl ? `Original message: ${esc.sourceMessageUrl}` : undefined,
    esc.warRoomName ? `War room: #${esc.warRoomName}` : undefined,
  ].filter((l): l is string => l !== undefined);
  const known: Record<DocumentValue, () => string | undefined> = {
    id: () => formatEscalationId(esc.id),
    title: () => `${esc.customer}: ${esc.summary}`,
    customer: () => text(esc.customer),
    contact: () => text(esc.customerContact),
    tier: () => tierLabel(policy, esc.tier),
    summary: () => text(esc.summary),
    impact: () => text(esc.impact),
    troubleshooting: () => text(esc.troubleshooting),
    error_messages: () => text(esc.errorMessages),
    environment: () => text(esc.environment),
    repro_steps: () => text(esc.reproSteps),
    workaround: () => text(esc.workaround),
    sentiment: () => (esc.sentiment ? labelOf(SENTIMENTS, esc.sentiment) : undefined),
    ticket: () => text(esc.ticketRef),
    severity: () => severityLabel(policy, esc.severity),
    priority: () => policy.documentation.bugReport.priorities[esc.severity],
    category: () => [esc.category, ...esc.alsoCategories].map((c) => categoryLabel(policy, c)).join(", "),
    level: () => levelLabel(policy, esc.level),
    status: () => (esc.status === "resolved" ? "Resolved" : esc.pausedAt !== null ? "Waiting on the customer" : esc.acknowledgedBy ? "Acknowledged" : "Open"),
    reporter: () => person(esc.reporterId),
    owner: () => person(esc.ownerId ?? esc.acknowledgedBy),
    commander: () => person(esc.commanderId),
    opened_at: () => time(esc.createdAt),
    acknowledged_at: () => time(esc.acknowledgedAt),
    resolution_due: () => time(esc.resolutionDue),
    next_update_due: () => (esc.status === "resolved" ? undefined : time(esc.nextUpdateDue)),
    resolved_at: () => time(esc.resolvedAt),
    resolution: () => text(esc.resolution),
    root_cause: () => text(esc.rootCause),
    prevention: () => text(esc.prevention),
    latest_update: () => (update ? `${update.status}: ${update.done}` : undefined),
    next_steps: () => text(update?.next),
    reasons: () => (esc.reasons.length > 0 ? esc.reasons.join("; ") : undefined),
    links: () => (links.length > 0 ? links.join("\n") : undefined),
    expected: () => undefined,
    actual: () => undefined,
    frequency: () => undefined,
    logs: () => undefined,
  };
  return (name) => {
    const field = /^field\.(.+)$/.exec(name);
    if (field) {
      const v = esc.fields[field[1]!];
      return v === undefined || v === "" ? undefined : typeof v === "boolean" ? (v ? "Yes" : "No") : String(v);
    }
    return (known as Record<string, (() => string | undefined) | undefined>)[name]?.();
  };
}

/** The SLA clocks: when each was due, and whether it was met, missed, is still running or overdue now. */
function deadlineRows(esc: Escalation, now: number, iso: (ms: number) => string): PackageDeadline[] {
  const row = (clock: string, due: number, doneAt: number | null): PackageDeadline => {
    if (doneAt !== null) return { clock, due: iso(due), state: doneAt <= due ? "met" : "missed", at: iso(doneAt) };
    return { clock, due: iso(due), state: now > due && esc.status !== "resolved" ? "overdue" : "pending", at: null };
  };
  const rows = [row("First response", esc.firstResponseDue, esc.acknowledgedAt), row("Resolution", esc.resolutionDue, esc.resolvedAt)];
  if (esc.breachedAt !== null) rows[1] = { ...rows[1]!, state: "missed", at: rows[1]!.at ?? iso(esc.breachedAt) };
  if (esc.status !== "resolved" && esc.nextUpdateDue !== null) rows.push(row("Next progress update", esc.nextUpdateDue, null));
  if (esc.status !== "resolved" && esc.levelBudgetDue !== null) rows.push(row("Time at this level", esc.levelBudgetDue, null));
  return rows;
}

/** Every column of the escalation: times as ISO, the rest as stored. */
function everyField(esc: Escalation, iso: (ms: number) => string): EscalationPackage["fields"] {
  const TIME_COLUMNS = new Set([
    "firstResponseDue",
    "nextUpdateDue",
    "resolutionDue",
    "levelSince",
    "levelBudgetDue",
    "createdAt",
    "acknowledgedAt",
    "lastUpdateAt",
    "breachedAt",
    "resolvedAt",
    "pausedAt",
    "reopenedAt",
    "warRoomArchivedAt",
    "roomStatusAt",
  ]);
  const out: EscalationPackage["fields"] = {};
  for (const [key, value] of Object.entries(esc) as [string, unknown][]) {
    if (key === "submissionKey") continue;
    if (TIME_COLUMNS.has(key)) out[key] = typeof value === "number" ? iso(value) : null;
    else out[key] = value as EscalationPackage["fields"][string];
  }
  out.id = formatEscalationId(esc.id);
  return out;
}
