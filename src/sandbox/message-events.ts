import type { EventsApi } from "./events-api.js";
import { EMULATOR_IDS } from "./identity.js";
import { isMember, type Workspace, type WorkspaceChannel, type WorkspaceMessage } from "./workspace.js";

/**
 * The `message` events Slack sends an app about what is said in a conversation: a message posted
 * there (a person's, a reply in a thread, a join, and the app's own, which carry its `bot_id` and
 * which the app must ignore) and a message edited (subtype `message_changed`). As in Slack, only
 * for conversations the app's bot user is a member of, only when the app subscribed to that kind of
 * conversation (`message.channels` for public channels, `message.groups` for private ones,
 * `message.im` for its DMs) and holds the history scope for it.
 */

type Json = Record<string, unknown>;

/** Per kind of conversation: the subscription, the scope it needs and the event's `channel_type`. */
const KINDS = {
  public: { subscription: "message.channels", scope: "channels:history", channelType: "channel" },
  private: { subscription: "message.groups", scope: "groups:history", channelType: "group" },
  im: { subscription: "message.im", scope: "im:history", channelType: "im" },
} as const;

export interface MessageEventsDeps {
  workspace: Workspace;
  events: EventsApi;
}

export class MessageEvents {
  constructor(private readonly d: MessageEventsDeps) {}

  /** `message` was posted (by a person, by the app, or a join). */
  posted(message: WorkspaceMessage): void {
    const channel = this.d.workspace.channels.get(message.channel);
    if (channel) this.send(channel, this.shape(channel, message));
  }

  /** `before` (a copy taken before the change) became `after`: Slack's `message_changed`. */
  changed(before: WorkspaceMessage, after: WorkspaceMessage): void {
    const channel = this.d.workspace.channels.get(after.channel);
    if (!channel) return;
    const edited = after.editedTs ? { edited: { user: after.user, ts: after.editedTs } } : {};
    this.send(channel, {
      type: "message",
      subtype: "message_changed",
      hidden: true,
      channel: channel.id,
      ts: after.editedTs ?? after.ts,
      message: { ...this.shape(channel, after), ...edited },
      previous_message: this.shape(channel, before),
    });
  }

  private send(channel: WorkspaceChannel, event: Json & { type: string }): void {
    // Slack tells an app about a conversation only when its bot user is in it, public channels included.
    if (!isMember(channel, EMULATOR_IDS.botUserId)) return;
    const kind = KINDS[channel.isIm ? "im" : channel.isPrivate ? "private" : "public"];
    void this.d.events.dispatch({ ...event, channel_type: kind.channelType }, [kind.scope], kind.subscription);
  }

  /** The message as the event carries it: who wrote it (and the app's bot id), its text, blocks and thread. */
  private shape(channel: WorkspaceChannel, m: WorkspaceMessage): Json & { type: "message" } {
    const reply = m.threadTs !== undefined && m.threadTs !== m.ts;
    const parent = reply ? this.d.workspace.message(channel.id, m.threadTs!) : undefined;
    return {
      type: "message",
      ...(m.subtype ? { subtype: m.subtype } : {}),
      channel: channel.id,
      user: m.user,
      ...(m.botId ? { bot_id: m.botId, app_id: EMULATOR_IDS.appId } : {}),
      text: m.text ?? "",
      ts: m.ts,
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.attachments ? { attachments: m.attachments } : {}),
      ...(reply ? { thread_ts: m.threadTs, ...(parent ? { parent_user_id: parent.user } : {}) } : {}),
      team: EMULATOR_IDS.teamId,
    };
  }
}
