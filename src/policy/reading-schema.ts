import { z } from "zod";
import { IMPACTS, SCOPES } from "../domain/reading.js";

/** How passages, severity definitions and the scope-and-impact reading are written in a playbook file. */

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "expected an id of lower-case letters, digits, '-' or '_' (e.g. sev1, tier-2)");
const phrase = z.string().trim().min(1, "phrases cannot be empty");

/** The playbook passage an entry encodes; the quote must appear in that section of the playbook named by `source:`. */
export const zPassage = z.strictObject({
  section: z.string().trim().min(1, "name the playbook section (its heading, e.g. Resolution SLA Details)"),
  quote: z.string().trim().min(1, "quote the playbook's words (e.g. Major feature not working)"),
});

const zScopes = z.array(z.enum(SCOPES, `expected one of ${SCOPES.join(", ")}`)).min(1);
export const zImpacts = z.array(z.enum(IMPACTS, `expected one of ${IMPACTS.join(", ")}`)).min(1);

/** Conditions on who is affected and how badly (domain/reading.ts). */
export const readingKeys = {
  scope: zScopes.optional(),
  impact: zImpacts.optional(),
  unlessScope: zScopes.optional(),
  unlessImpact: zImpacts.optional(),
  /** At least this many customers affected, counted in the text or the form's customers field. */
  customersAtLeast: z.number().int().min(1).optional(),
  /** At least this many customers affected, said in the text (not the form). */
  textCustomersAtLeast: z.number().int().min(1).optional(),
};
export const zReadingCondition = z.strictObject(readingKeys);

/** One line of a severity's definition, as conditions on scope, impact and tier. */
export const zSeverityDefinition = z
  .strictObject({ ...readingKeys, tier: z.array(id).optional(), passage: zPassage.optional() })
  .refine((d) => d.scope !== undefined || d.impact !== undefined || d.customersAtLeast !== undefined, {
    message: "a definition needs scope, impact or customersAtLeast (e.g. impact: [unusable], scope: [everyone])",
  });

/** The playbook's words for its customers and users. */
export const zReading = z.strictObject({
  customersField: id.optional(),
  customerWords: z.array(phrase).default([]),
  userWords: z.array(phrase).default([]),
  fewUsers: z.number().int().min(1).default(5),
});

