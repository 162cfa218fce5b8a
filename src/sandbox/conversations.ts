import { randomBytes } from "node:crypto";
import type { EventsApi } from "./events-api.js";
import { EMULATOR_IDS } from "./identity.js";
import type { MessageEvents } from "./message-events.js";
import type { WorkspaceChange } from "./workspace-change.js";
import { isMember, type Workspace, type WorkspaceChannel } from "./workspace.js";

/**
 * Creating channels and inviting people (or the app) to them, by a person on the sandbox page or
 * through conversations.create / conversations.invite, with Slack's rules and errors; and what
 * Slack tells the app about it: `channel_created` for a new public channel, `member_joined_channel`
 * for a join in a channel the app is in (its own join included).
 */

export type ChannelOutcome =
  | { ok: true; channel: WorkspaceChannel }
  | { ok: false; error: string; errors?: { user: string; ok: false; error: string }[] };

export interface ConversationsDeps {
  workspace: Workspace;
  events: EventsApi;
  /** The join shows in the channel as a message, which apps subscribed to its messages hear of. */
  messages: MessageEvents;
  now: () => number;
  onChange: (change: WorkspaceChange) => void;
}

/** Slack's rule for channel names: lowercase letters, digits, hyphens and underscores, at most 80. */
const NAME = /^[a-z0-9_-]+$/;
const MAX_NAME = 80;
const MAX_TOPIC = 250;

export class Conversations {
  constructor(private readonly d: ConversationsDeps) {}

  /** `creator` makes a channel and is its only member; a public one is announced to the app. */
  create(creator: string, rawName: string, isPrivate: boolean): ChannelOutcome {
    const ws = this.d.workspace;
    if (!ws.users.has(creator)) return { ok: false, error: "user_not_found" };
    const name = rawName.trim().replace(/^#/, "");
    if (name === "") return { ok: false, error: "invalid_name_required" };
    if (name.length > MAX_NAME) return { ok: false, error: "invalid_name_maxlength" };
    if (!NAME.test(name)) return { ok: false, error: "invalid_name_specials" };
    if (ws.channelByName(name)) return { ok: false, error: "name_taken" };
    const channel: WorkspaceChannel = { id: this.freeId(), name, isPrivate, isIm: false, members: [creator], creator };
    ws.putChannel(channel);
    this.d.onChange({ type: "channels" });
    if (!isPrivate) {
      // Slack tells apps of new public channels only: a private one is news to its members alone.
      void this.d.events.dispatch(
        {
          type: "channel_created",
          channel: { id: channel.id, name, name_normalized: name, is_channel: true, created: Math.floor(this.d.now() / 1000), creator, is_archived: false, is_general: false },
        },
        ["channels:read"],
      );
    }
    return { ok: true, channel };
  }

  /** `inviter`, a member, adds `users` (people or the app's bot user) to a channel. */
  invite(inviter: string, channelId: string, users: readonly string[]): ChannelOutcome {
    const ws = this.d.workspace;
    const channel = ws.channels.get(channelId);
    if (!channel || (channel.isPrivate && !isMember(channel, inviter))) return { ok: false, error: "channel_not_found" };
    if (channel.isIm) return { ok: false, error: "method_not_supported_for_channel_type" };
    if (channel.archived) return { ok: false, error: "is_archived" };
    if (!isMember(channel, inviter)) return { ok: false, error: "not_in_channel" };
    if (users.length === 0) return { ok: false, error: "no_user" };
    // Slack answers the first refusal, and with several users lists each one's in `errors`.
    const refusals = users.map((u) => ({ user: u, error: ws.users.has(u) ? (ws.users.get(u)!.deactivated ? "user_is_deactivated" : undefined) : "user_not_found" }));
    const refused = refusals.filter((r): r is { user: string; error: string } => r.error !== undefined);
    if (refused.length > 0) return { ok: false, error: refused[0]!.error, errors: refused.map((r) => ({ user: r.user, ok: false, error: r.error })) };
    if (users.includes(inviter)) return { ok: false, error: "cant_invite_self" };
    const joining = [...new Set(users)].filter((u) => !isMember(channel, u));
    if (joining.length === 0) return { ok: false, error: "already_in_channel" };
    for (const user of joining) {
      ws.join(channel.id, user);
      // Slack shows the join in the channel, and its history has it as a channel_join message.
      const message = ws.post({ channel: channel.id, ts: ws.nextTs(this.d.now()), user, subtype: "channel_join", text: `<@${user}> has joined the channel` });
      this.d.onChange({ type: "message", channel: channel.id, ts: message.ts });
      this.d.messages.posted(message);
    }
    this.d.onChange({ type: "channels" });
    const now = ws.channels.get(channel.id)!;
    // The app hears of joins only in channels it is in: after its own invitation, that one too.
    if (isMember(now, EMULATOR_IDS.botUserId)) {
      for (const user of joining) {
        void this.d.events.dispatch(
          { type: "member_joined_channel", user, channel: now.id, channel_type: now.isPrivate ? "G" : "C", team: EMULATOR_IDS.teamId, inviter },
          [now.isPrivate ? "groups:read" : "channels:read"],
        );
      }
    }
    return { ok: true, channel: now };
  }

  /** A member sets the channel's topic (Slack allows 250 characters). */
  setTopic(by: string, channelId: string, topic: string): ChannelOutcome {
    const channel = this.d.workspace.channels.get(channelId);
    if (!channel || channel.isIm || (channel.isPrivate && !isMember(channel, by))) return { ok: false, error: "channel_not_found" };
    if (channel.archived) return { ok: false, error: "is_archived" };
    if (!isMember(channel, by)) return { ok: false, error: "not_in_channel" };
    if ([...topic].length > MAX_TOPIC) return { ok: false, error: "too_long" };
    return this.changed({ ...channel, topic });
  }

  /** A member archives the channel: it stays, with its history, read-only. */
  archive(by: string, channelId: string): ChannelOutcome {
    const channel = this.d.workspace.channels.get(channelId);
    if (!channel || channel.isIm || (channel.isPrivate && !isMember(channel, by))) return { ok: false, error: "channel_not_found" };
    if (channel.everyone) return { ok: false, error: "cant_archive_general" };
    if (channel.archived) return { ok: false, error: "already_archived" };
    if (!isMember(channel, by)) return { ok: false, error: "not_in_channel" };
    return this.changed({ ...channel, archived: true });
  }

  /** A member pins a message of the channel. */
  pin(by: string, channelId: string, ts: string): ChannelOutcome {
    const channel = this.d.workspace.channels.get(channelId);
    if (!channel || (channel.isPrivate && !isMember(channel, by))) return { ok: false, error: "channel_not_found" };
    if (channel.archived) return { ok: false, error: "is_archived" };
    if (!isMember(channel, by)) return { ok: false, error: "not_in_channel" };
    if (!this.d.workspace.message(channelId, ts)) return { ok: false, error: "message_not_found" };
    if (channel.pinned?.includes(ts)) return { ok: false, error: "already_pinned" };
    return this.changed({ ...channel, pinned: [...(channel.pinned ?? []), ts] });
  }

  private changed(channel: WorkspaceChannel): ChannelOutcome {
    this.d.workspace.putChannel(channel);
    this.d.onChange({ type: "channels" });
    for (const m of this.d.workspace.channelMessages(channel.id).slice(-1)) this.d.onChange({ type: "message", channel: channel.id, ts: m.ts });
    return { ok: true, channel };
  }

  private freeId(): string {
    for (;;) {
      const id = `C${randomBytes(5).toString("hex").toUpperCase()}`;
      if (!this.d.workspace.channels.has(id)) return id;
    }
  }
}
