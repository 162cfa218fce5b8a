import { z } from "zod";
import { parseSlaDuration, type SlaDuration } from "../domain/sla-duration.js";

/**
 * The playbook's settings for what the bot learns across escalations: repeats of one customer, the
 * feature-request tally (domain/playbook/incident-model.ts RepeatsSpec, FeatureRequestsSpec) and the
 * weekly review post (review-model.ts).
 * Their own module, so the main schema stays readable; schema.ts puts them in the file.
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "expected an id of lower-case letters, digits, '-' or '_' (e.g. sev1, tier-2)");

const phrase = z.string().trim().min(1, "phrases cannot be empty");

/** A counting window: calendar time, since a customer's escalations count whenever they come. */
const zWindow = z.string().transform((text, ctx): SlaDuration => {
  const d = parseSlaDuration(text);
  if (!d || d.unit === "business_days") {
    ctx.addIssue({ code: "custom", message: `'${text}' is not a window of calendar time; write e.g. 30 days, 4 weeks or 48h` });
    return z.NEVER;
  }
  return d;
});

/** Repeat escalations (domain/playbook/model.ts RepeatsSpec). */
export const zRepeats = z.strictObject({
  /** The escalation that makes this many for one customer within `within` is a repeat (SaaS: 3). */
  count: z.number().int().min(2, "a repeat needs at least 2 escalations"),
  within: zWindow,
  notify: z.array(id).default([]),
  flags: z.array(id).default([]),
});

/** The feature-request tally (domain/playbook/model.ts FeatureRequestsSpec). */
export const zFeatureRequests = z.strictObject({
  categories: z.array(id).min(1, "name the category (or categories) of feature requests"),
  /** Distinct customers asking for one feature before the product team is told (OctoAcme: 5). */
  customers: z.number().int().min(2, "a tally needs at least 2 customers"),
  within: zWindow,
  notify: z.array(id).default([]),
  channels: z.array(z.string().min(1)).default([]),
  ignoreWords: z.array(phrase).default([]),
}).refine((f) => f.notify.length + f.channels.length > 0, { message: "say who is told: notify (roles) or channels" });

/** The weekly escalation review post (domain/playbook/review-model.ts): its day, time and channel. */
export const zWeeklyReview = z.strictObject({
  day: z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "expected a day of the week: mon, tue, wed, thu, fri, sat or sun"),
  at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a 24-hour local time such as 09:00"),
  zone: z.string().min(1, "expected an IANA time zone such as America/Los_Angeles").optional(),
  channel: z.string().trim().min(1, "name the channel the review is posted to, e.g. #support-managers"),
});
