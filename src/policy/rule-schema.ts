import { z } from "zod";
import { readingKeys, zPassage } from "./reading-schema.js";

/** How a playbook rule is written: when it applies (every condition given) and what it does. */

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "expected an id of lower-case letters, digits, '-' or '_' (e.g. sev1, tier-2)");
const phrase = z.string().trim().min(1, "phrases cannot be empty");

const zCondition = z
  .strictObject({
    text: z.array(phrase).optional(),
    /** With `text`: mentions inside these phrases do not count. */
    unless: z.array(phrase).optional(),
    field: id.optional(),
    above: z.number().optional(),
    atLeast: z.number().optional(),
    checked: z.boolean().optional(),
    tier: z.array(id).optional(),
    severity: z.array(id).optional(),
    category: z.array(id).optional(),
    /** The rule does not apply when one of these categories does. */
    unlessCategory: z.array(id).optional(),
    /** The customer asked for escalation: the form's box, or an earlier rule that read it in the text. */
    customerRequested: z.literal(true, "customerRequested can only be true: the rule applies when the customer asked for escalation").optional(),
    ...readingKeys,
  })
  .refine((c) => Object.keys(c).length > 0, { message: "a rule needs at least one condition" })
  .refine((c) => (c.above === undefined && c.atLeast === undefined && c.checked === undefined) || c.field !== undefined, {
    message: "'above', 'atLeast' and 'checked' need a 'field'",
  })
  .refine((c) => c.unless === undefined || c.text !== undefined, { message: "'unless' needs a 'text' condition" });

const zEffect = z.strictObject({
  category: id.optional(),
  /** This category applies too, as if its phrases had matched (the most severe applying one stays the primary). */
  addCategory: id.optional(),
  minSeverity: id.optional(),
  /** Raise severity by this many steps (1 turns Sev 3 into Sev 2). */
  raiseSeverity: z.number().int().min(1).optional(),
  /** Start at least at this level. */
  level: id.optional(),
  channels: z.array(z.string().min(1)).default([]),
  notify: z.array(id).default([]),
  cc: z.array(id).default([]),
  flags: z.array(id).default([]),
  alsoNotifyLevels: z.array(id).default([]),
  /**
   * The text says the customer asked for escalation: the same as the form's box (one step up the
   * path once, customerRequestNotify told), never twice when both say so.
   */
  customerRequested: z.literal(true, "customerRequested can only be true: the rule says the customer asked for escalation").optional(),
});

export const zRule = z.strictObject({
  id,
  /** Said in the explanation: "Refund over $1,000 needs the finance director". */
  reason: z.string().min(1),
  when: zCondition,
  then: zEffect,
  passage: zPassage.optional(),
});

