import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { EscalationRow, TimelineEventRow } from "../../src/db/schema.js";
import type { TimelineEvent } from "../../src/domain/timeline-event.js";
import { ACTION } from "../../src/slack/ids.js";
import { withAcknowledgement } from "../../src/slack/views/acknowledgement-note.js";
import { buildOpenList, buildStatus } from "../../src/slack/views/command-replies.js";
import { buildEscalationMessage } from "../../src/slack/views/escalation-message.js";
import { buildHandoff, buildManagerDm, buildThreadNotice, type ProgressUpdateEvent } from "../../src/slack/views/notices.js";
import { fleetPolicy } from "../support/policy.js";
import { testRefs } from "../support/refs.js";

/**
 * What a message says must stay true while it is read, and tell of the moment it is about: relative
 * times are Slack's own `{ago}` (counted when read, never baked in), a resolved post has no live
 * deadline, and a notice sent late says what was true when its event happened.
 */

const T0 = Date.parse("2026-01-15T16:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const secs = (ms: number) => ms / 1000;
const ago = (ms: number) => `<!date^${secs(ms)}^{ago}|`;

function row(over: Partial<EscalationRow> = {}): EscalationRow {
  return {
    id: 42, submissionKey: "V1", status: "open", severity: "sev1", suggestedSeverity: "sev1", category: "general", suggestedCategory: "general", alsoCategories: [],
    level: "tier2", channel: "#fleet-support-tier2", channels: ["#fleet-support-tier2"], restricted: false, notify: ["support-manager"], cc: [],
    flags: [], flagsDone: [], reasons: ["no category phrase matched → General"], fields: {}, clock: "24x7", firstResponseDue: T0 + 15 * MIN,
    nextUpdateDue: T0 + HOUR, resolutionDue: T0 + 4 * HOUR, levelSince: T0, levelBudgetDue: T0 + 8 * HOUR, customer: "Acme", customerContact: null, tier: "enterprise",
    summary: "Uploads fail", impact: null, troubleshooting: null, errorMessages: null, environment: null, reproSteps: null,
    workaround: null, sentiment: null, ticketRef: null, jiraKey: null, reporterId: "U1", reporterChannelId: "C1", createdAt: T0,
    acknowledgedBy: null, acknowledgedAt: null, resolvedBy: null, resolvedAt: null, resolution: null, rootCause: null,
    prevention: null, messageChannelId: "C0TIER2", messageTs: "1.2", lastUpdateAt: null, lastUpdateBy: null, breachedAt: null,
    customerRequested: false, ownerId: null, pausedAt: null, pausedTimers: [], pausedMs: 0, reclassification: null, sourceMessageUrl: null, reopenedAt: null, warRoomChannelId: null, warRoomName: null, warRoomArchivedAt: null, commanderId: null, roomStatusAt: null, parentId: null, customerKey: null, repeat: null, ...over,
  };
}

const event = (e: TimelineEvent, at = T0 + 10 * MIN, actor: string | null = "U2", id = 1): TimelineEventRow => ({ id, escalationId: 42, at, actor, ...e });
const ctx = (now: number) => ({ policy: fleetPolicy, now, refs: testRefs });
const all = (m: unknown) => JSON.stringify(m);

describe("relative times are Slack's {ago}, true whenever the message is read", () => {
  it("the post's opening, its wait for acknowledgement and its last update", () => {
    const waiting = all(buildEscalationMessage(row(), ctx(T0 + 3 * MIN)).blocks);
    expect(waiting).toContain(`*Opened*\\n<!date^${secs(T0)}^{date_short_pretty} {time}|2026-01-15T16:00:00.000Z> (${ago(T0)}`);
    expect(waiting).toContain(`*Waiting for acknowledgement* (opened ${ago(T0)}`);
    const updated = all(buildEscalationMessage(row({ lastUpdateAt: T0 + 5 * MIN, lastUpdateBy: "U2" }), ctx(T0 + 6 * MIN)).blocks);
    expect(updated).toContain(`Last update ${ago(T0 + 5 * MIN)}2026-01-15T16:05:00.000Z> by <@U2>`);
    // Nothing counted at render time: what was "3 min" would still say so hours later.
    for (const text of [waiting, updated]) expect(text).not.toMatch(/\d+ min\)|under a minute|\d+ min ago|open \d/);
  });

  it("/escalate list and /escalate ESC-0042", () => {
    const list = all(buildOpenList({ rows: [row()], total: 1 }, { policy: fleetPolicy, now: T0 + 2 * HOUR, permalinks: new Map() }).blocks);
    expect(list).toContain(`opened ${ago(T0)}`);
    expect(list).not.toContain("open 2 h");
    const status = all(buildStatus({ escalation: row(), events: [] }, { policy: fleetPolicy, now: T0 + 2 * HOUR, permalink: undefined }).blocks);
    expect(status).toContain(`opened ${ago(T0)}`);
  });

  it("facts stay durations: acknowledged after 12 min", () => {
    const acked = all(buildEscalationMessage(row({ status: "acknowledged", acknowledgedBy: "U2", acknowledgedAt: T0 + 12 * MIN }), ctx(T0 + 5 * HOUR)).blocks);
    expect(acked).toContain("*Acknowledged* by <@U2> after 12 min");
  });
});

describe("a resolved post shows no live deadline", () => {
  const clocks = (esc: EscalationRow) => {
    const blocks = buildEscalationMessage(esc, ctx(T0 + 10 * HOUR)).blocks as { type: string; elements?: { text: string }[] }[];
    return blocks.filter((b) => b.type === "context").flatMap((b) => b.elements?.map((e) => e.text) ?? []).join("\n");
  };

  it("resolved within the target, never acknowledged: no first response, next update, budget or resolve-by deadline", () => {
    const text = clocks(row({ status: "resolved", resolvedBy: "U3", resolvedAt: T0 + 2 * HOUR, nextUpdateDue: null }));
    expect(text).not.toMatch(/first response by|next update by|resolve by|until/);
    expect(text).toContain(`Resolved within the Sev 1 · Critical resolution target (<!date^${secs(T0 + 4 * HOUR)}^`);
  });

  it("resolved after the target says so", () => {
    const text = clocks(row({ status: "resolved", resolvedBy: "U3", resolvedAt: T0 + 5 * HOUR, breachedAt: T0 + 4 * HOUR }));
    expect(text).toContain(":rotating_light: Resolved after the Sev 1 · Critical resolution target");
    expect(text).not.toMatch(/first response by|resolve by/);
  });

  it("an open one still shows its deadlines", () => {
    expect(clocks(row())).toContain(`first response by <!date^${secs(T0 + 15 * MIN)}^`);
  });
});

describe("the manager's DM says what has been done", () => {
  const breach = event({ kind: "sla_breach", detail: { resolutionDue: T0 + 4 * HOUR, reason: "Sev 1 · Critical resolution target missed at Tier 2" } }, T0 + 4 * HOUR, null, 9);
  const update = event(
    { kind: "progress_update", detail: { status: "fixing", done: "Rolled back <@U0EVIL> build 1.5.2", next: "Watch the error rate", customerVisible: false, nextUpdateDue: T0 + 3 * HOUR } },
    T0 + 2 * HOUR,
    "U2",
    5,
  ) as ProgressUpdateEvent;

  it("the latest progress update: status, what was done, next steps and when, with Slack's date intact", () => {
    const esc = row({ troubleshooting: "Restarted the workers", lastUpdateAt: T0 + 2 * HOUR, lastUpdateBy: "U2" });
    const done = all(buildManagerDm(esc, breach, ctx(T0 + 4 * HOUR), undefined, update).blocks);
    expect(done).toContain("*What's been done*\\nRestarted the workers\\n");
    expect(done).toContain(`:memo: Latest update, <!date^${secs(T0 + 2 * HOUR)}^{date_short_pretty} {time}|2026-01-15T18:00:00.000Z> by <@U2>: *Fix in progress*`);
    expect(done).toContain("*Done:* Rolled back &lt;@U0EVIL&gt; build 1.5.2");
    expect(done).toContain("*Next:* Watch the error rate");
    expect(done).not.toContain("&lt;!date");
  });

  it("says when nothing has been posted yet", () => {
    expect(all(buildManagerDm(row(), breach, ctx(T0 + 4 * HOUR), undefined).blocks)).toContain("*What's been done*\\nNo progress update yet.");
  });

  it("never shows a restricted escalation's update", () => {
    const esc = row({ restricted: true, category: "security", channel: "#security-alerts" });
    const dm = all(buildManagerDm(esc, breach, ctx(T0 + 4 * HOUR), undefined, update));
    expect(dm).not.toMatch(/Rolled back|Watch the error rate|What's been done/);
  });
});

describe("a notice sent late says what was true when its event happened", () => {
  // Escalated to Tier 3 at T0 + 30 min (to acknowledge by T0 + 45 min), then to Management at T0 + 35 min.
  const toTier3 = event(
    { kind: "escalated", detail: { from: "tier2", to: "tier3", fromLabel: "Tier 2", toLabel: "Tier 3", trigger: "manual", reason: "needs a code fix", previousOwner: "U2", firstResponseDue: T0 + 45 * MIN } },
    T0 + 30 * MIN,
  );
  const now = row({ level: "management", levelSince: T0 + 35 * MIN, firstResponseDue: T0 + 50 * MIN });

  it("the handoff names the level it was sent for, and no button for a level that no longer has it", () => {
    const handoff = buildHandoff(now, toTier3, ctx(T0 + 36 * MIN), "https://x/p1");
    const text = all(handoff.blocks);
    expect(handoff.text).toBe("ESC-0042 Sev 1 · Critical escalated to Tier 3");
    expect(text).toContain("escalated to *Tier 3*: needs a code fix");
    expect(text).toContain("It has since moved on to *Management*.");
    expect(text).not.toContain(`<!date^${secs(T0 + 50 * MIN)}^`);
    expect(text).not.toContain(ACTION.acknowledge);
  });

  it("delivered on time, the handoff has the move's deadline and Acknowledge", () => {
    const handoff = all(buildHandoff(row({ level: "tier3", firstResponseDue: T0 + 45 * MIN }), toTier3, ctx(T0 + 31 * MIN), undefined).blocks);
    expect(handoff).toContain(`Acknowledge by <!date^${secs(T0 + 45 * MIN)}^`);
    expect(handoff).toContain(ACTION.acknowledge);
  });

  it("the thread notice gives the move's own deadline; a row written before it was kept names none rather than a wrong one", () => {
    expect(buildThreadNotice(now, toTier3, ctx(T0 + 36 * MIN)).text).toContain(`Tier 3 now owns it and must acknowledge by <!date^${secs(T0 + 45 * MIN)}^`);
    const { firstResponseDue: _kept, ...older } = (toTier3 as Extract<TimelineEventRow, { kind: "escalated" }>).detail;
    const old = buildThreadNotice(now, { ...toTier3, kind: "escalated", detail: older }, ctx(T0 + 36 * MIN)).text;
    expect(old).toContain("Tier 3 now owns it (it was with <@U2>).");
    expect(old).not.toContain(`<!date^${secs(T0 + 50 * MIN)}^`);
  });

  it("the manager's DM is about the level of its event", () => {
    const dm = buildManagerDm(now, toTier3, ctx(T0 + 36 * MIN), undefined);
    expect(all(dm.blocks)).toContain("with *Tier 3*");
    const opened = event({ kind: "opened", detail: { severity: "sev2", suggestedSeverity: "sev2", category: "general", level: "tier2", channels: [], notify: [], reasons: [] } }, T0);
    expect(buildManagerDm(now, opened, ctx(T0 + 36 * MIN), undefined).text).toContain("Sev 2 · High opened at Tier 2");
  });

  it("a resolution warning is for whoever had it then, with its own deadline", () => {
    const warning = event({ kind: "resolution_warning", detail: { resolutionDue: T0 + 4 * HOUR, share: 0.75, reason: "75 % of the target used", owner: "U2", level: "tier2" } }, T0 + 3 * HOUR, null);
    const text = buildThreadNotice(row({ level: "management", acknowledgedBy: "U9", resolutionDue: T0 + 6 * HOUR }), warning, ctx(T0 + 3 * HOUR)).text;
    expect(text).toContain(`<@U2> 75 % of the target used: ESC-0042 must be resolved by <!date^${secs(T0 + 4 * HOUR)}^`);
  });
});

describe("an update reminder says when the last update was, or that there was none", () => {
  const reminder = (detail: Partial<Extract<TimelineEvent, { kind: "update_reminder" }>["detail"]>, at = T0 + HOUR) =>
    event({ kind: "update_reminder", detail: { owner: "U2", level: "tier2", sinceLastUpdateMs: HOUR, nextUpdateDue: T0 + 2 * HOUR, ...detail } }, at, null);

  it("none posted: no update yet since it opened, as a Slack date", () => {
    const text = buildThreadNotice(row(), reminder({ lastUpdateAt: null }), ctx(T0 + HOUR)).text;
    expect(text).toContain(`no update yet since it opened ${ago(T0)}`);
    expect(text).not.toContain("last update");
  });

  it("one posted: when, as a Slack date", () => {
    const text = buildThreadNotice(row({ lastUpdateAt: T0 + 20 * MIN }), reminder({ lastUpdateAt: T0 + 20 * MIN, sinceLastUpdateMs: 40 * MIN }), ctx(T0 + HOUR)).text;
    expect(text).toContain(`<@U2> a progress update on ESC-0042 is due (Sev 1 · Critical: every 1 h; last update ${ago(T0 + 20 * MIN)}`);
  });

  it("rows written before lastUpdateAt was kept still tell the two apart", () => {
    expect(buildThreadNotice(row(), reminder({}), ctx(T0 + HOUR)).text).toContain(`no update yet since it opened ${ago(T0)}`);
    expect(buildThreadNotice(row(), reminder({ sinceLastUpdateMs: 40 * MIN }), ctx(T0 + HOUR)).text).toContain(`last update ${ago(T0 + 20 * MIN)}`);
  });
});

describe("withAcknowledgement: a DM or handoff whose Acknowledge is spent", () => {
  const head: KnownBlock = { type: "section", text: { type: "mrkdwn", text: "*Management escalation: ESC-0042*" } };
  const acknowledge = { type: "button" as const, text: { type: "plain_text" as const, text: "Acknowledge" }, action_id: ACTION.acknowledge, value: "ref" };
  const openThread = { type: "button" as const, text: { type: "plain_text" as const, text: "Open thread" }, action_id: ACTION.openThread, url: "https://x/p1" };
  const dm: KnownBlock[] = [head, { type: "actions", block_id: "dm_actions", elements: [acknowledge, openThread] }];

  it("loses the button and says who acknowledged it", () => {
    const copy = withAcknowledgement(dm, row({ acknowledgedBy: "U0MGR", acknowledgedAt: T0 + 12 * MIN }))!;
    expect(all(copy)).not.toContain(ACTION.acknowledge);
    expect(all(copy)).toContain(ACTION.openThread);
    expect(all(copy)).toContain("*Management escalation: ESC-0042*");
    expect(all(copy.at(-1))).toContain(":eyes: *Acknowledged* by <@U0MGR> after 12 min");
  });

  it("an actions block left empty goes; a resolved escalation says so", () => {
    const handoff: KnownBlock[] = [head, { type: "actions", block_id: "handoff_actions", elements: [acknowledge] }];
    const copy = withAcknowledgement(handoff, row({ status: "resolved", resolvedBy: "U3", resolvedAt: T0 + HOUR }))!;
    expect(copy.some((b) => b.type === "actions")).toBe(false);
    expect(all(copy)).toContain(":white_check_mark: *Resolved* by <@U3> after 1 h");
  });

  it("changes nothing without a button to spend or before anyone has it", () => {
    expect(withAcknowledgement([head], row({ acknowledgedBy: "U2", acknowledgedAt: T0 }))).toBeUndefined();
    expect(withAcknowledgement(dm, row())).toBeUndefined();
  });
});
