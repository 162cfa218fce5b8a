import type { OutboxKind } from "./outbox-kind.js";
import type { TimerKind } from "./escalation.js";
import type { Action } from "./permissions.js";
import type { TemplateKind } from "./playbook/model.js";

/** How an escalation got its owner. */
export type OwnershipChange = "took" | "reassigned" | "acknowledged";

/** What ended a wait on the customer. */
export type ResumeCause = "customer_replied" | "progress_update" | "thread_reply" | "resolved";

/** What moved an escalation to another level. */
export type EscalationTrigger = "manual" | "ack_missed" | "level_budget" | "breach_imminent";

/**
 * What happened to an escalation, as kept on its timeline: a kind and the detail that kind needs to
 * be explained later (in a thread notice, a DM, /escalate status). Stored as the row's `kind` and
 * `detail` (JSON) columns; a writer passes both together, so a detail field cannot be misspelt and a
 * reader narrows on `kind` to read them.
 *
 * No migration stands behind this type: rows already in a database were written with exactly these
 * shapes. Fields are optional where rows exist without them (written by an earlier version, or left
 * out when empty), and every reader must still render such a row.
 */
export type TimelineEvent =
  | {
      kind: "opened";
      detail: {
        severity: string;
        suggestedSeverity: string;
        category: string;
        /** Absent in rows written by v0.1.0. */
        suggestedCategory?: string;
        /** Absent in rows written by v0.1.0. */
        alsoCategories?: string[];
        level: string;
        channels: string[];
        notify: string[];
        /** Why the playbook decided what it did, in order. */
        reasons: string[];
      };
    }
  | { kind: "acknowledged"; detail: { afterMs: number; level: string } }
  /** `resolution` and `rootCause` are kept here too, so a reopened escalation keeps every resolution (absent before reopen existed). */
  | { kind: "resolved"; detail: { afterMs: number; withinSla: boolean; resolution?: string; rootCause?: string; withParent?: number } }
  /** Ownership moved: taken, handed over (with the giver's note), or the first acknowledger. */
  | { kind: "owner_changed"; detail: { from: string | null; to: string; how: OwnershipChange; note?: string } }
  /** Severity or category changed by a person, with their reason; `restricted` when it became a restricted case. */
  | {
      kind: "reclassified";
      detail: {
        fromSeverity: string;
        toSeverity: string;
        fromCategory: string;
        toCategory: string;
        reason: string;
        restricted: boolean;
        /** The new targets, as they were when it changed. */
        resolutionDue?: number;
        nextUpdateDue?: number;
      };
    }
  /** Handed back down to a lower level, where the playbook allows it. */
  | {
      kind: "deescalated";
      /** `firstResponseDue`: by when the lower level must acknowledge it, as it was when handed down. */
      detail: { from: string; to: string; fromLabel: string; toLabel: string; reason: string; previousOwner: string | null; firstResponseDue?: number };
    }
  /** Waiting on the customer: these timers stopped. */
  | { kind: "paused"; detail: { timers: TimerKind[] } }
  /** The clocks run again; `pausedMs` is the time paused on the escalation's clock (left out of SLA figures). */
  | { kind: "resumed"; detail: { pausedMs: number; how: ResumeCause } }
  /** A resolved escalation came back, within the playbook's window. */
  | { kind: "reopened"; detail: { reason: string; resolvedAt: number; resolvedBy: string | null } }
  /** A person replied in the escalation's thread; counts as a progress update when the playbook says so. */
  | { kind: "thread_reply"; detail: { ts: string; nextUpdateDue: number | null } }
  | {
      kind: "progress_update";
      /** `next` is left out when the person wrote none; `fromParent`: posted on the escalation this one is linked to, and shared here. */
      detail: { status: string; done: string; next?: string; customerVisible: boolean; nextUpdateDue: number; fromParent?: number };
    }
  /** `capped`: cut short to the next pending SLA deadline. */
  | { kind: "snoozed"; detail: { minutes: number; until: number; capped: boolean } }
  | {
      kind: "escalated";
      detail: {
        from: string;
        to: string;
        fromLabel: string;
        toLabel: string;
        trigger: EscalationTrigger;
        /** A person's typed reason (manual) or the bot's own (automatic). */
        reason: string;
        /** Who had acknowledged it at the level it left. */
        previousOwner: string | null;
        /** When the new level had to acknowledge it by (absent in rows written before it was kept). */
        firstResponseDue?: number;
      };
    }
  /** Not acknowledged in time at the top level (below it, the escalation moves up instead). */
  | { kind: "ack_missed"; detail: { level: string; reason: string } }
  /**
   * `lastUpdateAt`: the last progress update before the reminder, null when none was ever posted
   * (absent in rows written before it was kept: `sinceLastUpdateMs` then counts from the opening).
   */
  | { kind: "update_reminder"; detail: { owner: string | null; level: string; sinceLastUpdateMs: number; nextUpdateDue: number; lastUpdateAt?: number | null } }
  /** `owner` and `level`: whom the warning was for (absent in rows written before they were kept). */
  | { kind: "resolution_warning"; detail: { resolutionDue: number; share: number; reason: string; owner?: string | null; level?: string } }
  | { kind: "sla_breach"; detail: { resolutionDue: number; reason: string } }
  /** Someone tried what the playbook does not let them do; `allowedAre` says who may. */
  | { kind: "refused"; detail: { action: Action; allowedAre: string } }
  | { kind: "checklist_ticked"; detail: { flag: string; label: string } }
  | { kind: "checklist_unticked"; detail: { flag: string; label: string } }
  | { kind: "restriction_lifted"; detail: { reason: string } }
  /** A Jira issue was filed from its bug report (Create Jira issue); `found`: an earlier attempt had made it, found by its label. */
  | { kind: "jira_issue_created"; detail: { key: string; url: string; requestedBy: string; found?: boolean } }
  /**
   * "Same issue as…": `childId` is linked to `parentId`; kept on both (`side` says which this is).
   * `viaChild`: the escalation chosen was itself linked, so it went to that one's parent. What the
   * other escalation is (`other`) and the note are left out when it is restricted and this is not.
   */
  | {
      kind: "linked";
      detail: { parentId: number; childId: number; side: "parent" | "child"; viaChild?: number; note?: string; other?: { customer: string; tier: string } };
    }
  /** The link ended; a severity raised by it stays (said in the notice). */
  | { kind: "unlinked"; detail: { parentId: number; childId: number; side: "parent" | "child" } }
  /** The linked escalations reached the playbook's "multiple customers" count: it decided again with the count. */
  | { kind: "customers_linked"; detail: { customers: number; field: string; reasons: string[] } }
  /** A message waits for its channel (missing, or the bot is not in it), with Slack's error. */
  | { kind: "delivery_waiting"; detail: { outboxKind: OutboxKind; error: string } }
  | { kind: "delivery_failed"; detail: { outboxKind: OutboxKind; error: string } }
  /**
   * A person sent the customer a message drafted from the playbook's template `template` (the bot
   * never writes to customers): the text as sent, and the template's blanks they confirmed were
   * left in it (`gapsLeft`, absent when none).
   */
  | { kind: "customer_update_sent"; detail: { template: string; templateKind: TemplateKind; label: string; subject?: string; text: string; gapsLeft?: string[] } }
  /**
   * The war room is ready: its channel, name (with a suffix when the first was taken), whether it is
   * private, its pinned summary, and the people it could not invite (named in the room, with why).
   */
  | { kind: "war_room_opened"; detail: { channelId: string; name: string; private: boolean; summaryTs: string | null; notInvited: string[] } }
  /** No war room could be made (a missing scope, say): the escalation goes on without one. */
  | { kind: "war_room_failed"; detail: { error: string } }
  | { kind: "commander_assigned"; detail: { from: string | null; to: string } }
  /** A person's message in the war room: a status, which counts as the escalation's progress update. */
  | { kind: "room_status"; detail: { ts: string; nextUpdateDue: number | null; nextStatusDue: number } }
  /** The commander (or the owner, when there is none) is reminded in the room to post a status. */
  | { kind: "room_status_reminder"; detail: { to: string | null; sinceMs: number; nextStatusDue: number } }
  | { kind: "war_room_archived"; detail: { channelId: string } }
  /**
   * The customer's `nth` escalation within the playbook's window (domain/repeat-escalations.ts): the
   * earlier ones it may show, most recent first, and the reason as kept with its other reasons.
   */
  | { kind: "repeat_escalation"; detail: { nth: number; atLeast: boolean; earlier: number[]; within: string; notify: string[]; reason: string } }
  /**
   * Enough customers asked for one feature: the product team was told, once, with the group
   * (domain/feature-requests.ts). `key` is what the group is found by again ("csv", "export").
   */
  | {
      kind: "feature_requests_tallied";
      detail: { key: string[]; matched: string[]; customers: number; within: string; members: { id: number; customer: string }[]; notify: string[]; channels: string[] };
    };

export type TimelineEventKind = TimelineEvent["kind"];

/** The event of one kind, detail typed. */
export type TimelineEventOf<K extends TimelineEventKind> = Extract<TimelineEvent, { kind: K }>;

/**
 * The reason an event carries, if its kind has one: a person's (a manual escalation's "why", a
 * lifted restriction's) or the bot's (which levels and targets). Shown beside the event, and kept
 * out of what a restricted escalation shows outside its channel when a person typed it.
 */
export function eventReason(event: TimelineEvent): string | undefined {
  switch (event.kind) {
    case "escalated":
    case "ack_missed":
    case "resolution_warning":
    case "sla_breach":
    case "restriction_lifted":
    case "reclassified":
    case "deescalated":
    case "reopened":
      return event.detail.reason;
    case "owner_changed":
      return event.detail.note;
    default:
      return undefined;
  }
}
