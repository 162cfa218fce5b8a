import { EMULATOR_IDS } from "../identity.js";
import type { WorkspaceChannel, WorkspaceMessage } from "../workspace.js";
import { botIsMember, READ_SCOPE, type WebApiContext } from "./context.js";
import { channelObject, messageObject } from "./objects.js";
import { list, ok, paginate, slackError, str, type Json } from "./wire.js";

/**
 * conversations.*: listing and reading channels and DMs the bot can see, with Slack's defaults
 * (public channels only unless asked), pagination and membership rules; and the bot joining,
 * creating, inviting to and opening conversations.
 */

export function listConversations(cx: WebApiContext, a: Json): Json {
  // Slack defaults `types` to public channels only; a bot that forgets to ask for private ones
  // must find out here, not in production.
  const types = new Set((str(a.types) ?? "public_channel").split(",").map((t) => t.trim()));
  if (types.has("public_channel")) {
    const missing = cx.needs(READ_SCOPE.public);
    if (missing) return missing;
  }
  if (types.has("private_channel")) {
    const missing = cx.needs(READ_SCOPE.private);
    if (missing) return missing;
  }
  const all = [...cx.ws.channels.values()].filter((c) =>
    c.isIm ? types.has("im") && botIsMember(c) : c.isPrivate ? types.has("private_channel") && botIsMember(c) : types.has("public_channel"),
  );
  const page = paginate(all, a, cx.d.pageSize);
  if ("error" in page) return page.error;
  return ok({ channels: page.items.map(channelObject), response_metadata: { next_cursor: page.next } });
}

export function info(cx: WebApiContext, a: Json): Json {
  return cx.withChannel(a.channel, "read", (c) => ok({ channel: channelObject(c) }));
}

export function members(cx: WebApiContext, a: Json): Json {
  return cx.withChannel(a.channel, "read", (c) => ok({ members: c.everyone ? [...cx.ws.users.keys()] : c.members, response_metadata: { next_cursor: "" } }));
}

export function history(cx: WebApiContext, a: Json): Json {
  return cx.withChannel(a.channel, "history", (c) => messages(cx, c, a, (m) => m.threadTs === undefined || m.threadTs === m.ts));
}

export function replies(cx: WebApiContext, a: Json): Json {
  const parent = str(a.ts);
  if (!parent) return slackError("invalid_arguments");
  return cx.withChannel(a.channel, "history", (c) =>
    cx.ws.message(c.id, parent) ? messages(cx, c, a, (m) => m.ts === parent || m.threadTs === parent, true) : slackError("thread_not_found"),
  );
}

export function join(cx: WebApiContext, a: Json): Json {
  const c = cx.visible(a.channel);
  if (!c) return slackError("channel_not_found");
  if (c.isPrivate) return slackError("method_not_supported_for_channel_type");
  const missing = cx.needs("channels:join");
  if (missing) return missing;
  cx.ws.join(c.id, EMULATOR_IDS.botUserId);
  cx.d.onChange({ type: "channels" });
  return ok({ channel: channelObject(cx.ws.channels.get(c.id)!) });
}

/** The app makes a channel (it is then its only member). */
export function create(cx: WebApiContext, a: Json): Json {
  const isPrivate = String(a.is_private) === "true";
  const missing = cx.needs(isPrivate ? "groups:write" : "channels:manage");
  if (missing) return missing;
  const made = cx.d.conversations.create(EMULATOR_IDS.botUserId, str(a.name) ?? "", isPrivate);
  return made.ok ? ok({ channel: channelObject(made.channel) }) : slackError(made.error);
}

/** The app adds people to a channel it is in. */
export function invite(cx: WebApiContext, a: Json): Json {
  const c = cx.visible(a.channel);
  if (!c) return slackError("channel_not_found");
  const missing = cx.needs(c.isPrivate ? "groups:write" : "channels:manage");
  if (missing) return missing;
  const done = cx.d.conversations.invite(EMULATOR_IDS.botUserId, c.id, list(a.users));
  return done.ok ? ok({ channel: channelObject(done.channel) }) : slackError(done.error, done.errors ? { errors: done.errors } : {});
}

/** Which scopes let the app manage a channel: Slack's broad ones, or the topic-only ones for a topic. */
const MANAGE_SCOPE = { public: "channels:manage", private: "groups:write" } as const;
const TOPIC_SCOPE = { public: "channels:write.topic", private: "groups:write.topic" } as const;

/** The app sets the topic of a channel it is in. */
export function setTopic(cx: WebApiContext, a: Json): Json {
  const c = cx.visible(a.channel);
  if (!c) return slackError("channel_not_found");
  const kind = c.isPrivate ? "private" : "public";
  const missing = cx.needs(MANAGE_SCOPE[kind], TOPIC_SCOPE[kind]);
  if (missing) return missing;
  const done = cx.d.conversations.setTopic(EMULATOR_IDS.botUserId, c.id, str(a.topic) ?? "");
  return done.ok ? ok({ channel: channelObject(done.channel) }) : slackError(done.error);
}

/** The app archives a channel it is in. */
export function archive(cx: WebApiContext, a: Json): Json {
  const c = cx.visible(a.channel);
  if (!c) return slackError("channel_not_found");
  const missing = cx.needs(MANAGE_SCOPE[c.isPrivate ? "private" : "public"]);
  if (missing) return missing;
  const done = cx.d.conversations.archive(EMULATOR_IDS.botUserId, c.id);
  return done.ok ? ok() : slackError(done.error);
}

/** pins.add: the app pins a message in a channel it is in. */
export function pinAdd(cx: WebApiContext, a: Json): Json {
  const missing = cx.needs("pins:write");
  if (missing) return missing;
  const c = cx.visible(a.channel);
  if (!c) return slackError("channel_not_found");
  const ts = str(a.timestamp);
  if (!ts) return slackError("no_item_specified");
  const done = cx.d.conversations.pin(EMULATOR_IDS.botUserId, c.id, ts);
  return done.ok ? ok() : slackError(done.error);
}

/** pins.list: the pinned messages of a channel, newest pin first. */
export function pinList(cx: WebApiContext, a: Json): Json {
  const missing = cx.needs("pins:read");
  if (missing) return missing;
  const c = cx.visible(a.channel);
  if (!c) return slackError("channel_not_found");
  const items = [...(c.pinned ?? [])]
    .reverse()
    .map((ts) => cx.ws.message(c.id, ts))
    .filter((m): m is WorkspaceMessage => m !== undefined)
    .map((m) => ({ type: "message", channel: c.id, created_by: EMULATOR_IDS.botUserId, message: messageObject(cx.ws, m) }));
  return ok({ items });
}

export function open(cx: WebApiContext, a: Json): Json {
  const missing = cx.needs("im:write");
  if (missing) return missing;
  const existing = str(a.channel);
  if (existing) {
    const c = cx.visible(existing);
    return c ? ok({ channel: { id: c.id } }) : slackError("channel_not_found");
  }
  const users = list(a.users);
  if (users.length === 0) return slackError("users_list_not_supplied");
  if (users.length > 1) return slackError("not_enough_users"); // group DMs are not emulated
  const user = cx.ws.users.get(users[0]!);
  if (!user) return slackError("user_not_found");
  const dm = cx.ws.dmWith(user.id, EMULATOR_IDS.botUserId);
  cx.d.onChange({ type: "channels" });
  return ok({ channel: { id: dm.id } });
}

/** Messages newest first (replies: the parent first, then oldest first), as Slack returns them. */
function messages(cx: WebApiContext, c: WorkspaceChannel, a: Json, include: (m: WorkspaceMessage) => boolean, oldestFirst = false): Json {
  const oldest = Number(str(a.oldest) ?? "0");
  const latest = Number(str(a.latest) ?? "Infinity");
  const withMetadata = String(a.include_all_metadata) === "true";
  const matching = cx.ws.channelMessages(c.id).filter((m) => Number(m.ts) >= oldest && Number(m.ts) <= latest && include(m));
  const ordered = oldestFirst ? matching : [...matching].reverse();
  const page = paginate(ordered, a, 200, 100);
  if ("error" in page) return page.error;
  return ok({
    messages: page.items.map((m) => messageObject(cx.ws, m, withMetadata)),
    has_more: page.next !== "",
    response_metadata: { next_cursor: page.next },
  });
}
