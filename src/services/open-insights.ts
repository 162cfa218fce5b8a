import type { EscalationRow } from "../db/schema.js";
import { MAX_REQUESTS_READ, tallyFeatureRequest, tallyReason, tallyWindowStart, type TallyDecision, type ToldGroup } from "../domain/feature-requests.js";
import { outboxKey } from "../domain/outbox-intent.js";
import type { Policy } from "../domain/playbook/model.js";
import { decideRepeat, MAX_EARLIER_READ, repeatReason, repeatWindowStart, type RepeatMark } from "../domain/repeat-escalations.js";
import { formatSlaDuration } from "../domain/sla-duration.js";
import type { EscalationSteps } from "./escalation-steps.js";

/**
 * What a new escalation's opening learns from the ones before it: whether the customer keeps coming
 * back (a repeat), and whether enough customers now ask for the same feature (the tally). Each count
 * is exact only when one opening counts after another commits, so each takes a lock held until
 * commit; they run as the transaction's last steps, so that two openings of one customer wait for
 * each other only for these reads and the commit, not for the whole opening (on PostgreSQL, where
 * they run side by side; SQLite writes one transaction at a time anyway). What they find is added to
 * the row already written (its repeat mark, checklist and "Why"), then told (DMs, a channel post).
 * Returns the row as it now is.
 */
export async function learnFromEarlier(steps: EscalationSteps, policy: Policy, row: EscalationRow, now: number): Promise<EscalationRow> {
  const repeat = await findRepeat(steps, policy, row, now);
  const tally = await tallyOf(steps, policy, row, now);
  const said = policy.featureRequests ? tallyReason(policy.featureRequests, tally) : undefined;
  const reasons = [...(repeat ? [repeatReason(repeat, row.customer)] : []), ...(said ? [said] : [])];
  if (reasons.length === 0) return row;
  const flags = repeat ? [...new Set([...row.flags, ...(policy.repeats?.flags ?? [])])] : row.flags;
  await steps.escalations.update(row.id, { repeat, flags, reasons: [...row.reasons, ...reasons] });
  const written = (await steps.escalations.findById(row.id)) ?? row;
  await tellInsights(steps, policy, written, repeat, tally, now);
  return written;
}

async function findRepeat(steps: EscalationSteps, policy: Policy, row: EscalationRow, now: number): Promise<RepeatMark | undefined> {
  const spec = policy.repeats;
  if (!spec || !row.customerKey) return undefined;
  await steps.escalations.lockUntilCommit(`repeats:${row.customerKey}`);
  // The new row is among the customer's escalations already: read one more and leave it out.
  const read = await steps.escalations.recentOfCustomer(row.customerKey, repeatWindowStart(spec, now), now, MAX_EARLIER_READ + 1);
  const earlier = read.filter((e) => e.id !== row.id).slice(0, MAX_EARLIER_READ);
  return decideRepeat(spec, now, row, earlier, earlier.length < MAX_EARLIER_READ);
}

async function tallyOf(steps: EscalationSteps, policy: Policy, row: EscalationRow, now: number): Promise<TallyDecision> {
  const spec = policy.featureRequests;
  // A restricted escalation's words stay in its channel: never grouped, listed or told.
  if (!spec || row.restricted || !spec.categories.includes(row.category)) return { kind: "none" };
  // The fifth request is told once even when two arrive at the same moment.
  await steps.escalations.lockUntilCommit("feature-requests");
  const pool = await steps.escalations.ofCategoriesSince(spec.categories, tallyWindowStart(spec, now), MAX_REQUESTS_READ + 1);
  const told: ToldGroup[] = (await steps.timeline.ofKindFor(pool.map((r) => r.id), "feature_requests_tallied")).map((e) => ({
    escalationId: e.escalationId,
    at: e.at,
    key: e.detail.key,
    members: e.detail.members.map((m) => m.id),
  }));
  const fresh = { id: row.id, customer: row.customer, customerKey: row.customerKey ?? "", summary: row.summary, createdAt: now };
  return tallyFeatureRequest(spec, fresh, pool, told);
}

/** The repeat and the tally on the timeline, and who the playbook says is told. */
async function tellInsights(steps: EscalationSteps, policy: Policy, row: EscalationRow, repeat: RepeatMark | undefined, tally: TallyDecision, now: number): Promise<void> {
  if (repeat && policy.repeats) {
    const notify = policy.repeats.notify;
    const event = await steps.record(row, now, null, { kind: "repeat_escalation", detail: { ...repeat, notify, reason: repeatReason(repeat, row.customer) } });
    await steps.dmRoles(row, event, notify, now);
  }
  const spec = policy.featureRequests;
  if (tally.kind === "tell" && spec) {
    const members = [...tally.members].sort((a, b) => a.id - b.id);
    const event = await steps.record(row, now, null, {
      kind: "feature_requests_tallied",
      detail: { key: tally.key, matched: tally.matched, customers: tally.customers, within: formatSlaDuration(spec.within), members, notify: spec.notify, channels: spec.channels },
    });
    await steps.dmRoles(row, event, spec.notify, now);
    for (const channel of spec.channels) await steps.send(row, { kind: "tally_post", eventId: event.id, channel }, outboxKey.tallyPost(event.id, channel), now);
  }
}
