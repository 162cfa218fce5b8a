import type { FieldValue } from "./classify.js";

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
