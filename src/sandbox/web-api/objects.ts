import { EMULATOR_IDS } from "../identity.js";
import type { Workspace, WorkspaceChannel, WorkspaceMessage, WorkspaceUser } from "../workspace.js";
import { botIsMember } from "./context.js";
import type { Json } from "./wire.js";

/**
 * The workspace's records as Slack's JSON objects (message, user, conversation), in one place
 * because several methods answer with them and interaction payloads carry messages too.
 */

export function messageObject(ws: Workspace, m: WorkspaceMessage, withMetadata = false): Json {
  const replies = m.threadTs === undefined || m.threadTs === m.ts ? ws.replies(m.channel, m.ts) : [];
  return {
    type: "message",
    ...(m.subtype ? { subtype: m.subtype } : {}),
    user: m.user,
    ts: m.ts,
    text: m.text ?? "",
    ...(m.botId ? { bot_id: m.botId } : {}),
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    // Slack's file objects, without their bytes.
    ...(m.files && m.files.length > 0 ? { files: m.files.map((f) => ({ id: f.id, name: f.name, title: f.title, size: f.size, filetype: f.filetype, mimetype: f.mimetype })) } : {}),
    ...(m.threadTs !== undefined ? { thread_ts: m.threadTs } : replies.length > 0 ? { thread_ts: m.ts } : {}),
    ...(replies.length > 0 ? { reply_count: replies.length, latest_reply: replies.at(-1)!.ts } : {}),
    ...(m.editedTs ? { edited: { user: m.user, ts: m.editedTs } } : {}),
    ...(withMetadata && m.metadata !== undefined ? { metadata: m.metadata } : {}),
  };
}

export function userObject(u: WorkspaceUser): Json {
  return {
    id: u.id,
    team_id: EMULATOR_IDS.teamId,
    name: u.name,
    real_name: u.realName,
    deleted: u.deactivated === true,
    is_bot: u.isBot,
    tz: u.tz,
    profile: {
      real_name: u.realName,
      display_name: u.name,
      title: u.title ?? "",
      ...(u.email !== undefined ? { email: u.email } : {}),
      ...(u.botId ? { bot_id: u.botId } : {}),
    },
  };
}

export function channelObject(c: WorkspaceChannel): Json {
  if (c.isIm) return { id: c.id, is_im: true, user: c.user, is_open: true, created: 0 };
  return {
    id: c.id,
    name: c.name,
    is_channel: true,
    is_group: false,
    is_private: c.isPrivate,
    is_archived: c.archived === true,
    is_member: botIsMember(c),
    ...(c.creator ? { creator: c.creator } : {}),
    num_members: c.members.length,
    topic: { value: c.topic ?? "" },
  };
}
