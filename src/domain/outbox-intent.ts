import type { OutboxKind } from "./outbox-kind.js";
import type { Same } from "./same-type.js";
import type { WeeklyReview } from "./weekly-review.js";
import type { PagerDutyAction, WebhookEventType } from "./integration-events.js";

export type { OutboxKind } from "./outbox-kind.js";

/**
 * What a state change wants Slack to show, stored in the outbox and rendered by the Slack layer when
 * it is sent (so a message always shows the escalation's state at send time).
 */
export type OutboxIntent =
  /** The escalation's message in its routed channel. */
  | { kind: "post_escalation" }
  /** A pointer in another channel the route names (no details when the escalation is restricted). */
  | { kind: "crosspost"; channel: string }
  /** Re-render that message after a state change. */
  | { kind: "refresh_escalation" }
  /** A reply in the message's thread telling what a timeline event was. */
  | { kind: "thread_notice"; eventId: number }
  /** The escalation arrives at a new level: a post in that level's channel linking to the thread. */
  | { kind: "handoff"; eventId: number; channel: string }
  /** A direct message to each member of a playbook role about a timeline event (manager escalation). */
  | { kind: "dm_role"; eventId: number; role: string }
  /** Close the loop with the reporter by DM: resolved, or an update they may pass to the customer. */
  | { kind: "reporter_notice"; eventId: number; userId: string }
  /**
   * Tell the reporter that one of the escalation's messages could not be delivered (or waits for its
   * channel); `channel` is where it was going, as the playbook names it (absent in rows written before
   * it was recorded, and for direct messages).
   */
  | { kind: "delivery_problem"; userId: string; what: string; error: string; waiting?: boolean; channel?: string }
  /** Tell the playbook's admin role that a message has not reached Slack for a long time, and why. */
  | { kind: "delivery_stuck"; role: string; what: string; error: string; waitingMin: number }
  /** Tell the reporter the escalation exists, with a link (or why it could not be posted). */
  | { kind: "confirm_reporter"; userId: string; channelId: string | null }
  /** A direct message to one person about a timeline event: they now own it, or what they owned came back. */
  | { kind: "person_notice"; eventId: number; userId: string }
  /**
   * The escalation became restricted: its post in a channel that may not hold the details any more
   * becomes a pointer (the post moves to the restricted channel).
   */
  | { kind: "withdraw_post"; channelId: string; ts: string }
  /**
   * The war room (domain/war-room.ts): made, its people invited, its topic set, its summary posted
   * and pinned; kept current; told of an event (a reminder, the outcome); archived.
   */
  | { kind: "open_war_room" }
  | { kind: "refresh_war_room" }
  | { kind: "room_notice"; eventId: number }
  | { kind: "archive_war_room" }
  /**
   * The weekly escalation review in the channel the playbook names: about no one escalation, so its
   * row has none. Its figures are those of the week as it closed (a later change to an escalation
   * does not rewrite last week's review).
   */
  | { kind: "weekly_review"; channel: string; review: WeeklyReview; zone: string; schedule: string }
  /**
   * A person's App Home published again (views.publish), rendered from the state at send time. It
   * belongs to no escalation: its row has none, and its queue is the person's own (`home:U…`).
   */
  | { kind: "publish_home"; userId: string }
  /** The feature-request tally posted in a channel the playbook names for it (a DM to roles is a dm_role). */
  | { kind: "tally_post"; eventId: number; channel: string }
  /**
   * An event for PagerDuty (Events API v2) about the escalation's page: opened, acknowledged or
   * resolved, all under one dedup key per escalation. `eventId`: the timeline event that caused it.
   */
  | { kind: "pagerduty_event"; action: PagerDutyAction; eventId: number }
  /** A lifecycle event POSTed, signed, to WEBHOOK_URL; rendered from the escalation at send time. */
  | { kind: "webhook_event"; type: WebhookEventType; eventId: number }
  /** A Jira issue made from the escalation's bug report (one per escalation), asked for by `requestedBy`. */
  | { kind: "jira_issue"; requestedBy: string };


/** A kind added to the union above and not to outbox-kind.ts (or the other way) stops the typecheck here. */
const kindsAreTheIntents: Same<OutboxIntent["kind"], OutboxKind> = true;
void kindsAreTheIntents;

/** Messages to the team about no one escalation (their rows have no escalation id). */
export type TeamIntent = Extract<OutboxIntent, { kind: "weekly_review" }>;
export const isTeamIntent = (intent: OutboxIntent): intent is TeamIntent => intent.kind === "weekly_review";
/** A person's App Home, published again (no escalation id either; the person's own queue). */
export type HomeIntent = Extract<OutboxIntent, { kind: "publish_home" }>;
export const isHomeIntent = (intent: OutboxIntent): intent is HomeIntent => intent.kind === "publish_home";
/** Events for the integrations (PagerDuty, the webhook): sent over HTTP, not to Slack, each in its integration's queue. */
export type IntegrationIntent = Extract<OutboxIntent, { kind: "pagerduty_event" | "webhook_event" | "jira_issue" }>;
export const isIntegrationIntent = (intent: OutboxIntent): intent is IntegrationIntent =>
  intent.kind === "pagerduty_event" || intent.kind === "webhook_event" || intent.kind === "jira_issue";
/** What the senders of one escalation's messages handle (outbox-senders.ts). */
export type EscalationIntent = Exclude<OutboxIntent, TeamIntent | HomeIntent | IntegrationIntent>;

/** Dedupe keys: the same effect of the same change always gets the same key. */
export const outboxKey = {
  post: (escalationId: number) => `post:${escalationId}`,
  confirm: (escalationId: number) => `confirm:${escalationId}`,
  crosspost: (escalationId: number, channel: string) => `crosspost:${escalationId}:${channel}`,
  /** The details, posted again where only a pointer went, once a restriction is lifted. */
  crosspostAfterLift: (escalationId: number, channel: string, eventId: number) => `crosspost:${escalationId}:${channel}:lifted:${eventId}`,
  refresh: (escalationId: number, eventId: number) => `refresh:${escalationId}:${eventId}`,
  /** Once per signing key: the post re-rendered so its buttons carry references that key verifies. */
  /** The resolved post re-rendered without Reopen once the window ended. */
  reopenClosed: (escalationId: number, windowEnded: number) => `refresh:${escalationId}:reopen-closed:${windowEnded}`,
  refreshForKey: (escalationId: number, keyFingerprint: string) => `refresh:${escalationId}:key:${keyFingerprint}`,
  notice: (eventId: number) => `notice:${eventId}`,
  handoff: (eventId: number, channel: string) => `handoff:${eventId}:${channel}`,
  dm: (eventId: number, role: string) => `dm:${eventId}:${role}`,
  problem: (failedRowId: number) => `problem:${failedRowId}`,
  waiting: (waitingRowId: number) => `waiting:${waitingRowId}`,
  stuck: (stuckRowId: number) => `stuck:${stuckRowId}`,
  reporter: (eventId: number) => `reporter:${eventId}`,
  person: (eventId: number, userId: string) => `person:${eventId}:${userId}`,
  withdraw: (eventId: number) => `withdraw:${eventId}`,
  openRoom: (escalationId: number) => `room:open:${escalationId}`,
  refreshRoom: (escalationId: number, eventId: number) => `room:refresh:${escalationId}:${eventId}`,
  roomNotice: (eventId: number) => `room:notice:${eventId}`,
  /** Once per resolution: a reopened and resolved again escalation's room is archived after the new one. */
  archiveRoom: (escalationId: number, resolvedAt: number) => `room:archive:${escalationId}:${resolvedAt}`,
  /** One per review and week (its period start): the review is posted once. */
  review: (review: string, periodStart: number) => `review:${review}:${periodStart}`,
  tallyPost: (eventId: number, channel: string) => `tally:${eventId}:${channel}`,
  /** One per event and action: a retried transaction never sends PagerDuty the same event twice. */
  pagerduty: (escalationId: number, action: PagerDutyAction, eventId: number) => `pagerduty:${escalationId}:${action}:${eventId}`,
  webhook: (eventId: number, type: WebhookEventType) => `webhook:${eventId}:${type}`,
  /** One Jira issue per escalation, whoever asks and however often. */
  jira: (escalationId: number) => `jira:${escalationId}`,
  /** The post made again in the channel it moved to (it became restricted). */
  postMoved: (escalationId: number, eventId: number) => `post:${escalationId}:moved:${eventId}`,
} as const;

/**
 * Where a message waits before it is sent: one queue per destination (a channel as the playbook
 * names it, a person, a role's DMs), so a busy, rate-limited or broken destination holds only its
 * own messages. `priority` is the escalation's severity rank (0 = most severe): when Slack's limits
 * force a choice, more severe escalations go first.
 */
export interface DeliveryRoute {
  queue: string;
  priority: number;
}

export function deliveryQueue(intent: OutboxIntent, primaryChannel: string, escalationId?: number): string {
  switch (intent.kind) {
    // One queue per escalation's room, so its making, notices and archive keep their order.
    case "open_war_room":
    case "refresh_war_room":
    case "room_notice":
    case "archive_war_room":
      return `room:${escalationId ?? primaryChannel}`;
    case "post_escalation":
    case "refresh_escalation":
    case "thread_notice":
      return channelQueue(primaryChannel);
    case "crosspost":
    case "handoff":
    case "weekly_review":
    case "tally_post":
      return channelQueue(intent.channel);
    case "withdraw_post":
      return channelQueue(intent.channelId);
    case "dm_role":
    case "delivery_stuck":
      return `role:${intent.role}`;
    case "publish_home":
      return homeQueue(intent.userId);
    // One queue per integration: a parked or slow integration holds only its own events.
    case "pagerduty_event":
      return INTEGRATION_QUEUE.pagerduty;
    case "webhook_event":
      return INTEGRATION_QUEUE.webhook;
    case "jira_issue":
      return INTEGRATION_QUEUE.jira;
    case "confirm_reporter":
    case "delivery_problem":
    case "reporter_notice":
    case "person_notice":
      return `user:${intent.userId}`;
  }
}

/** The queue of each integration's events. */
export const INTEGRATION_QUEUE = { pagerduty: "pagerduty", webhook: "webhook", jira: "jira" } as const;
export type IntegrationName = keyof typeof INTEGRATION_QUEUE;
export const isIntegrationQueue = (queue: string): boolean => (Object.values(INTEGRATION_QUEUE) as string[]).includes(queue);

/** Where one person's App Home publishes wait: apart from their DMs, so a DM backlog never delays it. */
export const homeQueue = (userId: string): string => `home:${userId}`;

/** The channel a message goes to, as the playbook names it; undefined for messages to people. */
export function destinationChannel(intent: OutboxIntent, primaryChannel: string): string | undefined {
  switch (intent.kind) {
    case "post_escalation":
    case "refresh_escalation":
    case "thread_notice":
      return primaryChannel;
    case "crosspost":
    case "handoff":
    case "weekly_review":
    case "tally_post":
      return intent.channel;
    case "withdraw_post":
      return intent.channelId;
    default:
      return undefined;
  }
}

/**
 * `#Fleet-Support` and `fleet-support` are one channel, so one queue. A channel id (C0123ABC) keeps
 * its case: Slack's names are lowercase, its ids uppercase, and a lowercased id names no channel.
 */
export const channelQueue = (ref: string): string => {
  const channel = ref.trim().replace(/^#/, "");
  return `channel:${isChannelId(channel) ? channel : channel.toLowerCase()}`;
};

const isChannelId = (ref: string): boolean => /^[CDG][A-Z0-9]+$/.test(ref);

/** The channel a `channel:` queue sends to, as the playbook names it; undefined for other queues. */
export const queueChannel = (queue: string): string | undefined => (queue.startsWith("channel:") ? queue.slice("channel:".length) : undefined);

/** The queue and priority of a message about an escalation (`severityRank` from the playbook). */
export function deliveryRoute(intent: OutboxIntent, esc: { id: number; channel: string }, severityRank: number): DeliveryRoute {
  return { queue: deliveryQueue(intent, esc.channel, esc.id), priority: Math.max(0, severityRank) };
}

/** How a message is named to the reporter when it could not be delivered ("the notice to #x"). */
export function describeIntent(intent: OutboxIntent): string {
  switch (intent.kind) {
    case "crosspost":
      return `the notice to ${intent.channel}`;
    case "handoff":
      return `the handoff post to ${intent.channel}`;
    case "tally_post":
      return `the feature-request tally to ${intent.channel}`;
    case "dm_role":
      return `the direct message to ${intent.role}`;
    case "delivery_stuck":
      return `the delivery alert to ${intent.role}`;
    case "thread_notice":
      return "a thread reply";
    case "refresh_escalation":
      return "an update of the channel message";
    case "withdraw_post":
      return "the removal of the details from the earlier post";
    case "person_notice":
      return "a direct message";
    case "open_war_room":
      return "the war room";
    case "refresh_war_room":
      return "an update of the war room";
    case "room_notice":
      return "a message in the war room";
    case "archive_war_room":
      return "the war room's archiving";
    case "weekly_review":
      return `the weekly review to ${intent.channel}`;
    case "pagerduty_event":
      return `the PagerDuty ${intent.action}`;
    case "webhook_event":
      return `the webhook event ${intent.type}`;
    case "jira_issue":
      return "the Jira issue";
    default:
      return intent.kind.replace(/_/g, " ");
  }
}
