import { SENTIMENTS, SEVERITIES, TIERS, type EscalationInput, type Option, type ResolutionInput } from "../domain/escalation.js";
import { ESCALATION_FIELD as F, RESOLVE_FIELD as R } from "./ids.js";
import { selectedOf, textOf, zViewStateValues, type FieldErrors, type Parsed } from "./view-state.js";

const MIN_SUMMARY = 10;

function known(options: readonly Option[], id: string | undefined): string | undefined {
  return id && options.some((o) => o.id === id) ? id : undefined;
}

/** Turns the escalation modal's state into an EscalationInput, or inline errors per field. */
export function parseEscalationSubmission(rawValues: unknown): Parsed<EscalationInput> {
  const state = zViewStateValues.safeParse(rawValues);
  if (!state.success) return { ok: false, errors: { [F.summary]: "The form could not be read. Please close it and run /escalate again." } };
  const values = state.data;

  const errors: FieldErrors = {};
  const customer = textOf(values, F.customer);
  if (!customer) errors[F.customer] = "Name the customer (company) this is about.";

  const summary = textOf(values, F.summary);
  if (!summary) errors[F.summary] = "Describe the problem in a sentence or two.";
  else if (summary.length < MIN_SUMMARY) errors[F.summary] = `Please say a little more (at least ${MIN_SUMMARY} characters).`;

  const severity = known(SEVERITIES, selectedOf(values, F.severity));
  if (!severity) errors[F.severity] = "Choose a severity.";

  const tier = known(TIERS, selectedOf(values, F.tier));
  if (!tier) errors[F.tier] = "Choose the customer's account tier.";

  if (Object.keys(errors).length > 0 || !customer || !summary || !severity || !tier) return { ok: false, errors };

  return {
    ok: true,
    value: {
      customer,
      tier,
      severity,
      summary,
      customerContact: textOf(values, F.customerContact),
      impact: textOf(values, F.impact),
      troubleshooting: textOf(values, F.troubleshooting),
      errorMessages: textOf(values, F.errorMessages),
      environment: textOf(values, F.environment),
      reproSteps: textOf(values, F.reproSteps),
      workaround: textOf(values, F.workaround),
      sentiment: known(SENTIMENTS, selectedOf(values, F.sentiment)),
      ticketRef: textOf(values, F.ticketRef),
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
