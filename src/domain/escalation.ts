/** What an agent tells us about an escalation: the playbooks' "escalation documentation requirements". */
export interface EscalationInput {
  customer: string;
  customerContact?: string;
  tier: string;
  severity: string;
  summary: string;
  impact?: string;
  troubleshooting?: string;
  errorMessages?: string;
  environment?: string;
  reproSteps?: string;
  workaround?: string;
  sentiment?: string;
  ticketRef?: string;
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

export const SEVERITIES: readonly Option[] = [
  { id: "sev1", label: "Sev 1 · Critical" },
  { id: "sev2", label: "Sev 2 · High" },
  { id: "sev3", label: "Sev 3 · Medium" },
  { id: "sev4", label: "Sev 4 · Low" },
];

export const TIERS: readonly Option[] = [
  { id: "enterprise", label: "Enterprise" },
  { id: "standard", label: "Standard" },
  { id: "trial", label: "Trial" },
];

export const SENTIMENTS: readonly Option[] = [
  { id: "calm", label: "Calm" },
  { id: "frustrated", label: "Frustrated" },
  { id: "angry", label: "Angry" },
  { id: "churn", label: "Threatening to churn" },
];

export const DEFAULT_TIER = "standard";

export function labelOf(options: readonly Option[], id: string | null | undefined): string {
  if (!id) return "—";
  return options.find((o) => o.id === id)?.label ?? id;
}
