import type { KnownBlock } from "@slack/types";
import type { ChatPostMessageArguments, ChatUpdateArguments, WebClient } from "@slack/web-api";
import type { EscalationRow, TimelineEventRow } from "../db/schema.js";
import type { TimelineEventKind, TimelineEventOf } from "../domain/timeline-event.js";
import type { RenderContext } from "./views/escalation-message.js";
import type { LinkedPost } from "./views/linked-lines.js";
import type { RefSigner } from "./signed-ref.js";

/**
 * What a sender of an outbox row may use (outbox-senders.ts, war-room-senders.ts): the escalation as
 * it is now, Slack through the deliverer, and the records. Its own module, so the senders of each
 * family import it without importing one another.
 */

/** A row cannot be sent because what it refers to never made it to Slack (or no longer exists). */
export class MissingDependencyError extends Error {
  override readonly name = "MissingDependencyError";
}

/** What a person is told privately: text, with blocks when it has buttons (the text is then the notification). */
export interface UserMessage {
  text: string;
  blocks?: KnownBlock[];
}

/** What one send may use: the escalation as it is now, Slack through the deliverer, and the records. */
export interface SendTools {
  esc: EscalationRow;
  /** The timeline event a message tells of. */
  event(id: number): Promise<TimelineEventRow>;
  /** The escalation's latest timeline event of `kind`, if any. */
  latestEvent<K extends TimelineEventKind>(kind: K): Promise<Extract<TimelineEventRow, { kind: K }> | undefined>;
  /** The escalation's message in its channel, which replies and updates need. */
  postedMessage(): { channel: string; ts: string };
  /** A channel named by the playbook, as an id. */
  channel(ref: string): Promise<string>;
  /** chat.postMessage, paced, at most once per outbox row. */
  postOnce(args: ChatPostMessageArguments): Promise<{ channel: string; ts: string }>;
  update(args: ChatUpdateArguments): Promise<void>;
  /** Ephemeral where the person is, else a DM. */
  tellUser(userId: string, channelId: string | null, message: UserMessage): Promise<void>;
  openDm(userId: string): Promise<string>;
  permalink(): Promise<string | undefined>;
  /** Other escalations by id, with links to their threads (a repeat's earlier ones, a tally's requests). */
  postsOf(ids: readonly number[]): Promise<LinkedPost[]>;
  /** `links`: with the escalations linked with it, which only its post shows (a read and permalinks more). */
  renderContext(opts?: { links?: boolean }): Promise<RenderContext>;
  refs: RefSigner;
  roleMembers(role: string): Promise<string[]>;
  /** Slack's error for a post that never went out. */
  postError(): Promise<string>;
  /** True while the escalation's post is still to be made (its channel is missing, say). */
  postPending(): Promise<boolean>;
  /** Outcomes to record: sent, posted (with the post's reference), refreshed. */
  sent(): Promise<void>;
  posted(ref: { channel: string; ts: string } | undefined): Promise<void>;
  refreshed(): Promise<void>;
  skipped(reason: string): Promise<void>;
  /** The war room's Slack calls and records (war-room-senders.ts). */
  room: RoomTools;
}

/** What the room's senders need beyond the common tools. */
export interface RoomTools {
  slack: WebClient;
  /** The app's own user (the creator of the rooms it made). */
  botUserId(): Promise<string>;
  /** A role's members in Slack, and the ones Slack does not know (named, never skipped). */
  roleInvitees(role: string): Promise<{ users: string[]; missing: string[] }>;
  /** True when this row was tried before (a crash, a lost response): Slack may already hold its work. */
  retrying: boolean;
  created(channelId: string, name: string): Promise<void>;
  ready(detail: TimelineEventOf<"war_room_opened">["detail"]): Promise<void>;
  failed(error: string): Promise<void>;
  archived(channelId: string): Promise<void>;
}

