import type { EscalationRow } from "../db/schema.js";
import { normaliseCustomer } from "../domain/customer-name.js";
import { MAX_REQUESTS_READ, tallyFeatureRequest, tallyReason, tallyWindowStart, type TallyDecision, type ToldGroup } from "../domain/feature-requests.js";
import { outboxKey } from "../domain/outbox-intent.js";
import type { Policy } from "../domain/playbook/model.js";
import { decideRepeat, MAX_EARLIER_READ, repeatReason, repeatWindowStart, type RepeatMark } from "../domain/repeat-escalations.js";
import { formatSlaDuration } from "../domain/sla-duration.js";
import type { EscalationSteps } from "./escalation-steps.js";

/**
 * What a new escalation's opening learns from the ones before it, inside the opening's transaction:
 * whether the customer keeps coming back (a repeat), and whether enough customers now ask for the
 * same feature (the tally). Decided before the row is written, so its reasons, checklist and repeat
 * mark are written with it; told (DMs, a channel post) once it has an id.
 */
export interface OpenInsights {
  customerKey: string;
  repeat: RepeatMark | null;
  tally: TallyDecision;
  /** Said with the playbook's other reasons (the post's "Why"). */
  reasons: string[];
  /** Checklist items the repeat adds. */
  flags: string[];
}

/** The new escalation as the look-ups need it, before it has an id. */
export interface Opening {
  customer: string;
  category: string;
  restricted: boolean;
  channel: string;
  summary: string;
}

/** The id a new request has in the tally before it is written (ids start at 1). */
const NOT_YET_WRITTEN = 0;

export async function findInsights(steps: EscalationSteps, policy: Policy, opening: Opening, now: number): Promise<OpenInsights> {
  const customerKey = normaliseCustomer(opening.customer);
  const reasons: string[] = [];
  let repeat: RepeatMark | null = null;
  const spec = policy.repeats;
  if (spec && customerKey !== "") {
    // One customer's openings are counted one after another (PostgreSQL runs them side by side).
    await steps.escalations.lockUntilCommit(`repeats:${customerKey}`);
    const earlier = await steps.escalations.recentOfCustomer(customerKey, repeatWindowStart(spec, now), now, MAX_EARLIER_READ);
    repeat = decideRepeat(spec, now, opening, earlier, earlier.length < MAX_EARLIER_READ) ?? null;
    if (repeat) reasons.push(repeatReason(repeat, opening.customer));
  }
  const tally = await tallyOf(steps, policy, opening, customerKey, now);
  const said = policy.featureRequests ? tallyReason(policy.featureRequests, tally) : undefined;
  if (said) reasons.push(said);
  return { customerKey, repeat, tally, reasons, flags: repeat ? (spec?.flags ?? []) : [] };
}

async function tallyOf(steps: EscalationSteps, policy: Policy, opening: Opening, customerKey: string, now: number): Promise<TallyDecision> {
  const spec = policy.featureRequests;
  // A restricted escalation's words stay in its channel: never grouped, listed or told.
  if (!spec || opening.restricted || !spec.categories.includes(opening.category)) return { kind: "none" };
  // The fifth request is told once even when two arrive at the same moment.
  await steps.escalations.lockUntilCommit("feature-requests");
  const pool = await steps.escalations.ofCategoriesSince(spec.categories, tallyWindowStart(spec, now), MAX_REQUESTS_READ);
  const told: ToldGroup[] = (await steps.timeline.ofKindFor(pool.map((r) => r.id), "feature_requests_tallied")).map((e) => ({
    escalationId: e.escalationId,
    at: e.at,
    key: e.detail.key,
    members: e.detail.members.map((m) => m.id),
  }));
  const fresh = { id: NOT_YET_WRITTEN, customer: opening.customer, customerKey, summary: opening.summary, createdAt: now };
  return tallyFeatureRequest(spec, fresh, pool, told);
}

/** Once the escalation is written: the repeat and the tally on its timeline, and who the playbook says is told. */
export async function tellInsights(steps: EscalationSteps, policy: Policy, row: EscalationRow, insights: OpenInsights, now: number): Promise<void> {
  const { repeat, tally } = insights;
  if (repeat && policy.repeats) {
    const notify = policy.repeats.notify;
    const event = await steps.record(row, now, null, { kind: "repeat_escalation", detail: { ...repeat, notify, reason: repeatReason(repeat, row.customer) } });
    await steps.dmRoles(row, event, notify, now);
  }
  const spec = policy.featureRequests;
  if (tally.kind === "tell" && spec) {
    const members = tally.members.map((m) => (m.id === NOT_YET_WRITTEN ? { ...m, id: row.id } : m)).sort((a, b) => a.id - b.id);
    const event = await steps.record(row, now, null, {
      kind: "feature_requests_tallied",
      detail: { key: tally.key, matched: tally.matched, customers: tally.customers, within: formatSlaDuration(spec.within), members, notify: spec.notify, channels: spec.channels },
    });
    await steps.dmRoles(row, event, spec.notify, now);
    for (const channel of spec.channels) await steps.send(row, { kind: "tally_post", eventId: event.id, channel }, outboxKey.tallyPost(event.id, channel), now);
  }
}
