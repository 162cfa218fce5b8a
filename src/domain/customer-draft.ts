import type { Escalation } from "./escalation.js";
import { formatEscalationId } from "./escalation-id.js";
import { category, levelLabel, severityLabel } from "./playbook/lookup.js";
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
export function fittingKind(esc: Pick<Escalation, "status" | "category" | "alsoCategories" | "levelSince" | "createdAt">, hasUpdate: boolean, policy: Policy): TemplateKind {
  if ([esc.category, ...esc.alsoCategories].some((id) => category(policy, id).restricted)) return "security";
  if (esc.status === "resolved") return "resolution";
  if (esc.levelSince > esc.createdAt) return "escalation";
  return hasUpdate ? "progress" : "initial";
}

/** The playbook's template of that kind (the first one), if it has one. */
export function templateOf(policy: Policy, kind: TemplateKind): TemplateSpec | undefined {
  return policy.templates.find((t) => t.kind === kind);
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
