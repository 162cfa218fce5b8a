import { validateMessageArgs } from "../block-kit-rules.js";
import { EMULATOR_IDS } from "../identity.js";
import { isMember } from "../workspace.js";
import type { WebApiContext } from "./context.js";
import { messageObject } from "./objects.js";
import { CHANNEL_ID, ok, slackError, str, type Json } from "./wire.js";

/**
 * chat.*: the app's messages (posted, updated, deleted, ephemeral) and their permalinks, with the
 * refusals Slack gives: Block Kit limits, thread and message lookups, whose message it is.
 */

const MAX_TEXT = 40_000;

export function postMessage(cx: WebApiContext, a: Json): Json {
  const missing = cx.needs("chat:write");
  if (missing) return missing;
  const target = cx.writable(a.channel);
  if ("ok" in target) return target;
  const refused = refuseMessage(a);
  if (refused) return refused;
  const threadTs = str(a.thread_ts);
  const parent = threadTs !== undefined ? cx.ws.message(target.id, threadTs) : undefined;
  if (threadTs !== undefined && !parent) return slackError("thread_not_found");
  const message = cx.ws.post({
    channel: target.id,
    ts: cx.ws.nextTs(cx.d.now()),
    user: EMULATOR_IDS.botUserId,
    botId: EMULATOR_IDS.botId,
    ...messageContent(a),
    // A reply to a reply joins the parent's thread, as in Slack.
    ...(parent ? { threadTs: parent.threadTs ?? parent.ts } : {}),
    ...(a.metadata !== undefined ? { metadata: a.metadata } : {}),
  });
  cx.d.onChange({ type: "message", channel: message.channel, ts: message.ts, ...(message.threadTs ? { threadTs: message.threadTs } : {}) });
  cx.d.messages.posted(message);
  return ok({ channel: message.channel, ts: message.ts, message: messageObject(cx.ws, message) });
}

export function update(cx: WebApiContext, a: Json): Json {
  const missing = cx.needs("chat:write");
  if (missing) return missing;
  // chat.update takes a channel id only, never a name (a common slip the real Slack refuses).
  const channel = str(a.channel);
  if (!channel || !CHANNEL_ID.test(channel)) return slackError("channel_not_found");
  const c = cx.visible(channel);
  if (!c) return slackError("channel_not_found");
  const ts = str(a.ts);
  const existing = ts ? cx.ws.message(c.id, ts) : undefined;
  if (!existing || !ts) return slackError("message_not_found");
  if (existing.user !== EMULATOR_IDS.botUserId) return slackError("cant_update_message");
  if (a.text === undefined && a.blocks === undefined && a.attachments === undefined) return slackError("no_text");
  const refused = refuseMessage({ text: a.text ?? existing.text, blocks: a.blocks ?? existing.blocks, attachments: a.attachments ?? existing.attachments });
  if (refused) return refused;
  const before = { ...existing };
  const updated = cx.ws.update(c.id, ts, messageContent(a), cx.ws.nextTs(cx.d.now()))!;
  cx.d.onChange({ type: "message", channel: c.id, ts, ...(updated.threadTs ? { threadTs: updated.threadTs } : {}) });
  cx.d.messages.changed(before, updated);
  return ok({ channel: c.id, ts, text: updated.text ?? "", message: messageObject(cx.ws, updated) });
}

export function deleteMessage(cx: WebApiContext, a: Json): Json {
  const missing = cx.needs("chat:write");
  if (missing) return missing;
  const c = cx.visible(a.channel);
  const ts = str(a.ts);
  if (!c || !CHANNEL_ID.test(c.id)) return slackError("channel_not_found");
  const existing = ts ? cx.ws.message(c.id, ts) : undefined;
  if (!existing || !ts) return slackError("message_not_found");
  if (existing.user !== EMULATOR_IDS.botUserId) return slackError("cant_delete_message");
  cx.ws.delete(c.id, ts);
  cx.d.onChange({ type: "message", channel: c.id, ts, ...(existing.threadTs ? { threadTs: existing.threadTs } : {}) });
  return ok({ channel: c.id, ts });
}

export function postEphemeral(cx: WebApiContext, a: Json): Json {
  const missing = cx.needs("chat:write");
  if (missing) return missing;
  const c = cx.visible(a.channel);
  if (!c) return slackError("channel_not_found");
  const user = str(a.user);
  if (!user || !cx.ws.users.has(user)) return slackError("user_not_found");
  if (!isMember(c, user)) return slackError("user_not_in_channel");
  const refused = refuseMessage(a);
  if (refused) return refused;
  const ts = cx.ws.nextTs(cx.d.now());
  const threadTs = str(a.thread_ts);
  cx.d.ephemerals.add({ channel: c.id, user, ts, from: EMULATOR_IDS.botUserId, ...messageContent(a), ...(threadTs ? { threadTs } : {}) });
  cx.d.onChange({ type: "ephemeral", channel: c.id, user });
  return ok({ message_ts: ts });
}

export function getPermalink(cx: WebApiContext, a: Json): Json {
  const c = cx.visible(a.channel);
  if (!c) return slackError("channel_not_found");
  const ts = str(a.message_ts);
  if (!ts) return slackError("invalid_arguments");
  const m = cx.ws.message(c.id, ts);
  if (!m) return slackError("message_not_found");
  const thread = m.threadTs && m.threadTs !== m.ts ? `?thread_ts=${m.threadTs}&cid=${c.id}` : "";
  return ok({ channel: c.id, permalink: `${cx.d.workspaceUrl}archives/${c.id}/p${ts.replace(".", "")}${thread}` });
}

/** text/blocks/attachments of a chat.* call, omitting what was not sent. */
function messageContent(a: Json): { text?: string; blocks?: unknown[]; attachments?: unknown[] } {
  return {
    ...(typeof a.text === "string" ? { text: a.text.slice(0, MAX_TEXT) } : {}),
    ...(Array.isArray(a.blocks) ? { blocks: a.blocks as unknown[] } : {}),
    ...(Array.isArray(a.attachments) ? { attachments: a.attachments as unknown[] } : {}),
  };
}

/** Slack's refusal of a message it would not show, with its reasons. */
function refuseMessage(a: Json): Json | undefined {
  if (a.blocks !== undefined && !Array.isArray(a.blocks)) return slackError("invalid_blocks_format");
  const problem = validateMessageArgs({ text: a.text, blocks: a.blocks, attachments: a.attachments });
  if (!problem) return undefined;
  return slackError(problem.error, problem.messages.length > 0 ? { errors: problem.messages, response_metadata: { messages: problem.messages } } : {});
}
