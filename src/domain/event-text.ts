import { formatElapsed } from "./duration.js";
import { categoryLabel, levelLabel, severityLabel } from "./playbook/lookup.js";
import type { Policy } from "./playbook/model.js";
import { ACTION_VERBS } from "./permissions.js";
import { eventReason, type TimelineEvent } from "./timeline-event.js";

/**
 * A timeline event as one line of plain text for a document (the export's timeline): what
 * happened, in the playbook's words, with the reason a person or the bot gave. Who did it and when
 * are written beside it by the caller.
 */
export function describeEvent(event: TimelineEvent, policy: Policy): string {
  const what = eventWhat(event, policy);
  const why = eventReason(event);
  return why ? `${what} — ${why}` : what;
}

const HOW_RESUMED: Record<string, string> = {
  customer_replied: "the customer replied",
  progress_update: "a progress update",
  thread_reply: "a reply in the thread",
  resolved: "resolved",
};

function eventWhat(event: TimelineEvent, policy: Policy): string {
  const sev = (id: string) => severityLabel(policy, id);
  const cat = (id: string) => categoryLabel(policy, id);
  const lvl = (id: string) => levelLabel(policy, id);
  switch (event.kind) {
    case "opened": {
      const d = event.detail;
      const chosen = d.severity !== d.suggestedSeverity ? ` (playbook suggested ${sev(d.suggestedSeverity)})` : "";
      return `Opened as ${sev(d.severity)}${chosen} · ${cat(d.category)} at ${lvl(d.level)}; told ${d.channels.join(", ") || "no channel"}`;
    }
    case "acknowledged":
      return `Acknowledged at ${lvl(event.detail.level)} after ${formatElapsed(event.detail.afterMs)}`;
    case "resolved": {
      const d = event.detail;
      const outcome = d.resolution ? `: ${d.resolution}${d.rootCause ? ` (root cause: ${d.rootCause})` : ""}` : "";
      return `Resolved after ${formatElapsed(d.afterMs)}, ${d.withinSla ? "within" : "outside"} the resolution target${outcome}`;
    }
    case "owner_changed": {
      const d = event.detail;
      if (d.how === "took") return `Took ownership${d.from ? ` from ${d.from}` : ""}`;
      if (d.how === "reassigned") return `Reassigned${d.from ? ` from ${d.from}` : ""} to ${d.to}`;
      return `Owner: ${d.to} (first to acknowledge)`;
    }
    case "reclassified": {
      const d = event.detail;
      return `Changed ${sev(d.fromSeverity)} · ${cat(d.fromCategory)} → ${sev(d.toSeverity)} · ${cat(d.toCategory)}${d.restricted ? " (now restricted)" : ""}`;
    }
    case "deescalated":
      return `De-escalated ${event.detail.fromLabel} → ${event.detail.toLabel}`;
    case "paused":
      return `Waiting on the customer (stopped: ${event.detail.timers.join(", ") || "no clock"})`;
    case "resumed":
      return `Clocks running again after ${formatElapsed(event.detail.pausedMs)} (${HOW_RESUMED[event.detail.how] ?? event.detail.how})`;
    case "reopened":
      return "Reopened";
    case "thread_reply":
      return "Reply in the thread";
    case "progress_update": {
      const d = event.detail;
      return `Progress update: ${d.status} — ${d.done}${d.next ? `; next: ${d.next}` : ""}${d.customerVisible ? " (may be shared with the customer)" : ""}`;
    }
    case "snoozed":
      return `Reminders snoozed ${event.detail.minutes} min${event.detail.capped ? " (cut short at the next deadline)" : ""}`;
    case "escalated": {
      const d = event.detail;
      const trigger = d.trigger === "manual" ? "" : ` (automatic: ${d.trigger.replace(/_/g, " ")})`;
      return `Escalated ${d.fromLabel} → ${d.toLabel}${trigger}`;
    }
    case "ack_missed":
      return `Not acknowledged in time at ${lvl(event.detail.level)}`;
    case "update_reminder":
      return `Progress update reminder (${formatElapsed(event.detail.sinceLastUpdateMs)} since the last)`;
    case "resolution_warning":
      return `Resolution target ${Math.round(event.detail.share * 100)} % used`;
    case "sla_breach":
      return "SLA breach: the resolution target was missed";
    case "refused":
      return `Refused: only ${event.detail.allowedAre} can ${ACTION_VERBS[event.detail.action] ?? event.detail.action} it`;
    case "checklist_ticked":
      return `Checklist ticked: ${event.detail.label}`;
    case "checklist_unticked":
      return `Checklist unticked: ${event.detail.label}`;
    case "restriction_lifted":
      return "Restriction lifted";
    case "jira_issue_created":
      return `Jira issue ${event.detail.key} filed from the bug report (${event.detail.url})`;
    case "delivery_waiting":
      return `A Slack message waited for its channel (${event.detail.error})`;
    case "delivery_failed":
      return `A Slack message could not be delivered (${event.detail.error})`;
    case "repeat_escalation":
      return event.detail.reason;
    case "feature_requests_tallied": {
      const d = event.detail;
      return `Feature request tally: ${d.customers} customers asked for this within ${d.within} (matched on: ${d.matched.join(", ")}); told ${[...d.notify, ...d.channels].join(", ")}`;
    }
    default:
      // A kind added later still reads as words.
      return String((event as { kind: string }).kind).replace(/_/g, " ");
  }
}
