import { WebAPIPlatformError } from "@slack/web-api";
import type { OutboxIntent } from "../domain/outbox-intent.js";
import type { WarRoomSpec } from "../domain/playbook/model.js";
import { conferenceLink, warRoomInvitees, warRoomName } from "../domain/war-room.js";
import { classifyDeliveryError } from "./delivery-error.js";
import type { SendTools } from "./send-tools.js";
import { buildRoomNotice, buildRoomSummary, buildRoomTopic } from "./views/war-room.js";
import { mention } from "./views/slack-format.js";

/**
 * How a war room reaches Slack: made (conversations.create, a suffix when the name is taken), its
 * people invited one by one (whoever cannot be is named in the room), its topic set, its summary
 * posted and pinned; kept current; told of events; archived. Every step can be run again after a
 * crash or a lost response without doing anything twice: the channel is recorded the moment it
 * exists (and found again by name when that record was lost), invites of members are no-ops, the
 * summary post is found by its outbox key, and a pin already there is fine.
 */

/** Names tried before giving up (`esc-0042-…`, then `-2` … `-20`). */
const MAX_NAME_ATTEMPTS = 20;

type RoomSender<K extends OutboxIntent["kind"]> = (t: SendTools, intent: Extract<OutboxIntent, { kind: K }>) => Promise<void>;

const platformCode = (err: unknown): string | undefined => (err instanceof WebAPIPlatformError ? err.data.error : undefined);

/**
 * A room call whose refusal is not worth retrying (a missing scope, an archived room): Slack's code,
 * so the caller can say it. What may work later (a 429, an outage) is thrown, and the row retried.
 */
async function attempt<T>(call: () => Promise<T>): Promise<{ ok: T } | { refused: string }> {
  try {
    return { ok: await call() };
  } catch (err) {
    const code = platformCode(err);
    const failure = classifyDeliveryError(err);
    if (code !== undefined && !("auth" in failure && failure.auth) && (!failure.retry || ("waitsForChannel" in failure && failure.waitsForChannel))) return { refused: code };
    throw err;
  }
}

export const WAR_ROOM_SENDERS: { [K in "open_war_room" | "refresh_war_room" | "room_notice" | "archive_war_room"]: RoomSender<K> } = {
  open_war_room: async (t) => {
    const ctx = await t.renderContext();
    const room = ctx.policy.warRoom;
    if (!room) return t.skipped("the playbook has no war room");
    const made = t.esc.warRoomChannelId && t.esc.warRoomName ? { id: t.esc.warRoomChannelId, name: t.esc.warRoomName } : await createRoom(t, room);
    if (!made) return;
    const notInvited = await invite(t, made.id);
    await setTopic(t, made.id, buildRoomTopic(t.esc, ctx.policy));
    const summary = buildRoomSummary(t.esc, ctx, { threadUrl: await t.permalink(), conferenceUrl: conferenceLink(room, t.esc, made.name), notInvited, private: t.esc.restricted });
    const posted = await t.postOnce({ channel: made.id, ...summary });
    const pinned = await attempt(() => t.room.slack.pins.add({ channel: made.id, timestamp: posted.ts }));
    if ("refused" in pinned && pinned.refused !== "already_pinned") notInvited.push(`(the summary could not be pinned: Slack says \`${pinned.refused}\`)`);
    await t.room.ready({ channelId: made.id, name: made.name, private: t.esc.restricted, summaryTs: posted.ts, notInvited });
  },

  refresh_war_room: async (t) => {
    const channel = t.esc.warRoomChannelId;
    if (!channel || t.esc.warRoomArchivedAt !== null) return t.sent();
    const ctx = await t.renderContext();
    // The owner and commander may have come after the room: they belong in it.
    await invite(t, channel, true);
    await setTopic(t, channel, buildRoomTopic(t.esc, ctx.policy));
    const opened = await t.latestEvent("war_room_opened");
    const summaryTs = opened?.detail.summaryTs;
    if (summaryTs) {
      const room = ctx.policy.warRoom;
      const summary = buildRoomSummary(t.esc, ctx, {
        threadUrl: await t.permalink(),
        conferenceUrl: room ? conferenceLink(room, t.esc, t.esc.warRoomName ?? "") : undefined,
        notInvited: opened.detail.notInvited,
        private: opened.detail.private,
      });
      await attempt(() => t.room.slack.chat.update({ channel, ts: summaryTs, ...summary }));
    }
    await t.sent();
  },

  room_notice: async (t, intent) => {
    const channel = t.esc.warRoomChannelId;
    if (!channel) return t.skipped("the escalation has no war room");
    if (t.esc.warRoomArchivedAt !== null) return t.skipped("its war room is archived");
    const opened = await t.latestEvent("war_room_opened");
    const notice = buildRoomNotice(t.esc, await t.event(intent.eventId), await t.renderContext(), opened?.detail.private);
    await t.postOnce({ channel, ...notice });
    await t.sent();
  },

  archive_war_room: async (t) => {
    const channel = t.esc.warRoomChannelId;
    if (!channel || t.esc.warRoomArchivedAt !== null || t.esc.status !== "resolved") return t.sent();
    const done = await attempt(() => t.room.slack.conversations.archive({ channel }));
    if ("refused" in done && done.refused !== "already_archived") return t.skipped(`conversations.archive: ${done.refused}`);
    await t.room.archived(channel);
  },
};

/**
 * Makes the channel: the playbook's name, then `-2`, `-3` ... while Slack says `name_taken`. A
 * name taken by a room this app made for this escalation on an earlier try (its response lost
 * before the channel was recorded) is that room. Any other refusal is recorded and said, and the
 * escalation goes on without a room.
 */
async function createRoom(t: SendTools, room: WarRoomSpec): Promise<{ id: string; name: string } | undefined> {
  for (let n = 1; n <= MAX_NAME_ATTEMPTS; n++) {
    const name = warRoomName(t.esc, room.namePrefix, n);
    const made = await attempt(() => t.room.slack.conversations.create({ name, is_private: t.esc.restricted }));
    if ("ok" in made) {
      const id = made.ok.channel?.id;
      if (!id) throw new Error("conversations.create returned no channel");
      await t.room.created(id, name);
      return { id, name };
    }
    if (made.refused !== "name_taken") {
      await t.room.failed(made.refused);
      return undefined;
    }
    const ours = t.room.retrying ? await earlierRoom(t, name) : undefined;
    if (ours) {
      await t.room.created(ours, name);
      return { id: ours, name };
    }
  }
  await t.room.failed("name_taken");
  return undefined;
}

/**
 * The channel called `name` when this app made it and is still in it: an earlier try's room. Asked
 * of Slack directly (not the directory's cached names): it was made a moment ago. Rare, so a
 * plain walk through conversations.list is fine.
 */
async function earlierRoom(t: SendTools, name: string): Promise<string | undefined> {
  try {
    const me = await t.room.botUserId();
    let cursor: string | undefined;
    do {
      const page = await t.room.slack.conversations.list({ types: "public_channel,private_channel", exclude_archived: true, limit: 200, ...(cursor ? { cursor } : {}) });
      const found = (page.channels ?? []).find((c) => c.name === name) as { id?: string; creator?: string; is_member?: boolean } | undefined;
      if (found) return found.id && found.creator === me && found.is_member ? found.id : undefined;
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return undefined;
  } catch {
    return undefined; // not findable: another name is the safe choice
  }
}

/**
 * Invites the room's people one by one, so one who cannot come never keeps the others out. Answers
 * who could not be invited, with why, for the room to name. `quiet`: only the owner and commander,
 * for a room that exists already (its refusals were named when it opened).
 */
async function invite(t: SendTools, channel: string, quiet = false): Promise<string[]> {
  const ctx = await t.renderContext();
  const wanted = warRoomInvitees(t.esc, ctx.policy);
  const notInvited: string[] = [];
  const users = new Set(wanted.users);
  if (!quiet) {
    for (const role of wanted.roles) {
      const found = await t.room.roleInvitees(role);
      const label = ctx.policy.roles[role]?.label ?? role;
      found.users.forEach((u) => users.add(u));
      for (const who of found.missing) notInvited.push(`${label}: ${who} is not in this Slack workspace`);
      if (found.users.length === 0 && found.missing.length === 0) notInvited.push(`${label}: nobody in Slack holds this role`);
    }
  }
  const me = await t.room.botUserId();
  users.delete(me);
  for (const user of users) {
    const done = await attempt(() => t.room.slack.conversations.invite({ channel, users: user }));
    if ("ok" in done || done.refused === "already_in_channel") continue;
    notInvited.push(`${mention(user)}: ${INVITE_REFUSALS[done.refused] ?? `Slack says \`${done.refused}\``}`);
  }
  return notInvited;
}

const INVITE_REFUSALS: Record<string, string> = {
  user_is_deactivated: "their account is deactivated",
  user_not_found: "Slack does not know this account",
  cant_invite: "Slack does not let the app invite them",
  user_is_restricted: "a guest account the app cannot invite",
  user_is_ultra_restricted: "a single-channel guest the app cannot invite",
  missing_scope: "the app may not invite people (missing scope)",
};

/** The header says status and commander; set only when it changed (Slack announces every change in the channel). */
async function setTopic(t: SendTools, channel: string, topic: string): Promise<void> {
  const info = await attempt(() => t.room.slack.conversations.info({ channel }));
  const current = "ok" in info ? (info.ok.channel as { topic?: { value?: string } } | undefined)?.topic?.value : undefined;
  if (current === topic) return;
  await attempt(() => t.room.slack.conversations.setTopic({ channel, topic }));
}
