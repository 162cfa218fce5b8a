import type { FieldValue } from "../domain/classify.js";
import { SENTIMENTS, type EscalationInput, type ResolutionInput } from "../domain/escalation.js";
import { findCategory, findSeverity, findTier } from "../domain/playbook/lookup.js";
import type { Policy } from "../domain/playbook/model.js";
import { ESCALATION_FIELD as F, RESOLVE_FIELD as R, policyFieldBlockId } from "./ids.js";
import { checkedOf, selectedOf, textOf, zViewStateValues, type FieldErrors, type Parsed } from "./view-state.js";

const MIN_SUMMARY = 10;

/** "$1,200", "1200.50", "50k" → number; anything else → undefined. */
export function parseAmount(text: string): number | undefined {
  const m = /^\s*[$€£]?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([kKmM])?\s*(?:usd|eur|gbp)?\s*$/i.exec(text);
  if (!m?.[1]) return undefined;
  const n = Number(m[1].replace(/,/g, ""));
  const scale = m[2] ? (m[2].toLowerCase() === "k" ? 1_000 : 1_000_000) : 1;
  return Number.isFinite(n) ? n * scale : undefined;
}

/** Turns the escalation modal's state into an EscalationInput, or inline errors per field. */
export function parseEscalationSubmission(rawValues: unknown, policy: Policy): Parsed<EscalationInput> {
  const state = zViewStateValues.safeParse(rawValues);
  if (!state.success) return { ok: false, errors: { [F.summary]: "The form could not be read. Please close it and run /escalate again." } };
  const values = state.data;

  const errors: FieldErrors = {};
  const customer = textOf(values, F.customer);
  if (!customer) errors[F.customer] = "Name the customer (company) this is about.";

  const summary = textOf(values, F.summary);
  if (!summary) errors[F.summary] = "Describe the problem in a sentence or two.";
  else if (summary.length < MIN_SUMMARY) errors[F.summary] = `Please say a little more (at least ${MIN_SUMMARY} characters).`;

  const tier = findTier(policy, selectedOf(values, F.tier))?.id;
  if (!tier) errors[F.tier] = "Choose the customer's account tier.";

  // Severity and category are optional (the playbook suggests them) but must be the playbook's own.
  const severityRef = selectedOf(values, F.severity);
  const severity = findSeverity(policy, severityRef)?.id;
  if (severityRef && !severity) errors[F.severity] = "That severity is no longer in the playbook; choose another or leave it empty.";
  const categoryRef = selectedOf(values, F.category);
  const category = findCategory(policy, categoryRef)?.id;
  if (categoryRef && !category) errors[F.category] = "That category is no longer in the playbook; choose another or leave it empty.";

  const fields: Record<string, FieldValue> = {};
  for (const field of policy.fields) {
    const blockId = policyFieldBlockId(field.id);
    if (field.kind === "checkbox") {
      if (checkedOf(values, blockId).length > 0) fields[field.id] = true;
      continue;
    }
    const raw = textOf(values, blockId);
    if (raw === undefined) continue;
    if (field.kind === "number") {
      const n = parseAmount(raw);
      if (n === undefined) errors[blockId] = "Enter a number, e.g. 1200 or $1,200.";
      else fields[field.id] = n;
    } else {
      fields[field.id] = raw;
    }
  }

  if (Object.keys(errors).length > 0 || !customer || !summary || !tier) return { ok: false, errors };
  const sentimentRef = selectedOf(values, F.sentiment);
  return {
    ok: true,
    value: {
      customer,
      tier,
      summary,
      ...(severity ? { severity } : {}),
      ...(category ? { category } : {}),
      customerContact: textOf(values, F.customerContact),
      impact: textOf(values, F.impact),
      troubleshooting: textOf(values, F.troubleshooting),
      errorMessages: textOf(values, F.errorMessages),
      environment: textOf(values, F.environment),
      reproSteps: textOf(values, F.reproSteps),
      workaround: textOf(values, F.workaround),
      sentiment: SENTIMENTS.some((s) => s.id === sentimentRef) ? sentimentRef : undefined,
      ticketRef: textOf(values, F.ticketRef),
      fields,
      customerRequested: checkedOf(values, F.customerRequested).includes("yes"),
    },
  };
}

export function parseResolveSubmission(rawValues: unknown): Parsed<ResolutionInput> {
  const state = zViewStateValues.safeParse(rawValues);
  if (!state.success) return { ok: false, errors: { [R.resolution]: "The form could not be read. Please close it and try again." } };
  const values = state.data;
  const resolution = textOf(values, R.resolution);
  const rootCause = textOf(values, R.rootCause);
  const errors: FieldErrors = {};
  if (!resolution) errors[R.resolution] = "Say what fixed it (or why it is closed).";
  if (!rootCause) errors[R.rootCause] = "Give the root cause, or 'unknown' if it is not known yet.";
  if (!resolution || !rootCause) return { ok: false, errors };
  return { ok: true, value: { resolution, rootCause, prevention: textOf(values, R.prevention) } };
}
