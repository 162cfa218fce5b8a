import { z } from "zod";
import { ticketTemplateProblem } from "../domain/ticket-link.js";

/**
 * The playbook's ticketing system (domain/ticket-link.ts TicketingSpec), written
 * `ticketing: { system: Zendesk, url: "https://acme.zendesk.com/agent/tickets/{ref}" }`.
 * The link template is checked by the same function the link builder trusts, so a template that
 * loads is one the builder uses.
 */
export const zTicketing = z.strictObject({
  system: z.string().trim().min(1, "name the ticketing system as the playbook does, e.g. Zendesk, Freshdesk or Jira Service Desk").max(40, "at most 40 characters: the name is shown beside each ticket reference"),
  url: z
    .string()
    .superRefine((url, ctx) => {
      const problem = ticketTemplateProblem(url);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
});
