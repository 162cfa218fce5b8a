import type { Escalation } from "./escalation.js";
import { severityLabel } from "./playbook/lookup.js";
import type { DocumentValue, Policy } from "./playbook/model.js";

/**
 * The bug report ready for Jira, in the playbook's bug template: each `{name}` replaced by what the
 * escalation says, or by a visible gap in words ("[Expected behaviour]") for the person to fill.
 */

export interface BugReport {
  title: string;
  severity: string;
  priority: string | null;
  /** The playbook's bug template filled in, gaps marked. */
  body: string;
}

/** How a gap reads in the bug report. */
export const DOCUMENT_GAP_LABEL: Readonly<Record<DocumentValue, string>> = {
  id: "Escalation ID",
  title: "Title",
  customer: "Customer",
  contact: "Customer contact",
  tier: "Account tier",
  summary: "Issue summary",
  impact: "Customer impact",
  troubleshooting: "Troubleshooting steps",
  error_messages: "Error messages",
  environment: "Environment",
  repro_steps: "Steps to reproduce",
  workaround: "Workaround",
  sentiment: "Customer sentiment",
  ticket: "Ticket",
  severity: "Severity",
  priority: "Priority",
  category: "Category",
  level: "Escalation level",
  status: "Status",
  reporter: "Reported by",
  owner: "Assigned to",
  commander: "Incident commander",
  opened_at: "Reported date",
  acknowledged_at: "Acknowledged at",
  resolution_due: "Resolution due",
  next_update_due: "Next update due",
  resolved_at: "Resolved at",
  resolution: "Resolution",
  root_cause: "Root cause",
  prevention: "Prevention",
  latest_update: "Latest update",
  next_steps: "Next steps",
  reasons: "Reasons",
  links: "Links",
  expected: "Expected behaviour",
  actual: "Actual behaviour",
  frequency: "Frequency",
  logs: "Logs",
};

/** The words of a gap: the value's label, or a playbook field's own label. */
export function gapLabel(policy: Policy, name: string): string {
  const field = /^field\.(.+)$/.exec(name);
  if (field) return policy.fields.find((f) => f.id === field[1])?.label ?? field[1]!;
  return (DOCUMENT_GAP_LABEL as Record<string, string>)[name] ?? name;
}

/** `{name}` replaced by its value, or by `[Label]` when the escalation does not know it. */
export function fillDocumentTemplate(text: string, policy: Policy, values: (name: string) => string | undefined): string {
  return text.replace(/\{([^{}\s]+)\}/g, (_whole, name: string) => values(name)?.trim() || `[${gapLabel(policy, name)}]`);
}

export function fillBugReport(policy: Policy, esc: Pick<Escalation, "severity">, values: (name: string) => string | undefined): BugReport {
  const spec = policy.documentation.bugReport;
  // The title is one line, whatever the summary holds.
  const title = fillDocumentTemplate(spec.title, policy, values).replace(/\s+/g, " ").trim();
  const withTitle = (name: string) => (name === "title" ? title : values(name));
  return {
    title,
    severity: severityLabel(policy, esc.severity),
    priority: spec.priorities[esc.severity] ?? null,
    body: fillDocumentTemplate(spec.body, policy, withTitle).trimEnd() + "\n",
  };
}
