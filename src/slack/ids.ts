/** Every id Slack sends back to us, in one place. */

export const COMMAND = "/escalate" as const;

export const CALLBACK = {
  escalationModal: "escalation_modal",
  resolveModal: "resolve_modal",
} as const;

export const ACTION = {
  acknowledge: "escalation_acknowledge",
  resolve: "escalation_resolve",
} as const;

/** Block ids of the escalation modal; each input block holds one action with the same id. */
export const ESCALATION_FIELD = {
  customer: "customer",
  customerContact: "customer_contact",
  tier: "tier",
  severity: "severity",
  category: "category",
  summary: "summary",
  impact: "impact",
  troubleshooting: "troubleshooting",
  errorMessages: "error_messages",
  environment: "environment",
  reproSteps: "repro_steps",
  workaround: "workaround",
  sentiment: "sentiment",
  ticketRef: "ticket_ref",
} as const;

/** Block ids of the playbook's own extra fields: `pf_<field id>`. */
export const POLICY_FIELD_PREFIX = "pf_" as const;
export const policyFieldBlockId = (fieldId: string): string => `${POLICY_FIELD_PREFIX}${fieldId}`;

export const RESOLVE_FIELD = {
  resolution: "resolution",
  rootCause: "root_cause",
  prevention: "prevention",
} as const;
