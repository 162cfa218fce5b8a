import { z } from "zod";

/**
 * The playbook's settings for the integrations (domain/playbook/model.ts PagingSpec, WebhooksSpec):
 * which severities page through PagerDuty, and what the webhook may carry of a restricted
 * escalation, and how a Jira issue is filed. Their own module, so the main schema stays readable; schema.ts puts them in the file.
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

export const zJira = z.strictObject({
  /** The Jira project the issues go to; absent: JIRA_PROJECT_KEY's. */
  project: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]+$/, "expected a Jira project key: upper-case letters, digits or '_', no hyphen (issue keys are KEY-123), e.g. FLEET or TECHSUPPORT")
    .optional(),
  /** The issue type made (Fleet: Bug); it must exist in the project. */
  issueType: z.string().min(1).default("Bug"),
  /** The Jira priority of each severity (by the priority's name, e.g. sev1: Highest); a severity left out: Jira's default. */
  priorities: z.record(id, z.string().min(1)).default({}),
  /** Labels every issue gets besides the bot's own (escalation-bot, escalation-bot-esc-0001). */
  labels: z.array(z.string().regex(/^\S+$/, "a Jira label has no spaces")).default([]),
  /** A restricted escalation's customer, summary and details go into the issue too (default: left out). */
  restrictedDetails: z.boolean().default(false),
});
