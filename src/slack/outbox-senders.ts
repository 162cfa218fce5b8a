import type { EscalationRow, TimelineEventRow } from "../db/schema.js";
import { formatEscalationId } from "../domain/escalation-id.js";
import type { EscalationIntent } from "../domain/outbox-intent.js";
import { buildCrossPost, buildEscalationMessage, type SlackMessage } from "./views/escalation-message.js";
import { buildRepeatDm, buildTallyMessage } from "./views/insight-messages.js";
import { buildDeliveryProblem, buildDeliveryStuck, buildPostFailure } from "./views/delivery-notices.js";
import { buildPersonNotice, buildWithdrawnPost } from "./views/lifecycle-notices.js";
import { WAR_ROOM_SENDERS } from "./war-room-senders.js";
import { MissingDependencyError, type SendTools } from "./send-tools.js";

export { MissingDependencyError, type SendTools, type UserMessage } from "./send-tools.js";
import { buildConfirmation, buildHandoff, buildManagerDm, buildReporterNotice, buildThreadNotice } from "./views/notices.js";

type Sender<K extends EscalationIntent["kind"]> = (t: SendTools, intent: Extract<EscalationIntent, { kind: K }>) => Promise<void>;

/** How each kind of outbox message reaches Slack: one entry per kind, rendered from current state. */
export const SENDERS: { [K in EscalationIntent["kind"]]: Sender<K> } = {
  post_escalation: async (t) => {
    if (t.esc.messageTs) return t.posted(undefined);
    const channel = await t.channel(t.esc.channel);
    await t.posted(await t.postOnce({ channel, ...buildEscalationMessage(t.esc, await t.renderContext({ links: true })) }));
  },
  refresh_escalation: async (t) => {
    const msg = t.postedMessage();
    await t.update({ ...msg, ...buildEscalationMessage(t.esc, await t.renderContext({ links: true })) });
    await t.refreshed();
  },
  crosspost: async (t, intent) => {
    const waiting = await postStillToCome(t);
    const channel = await t.channel(intent.channel);
    const permalink = t.esc.restricted || waiting ? undefined : await t.permalink();
    await t.postOnce({ channel, ...buildCrossPost(t.esc, await t.renderContext(), permalink, waiting ? await t.postError() : undefined) });
    await t.sent();
  },
  handoff: async (t, intent) => {
    const waiting = await postStillToCome(t);
    const channel = await t.channel(intent.channel);
    const permalink = t.esc.restricted || waiting ? undefined : await t.permalink();
    const ctx = await t.renderContext();
    await t.postOnce({ channel, ...buildHandoff(t.esc, await t.event(intent.eventId), ctx, permalink, waiting ? await t.postError() : undefined) });
    await t.sent();
  },
  thread_notice: async (t, intent) => {
    const msg = t.postedMessage();
    const notice = buildThreadNotice(t.esc, await t.event(intent.eventId), await t.renderContext());
    await t.postOnce({ channel: msg.channel, thread_ts: msg.ts, ...notice });
    await t.sent();
  },
  dm_role: async (t, intent) => {
    const event = await t.event(intent.eventId);
    const dm = await roleMessage(t, event);
    const members = await t.roleMembers(intent.role);
    if (members.length === 0) return t.skipped(`role ${intent.role} has no Slack members`);
    for (const user of members) await t.postOnce({ channel: await t.openDm(user), ...dm });
    await t.sent();
  },
  confirm_reporter: async (t, intent) => {
    const message = t.esc.messageTs ? { text: buildConfirmation(t.esc, await t.permalink()) } : buildPostFailure(t.esc, await t.postError(), await t.postPending(), t.refs);
    await t.tellUser(intent.userId, intent.channelId, message);
    await t.sent();
  },
  delivery_problem: async (t, intent) => {
    await t.tellUser(intent.userId, null, buildDeliveryProblem(t.esc, t.refs, intent.what, intent.error, intent.waiting === true, intent.channel));
    await t.sent();
  },
  delivery_stuck: async (t, intent) => {
    const members = await t.roleMembers(intent.role);
    if (members.length === 0) return t.skipped(`role ${intent.role} has no Slack members`);
    const alert = buildDeliveryStuck(t.esc, intent);
    for (const user of members) await t.postOnce({ channel: await t.openDm(user), ...alert });
    await t.sent();
  },
  person_notice: async (t, intent) => {
    const notice = buildPersonNotice(t.esc, await t.event(intent.eventId), await t.renderContext(), await t.permalink());
    await t.postOnce({ channel: await t.openDm(intent.userId), ...notice });
    await t.sent();
  },
  tally_post: async (t, intent) => {
    const channel = await t.channel(intent.channel);
    await t.postOnce({ channel, ...(await roleMessage(t, await t.event(intent.eventId))) });
    await t.sent();
  },
  withdraw_post: async (t, intent) => {
    await t.update({ channel: intent.channelId, ts: intent.ts, ...buildWithdrawnPost(t.esc, await t.renderContext()) });
    await t.sent();
  },
  ...WAR_ROOM_SENDERS,
  reporter_notice: async (t, intent) => {
    const notice = buildReporterNotice(t.esc, await t.event(intent.eventId), await t.permalink());
    await t.postOnce({ channel: await t.openDm(intent.userId), ...notice });
    await t.sent();
  },
};

/** What a role is told of an event: a repeat, the feature-request tally, or a management escalation. */
async function roleMessage(t: SendTools, event: TimelineEventRow): Promise<SlackMessage> {
  switch (event.kind) {
    case "repeat_escalation":
      // A restricted escalation's earlier ones would name its customer: not even looked up.
      return buildRepeatDm(t.esc, event, (await t.renderContext()).policy, await t.permalink(), t.esc.restricted ? [] : await t.postsOf(event.detail.earlier));
    case "feature_requests_tallied":
      return buildTallyMessage(event, await t.postsOf(event.detail.members.map((m) => m.id)));
    default: {
      // What has been done so far; a restricted escalation's stays in its channel.
      const latestUpdate = t.esc.restricted ? undefined : await t.latestEvent("progress_update");
      return buildManagerDm(t.esc, event, await t.renderContext(), await t.permalink(), latestUpdate);
    }
  }
}

/**
 * A pointer to the escalation's post while that post waits for its channel: it says where the
 * escalation will appear. A post that failed for good leaves nothing to point to.
 */
async function postStillToCome(t: SendTools): Promise<boolean> {
  if (t.esc.messageTs) return false;
  if (await t.postPending()) return true;
  t.postedMessage(); // throws: the post failed for good
  return false;
}

/** Where a deliverer has no App Home publisher (a benchmark's), a publish fails as undeliverable. */
export const NO_HOME_PUBLISHER = { publish: (): Promise<void> => Promise.reject(new MissingDependencyError("no App Home publisher")) };

/** Runs the sender of one escalation's message (the team's go to team-senders.ts, a Home to home-publisher.ts). */
export function sendIntent(t: SendTools, intent: EscalationIntent): Promise<void> {
  return (SENDERS[intent.kind] as Sender<typeof intent.kind>)(t, intent as never);
}

/** The message an update or reply needs, or why it cannot be had. */
export function postedMessageOf(esc: EscalationRow): { channel: string; ts: string } {
  if (!esc.messageChannelId || !esc.messageTs) {
    throw new MissingDependencyError(`${formatEscalationId(esc.id)} has no channel message (its post failed)`);
  }
  return { channel: esc.messageChannelId, ts: esc.messageTs };
}
