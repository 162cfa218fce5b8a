import { DateTime } from "luxon";
import type { Escalation } from "./escalation.js";
import { formatEscalationId } from "./escalation-id.js";
import { maySeeRestricted, type Actor, type PermissionSubject } from "./permissions.js";
import { levelLabel, severityLabel } from "./playbook/lookup.js";
import type { Policy, TemplateKind, TemplatePlaceholder, TemplateSpec } from "./playbook/model.js";

/**
 * Customer-communication drafts from the playbook's own templates: the template that fits where the
 * escalation stands, filled in with what it knows. A value it does not have yet stays a visible gap
 * for the person to fill ("[ETA]"), never a blank: the person sends the draft, the bot never writes
 * to a customer.
 */

/** How a gap reads in a draft. */
export const GAP_LABEL: Readonly<Record<TemplatePlaceholder, string>> = {
  id: "ESCALATION ID",
  customer: "CUSTOMER",
  contact: "CUSTOMER CONTACT",
  summary: "ISSUE SUMMARY",
  impact: "CUSTOMER IMPACT",
  severity: "SEVERITY",
  level: "TEAM",
  owner: "YOUR NAME",
  eta: "ETA",
  workaround: "WORKAROUND",
  next_update: "NEXT UPDATE TIME",
  ticket: "TICKET NUMBER",
  status: "CURRENT STATUS",
  done: "WHAT WAS DONE",
  next: "NEXT STEPS",
  resolution: "RESOLUTION",
  root_cause: "ROOT CAUSE",
  prevention: "PREVENTION",
};

/** What the escalation says for each placeholder; absent ones become gaps. */
export type DraftValues = Partial<Record<TemplatePlaceholder, string>>;

/** `{name}` replaced by its value, or by `[LABEL]` when there is none. */
export function fillTemplate(text: string, values: DraftValues): string {
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    if (!(name in GAP_LABEL)) return whole;
    const value = values[name as TemplatePlaceholder]?.trim();
    return value ? value : `[${GAP_LABEL[name as TemplatePlaceholder]}]`;
  });
}

/** The latest progress update, when there was one. */
export interface LatestUpdate {
  status: string;
  done: string;
  next?: string | undefined;
}

/**
 * The kind of message the customer needs now: a security notice for a restricted case, the
 * resolution once resolved, an escalation notice once it left its first level, a progress update
 * once one was posted, else the initial response.
 */
export function fittingKind(esc: Pick<Escalation, "status" | "restricted" | "levelSince" | "createdAt">, hasUpdate: boolean): TemplateKind {
  // The escalation's own flag, not its categories: a restriction lifted as a false alarm is no breach to tell of.
  if (esc.restricted) return "security";
  if (esc.status === "resolved") return "resolution";
  if (esc.levelSince > esc.createdAt) return "escalation";
  return hasUpdate ? "progress" : "initial";
}

/** The playbook's template of that kind (the first one), if it has one. */
export function templateOf(policy: Policy, kind: TemplateKind): TemplateSpec | undefined {
  return policy.templates.find((t) => t.kind === kind);
}

/**
 * Who may draft and record customer updates: whoever may see the escalation. Anyone for an ordinary
 * one (the agent who talks to the customer is often not its owner); for a restricted one only those
 * the playbook lets see its details.
 */
export function mayDraft(esc: PermissionSubject & { restricted: boolean }, actor: Actor, policy: Policy): boolean {
  return !esc.restricted || maySeeRestricted(esc, actor, policy);
}

/** How each kind is named to the person choosing ("The playbook has no progress update template"). */
export const TEMPLATE_KIND_LABELS: Readonly<Record<TemplateKind, string>> = {
  initial: "initial response",
  progress: "progress update",
  escalation: "escalation notice",
  resolution: "resolution",
  security: "security notice",
};

type DraftSubject = Pick<Escalation, "category" | "alsoCategories" | "severity" | "restricted">;

/** Does the template name this escalation's category or severity (true), leave them open (undefined), or exclude it (false)? */
function fit(t: TemplateSpec, esc: DraftSubject): boolean | undefined {
  const byCategory = t.categories ? [esc.category, ...esc.alsoCategories].some((c) => t.categories!.includes(c)) : undefined;
  const bySeverity = t.severities ? t.severities.includes(esc.severity) : undefined;
  if (byCategory === false || bySeverity === false) return false;
  return byCategory || bySeverity ? true : undefined;
}

/**
 * The templates a person may choose from for this escalation: those whose `categories` and
 * `severities` (when the playbook gives them) fit it. A security notice that names no category is
 * for restricted cases only: telling a customer of a breach that is not one does real harm.
 */
export function templatesFor(policy: Policy, esc: DraftSubject): TemplateSpec[] {
  return policy.templates.filter((t) => {
    const fits = fit(t, esc);
    if (fits === false) return false;
    return t.kind !== "security" || fits === true || esc.restricted;
  });
}

/**
 * The template the draft opens with: one of the kind that fits where the escalation stands (one the
 * playbook wrote for its category or severity before a general one), else the first it offers
 * (`exact` false: the form says the playbook has none of that kind). Undefined when it offers none.
 */
export function fittingTemplate(
  policy: Policy,
  esc: DraftSubject & Parameters<typeof fittingKind>[0],
  hasUpdate: boolean,
): { template: TemplateSpec; kind: TemplateKind; exact: boolean } | undefined {
  const offered = templatesFor(policy, esc);
  const kind = fittingKind(esc, hasUpdate);
  const ofKind = offered.filter((t) => t.kind === kind);
  const template = ofKind.find((t) => fit(t, esc) === true) ?? ofKind[0];
  if (template) return { template, kind, exact: true };
  return offered[0] ? { template: offered[0], kind, exact: false } : undefined;
}

/**
 * The blanks a template leaves for the person, as they read in a fresh draft: its placeholders'
 * gaps ("[ETA]") and the playbook's own brackets ("[phone number]").
 */
export function gapsOf(template: Pick<TemplateSpec, "subject" | "body">): string[] {
  const text = fillTemplate(`${template.subject ?? ""}\n${template.body}`, {});
  return [...new Set([...text.matchAll(/\[[^\[\]\n]{1,80}\]/g)].map((m) => m[0]))];
}

/** The template's blanks still in the text as sent: "[ETA]" left in means the customer read "[ETA]". */
export function gapsLeft(template: Pick<TemplateSpec, "subject" | "body">, sent: string): string[] {
  return gapsOf(template).filter((gap) => sent.includes(gap));
}

/** A time as a customer reads it in a message: the writer's zone, named ("Tue 8 Dec 2026, 14:00 PST"). */
export function customerTime(epochMs: number, zone: string): string {
  const at = DateTime.fromMillis(epochMs, { zone });
  return (at.isValid ? at : DateTime.fromMillis(epochMs, { zone: "UTC" })).setLocale("en-US").toFormat("ccc d LLL yyyy, HH:mm ZZZZ");
}

/**
 * What the escalation knows for the placeholders. `owner` and `nextUpdate` come from the caller,
 * which knows people's names and the reader's time zone.
 */
export function draftValues(
  esc: Escalation,
  policy: Policy,
  extra: { owner?: string | undefined; nextUpdate?: string | undefined; latestUpdate?: LatestUpdate | undefined; status?: string | undefined },
): DraftValues {
  const maybe = (v: string | null | undefined) => (v ? { value: v } : undefined);
  const entries: [TemplatePlaceholder, { value: string } | undefined][] = [
    ["id", { value: formatEscalationId(esc.id) }],
    ["customer", maybe(esc.customer)],
    ["contact", maybe(esc.customerContact)],
    ["summary", maybe(esc.summary)],
    ["impact", maybe(esc.impact)],
    ["severity", { value: severityLabel(policy, esc.severity) }],
    ["level", { value: levelLabel(policy, esc.level) }],
    ["owner", maybe(extra.owner)],
    ["workaround", maybe(esc.workaround)],
    ["next_update", maybe(extra.nextUpdate)],
    ["ticket", maybe(esc.ticketRef)],
    ["status", maybe(extra.status)],
    ["done", maybe(extra.latestUpdate?.done)],
    ["next", maybe(extra.latestUpdate?.next)],
    ["resolution", maybe(esc.resolution)],
    ["root_cause", maybe(esc.rootCause)],
    ["prevention", maybe(esc.prevention)],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined).map(([k, v]) => [k, v!.value]));
}
