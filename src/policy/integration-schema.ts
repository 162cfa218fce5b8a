import { z } from "zod";

/**
 * The playbook's settings for the integrations (domain/playbook/model.ts PagingSpec, WebhooksSpec):
 * which severities page through PagerDuty, and what the webhook may carry of a restricted
 * escalation. Their own module, so the main schema stays readable; schema.ts puts them in the file.
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "expected an id of lower-case letters, digits, '-' or '_' (e.g. sev1, tier-2)");

export const zPaging = z.strictObject({
  pagerduty: z.strictObject({
    /** Severities that page the on-call engineer (Fleet: [sev1]). */
    severities: z.array(id).min(1, "name at least one severity that pages, e.g. [sev1]"),
  }),
});

export const zWebhooks = z.strictObject({
  /** A restricted escalation's customer, summary and impact go to the webhook too (default: left out). */
  restrictedDetails: z.boolean().default(false),
});
