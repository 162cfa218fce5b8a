import { describe, expect, it } from "vitest";
import type { TimelineEventRow } from "../../src/db/schema.js";
import { ACTION, CALLBACK } from "../../src/slack/ids.js";
import { fleetPolicy } from "../support/policy.js";
import { classify } from "../../src/domain/classify.js";
import { buildCrossPost, buildEscalationMessage } from "../../src/slack/views/escalation-message.js";
import { testRefs } from "../support/refs.js";
import { buildEscalationModal } from "../../src/slack/views/escalation-modal.js";
import { buildDeliveryProblem, buildPostFailure, buildRetryOutcome, buildRetryRefused } from "../../src/slack/views/delivery-notices.js";
import { buildAlreadyAcknowledged, buildConfirmation, buildManagerDm, buildReporterNotice, buildThreadNotice } from "../../src/slack/views/notices.js";
import { buildStatus } from "../../src/slack/views/command-replies.js";
import type { TimelineEvent, TimelineEventKind, TimelineEventOf } from "../../src/domain/timeline-event.js";
import { T0, escalationRow } from "../support/escalation-row.js";


const row = escalationRow;

const actionIds = (blocks: { type: string; elements?: { action_id?: string }[] }[]) =>
  blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements?.map((e) => e.action_id) ?? []);

describe("buildEscalationMessage", () => {
  it.each([
    ["open", row(), [ACTION.acknowledge, ACTION.postUpdate, ACTION.escalate, ACTION.resolve, ACTION.draftCustomerUpdate, ACTION.more], "Waiting for acknowledgement"],
    [
      "acknowledged",
      row({ status: "acknowledged", acknowledgedBy: "U2", acknowledgedAt: T0 + 12 * 60_000 }),
      [ACTION.postUpdate, ACTION.escalate, ACTION.resolve, ACTION.draftCustomerUpdate, ACTION.more],
      "Acknowledged* by <@U2> after 12 min",
    ],
    ["at the top level", row({ level: "management" }), [ACTION.acknowledge, ACTION.postUpdate, ACTION.resolve, ACTION.draftCustomerUpdate, ACTION.more], "Waiting for acknowledgement"],
    // Within the playbook's reopen window, a resolved post offers Reopen, the resolution notice's draft and Export.
    ["resolved", row({ status: "resolved", acknowledgedBy: "U2", acknowledgedAt: T0, resolvedBy: "U3", resolvedAt: T0 + 3_600_000, resolution: "Fixed" }), [ACTION.reopen, ACTION.draftCustomerUpdate, ACTION.export], "Resolved* by <@U3> after 1 h"],
  ])("%s", (_name, esc, actions, status) => {
    const msg = buildEscalationMessage(esc, { policy: fleetPolicy, now: T0 + 20 * 60_000, refs: testRefs });
    expect(actionIds(msg.blocks as never)).toEqual(actions);
    expect(JSON.stringify(msg.blocks)).toContain(status);
    expect(msg.text).toBe("ESC-0042 Sev 1 · Critical — Acme &lt;Corp&gt; &amp; Co: Uploads fail");
  });

  it("escapes user text so it cannot mention or link", () => {
    const msg = buildEscalationMessage(row({ summary: "<!channel> look" }), { policy: fleetPolicy, now: T0, refs: testRefs });
    expect(JSON.stringify(msg.blocks)).toContain("&lt;!channel&gt; look");
    expect(JSON.stringify(msg.blocks)).toContain("Acme &lt;Corp&gt; &amp; Co");
  });

  it("shows the opening time in each reader's time zone", () => {
    expect(JSON.stringify(buildEscalationMessage(row(), { policy: fleetPolicy, now: T0, refs: testRefs }).blocks)).toContain(`<!date^${T0 / 1000}^`);
  });

  it("stays within 50 blocks and 3000 characters per section with every field huge", () => {
    const huge = "x".repeat(20_000);
    const msg = buildEscalationMessage(
      row({
        summary: huge, impact: huge, troubleshooting: huge, errorMessages: huge, reproSteps: huge, workaround: huge, environment: huge,
        customerContact: huge, ticketRef: huge, reasons: [huge, huge], fields: { customers_affected: 3, note: huge },
      }),
      { policy: fleetPolicy, now: T0, refs: testRefs },
    );
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    for (const b of msg.blocks as { text?: { text: string }; fields?: { text: string }[] }[]) {
      expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
  });
});

describe("buildEscalationMessage: decisions and checklist", () => {
  const policy = { ...fleetPolicy, flags: { ...fleetPolicy.flags, "call-customer": "Phone call to the customer <required>" } };
  const blocksText = (m: { blocks: unknown[] }) => JSON.stringify(m.blocks);

  it("says which category the agent chose over the suggestion, and the others that apply", () => {
    const msg = buildEscalationMessage(row({ category: "bug", suggestedCategory: "outage", alsoCategories: ["billing"] }), { policy, now: T0, refs: testRefs });
    expect(blocksText(msg)).toContain("Bug (agent's choice; playbook suggested Service outage) · also Billing dispute");
  });

  it("shows the checklist as checkboxes while open, with the ticked ones ticked", () => {
    const msg = buildEscalationMessage(row({ flags: ["call-customer", "unknown-flag"], flagsDone: ["unknown-flag"] }), { policy, now: T0, refs: testRefs });
    const block = msg.blocks.find((b) => b.block_id === `escalation_checklist:${testRefs.sign(42)}`) as { text: { text: string }; accessory: { type: string; options: { text: { text: string }; value: string }[]; initial_options: { value: string }[] } };
    expect(block.text.text).toContain("1 of 2 done");
    expect(block.accessory.type).toBe("checkboxes");
    expect(block.accessory.options.map((o) => [o.text.text, o.value])).toEqual([["Phone call to the customer <required>", "call-customer"], ["unknown-flag", "unknown-flag"]]);
    expect(block.accessory.initial_options.map((o) => o.value)).toEqual(["unknown-flag"]);
  });

  it("keeps the checklist as a record once resolved, its wording escaped", () => {
    const msg = buildEscalationMessage(row({ status: "resolved", resolvedBy: "U2", resolvedAt: T0 + 60_000, flags: ["call-customer"], flagsDone: ["call-customer"] }), { policy, now: T0, refs: testRefs });
    expect(blocksText(msg)).toContain(":white_check_mark: Phone call to the customer &lt;required&gt;");
    expect(actionIds(msg.blocks as never)).toEqual([ACTION.reopen, ACTION.draftCustomerUpdate, ACTION.export]);
  });
});

describe("buildCrossPost", () => {
  it("points other channels to the thread", () => {
    const msg = buildCrossPost(row({ channels: ["#fleet-engineering", "#fleet-management"] }), { policy: fleetPolicy, now: T0, refs: testRefs }, "https://x/p1");
    expect(JSON.stringify(msg.blocks)).toContain("Uploads fail");
    expect(JSON.stringify(msg.blocks)).toContain("<https://x/p1|Open the thread>");
  });
  it("says nothing of a restricted escalation but that it exists and where", () => {
    const esc = row({ restricted: true, category: "security", channel: "#security-alerts", summary: "Leaked customer list", customer: "Globex" });
    const msg = buildCrossPost(esc, { policy: fleetPolicy, now: T0, refs: testRefs }, undefined);
    const all = JSON.stringify(msg);
    expect(all).not.toContain("Leaked");
    expect(all).not.toContain("Globex");
    expect(all).toContain("restricted Security incident escalation was opened. Details stay in #security-alerts");
  });
});

describe("buildReporterNotice", () => {
  const resolved: TimelineEventRow = { id: 9, escalationId: 42, at: T0 + 3_600_000, kind: "resolved", actor: "U3", detail: { afterMs: 3_600_000, withinSla: true } };
  it("gives the reporter the outcome to pass on", () => {
    const msg = buildReporterNotice(row({ status: "resolved", resolution: "Rolled back 1.5.2", rootCause: "Bad build" }), resolved, "https://x/p1");
    expect(msg.text).toContain("*ESC-0042* for Acme &lt;Corp&gt; &amp; Co was resolved by <@U3> after 1 h. <https://x/p1|Open the thread>");
    expect(msg.text).toContain("*Resolution:* Rolled back 1.5.2");
  });
  it("says only where to look for a restricted one", () => {
    const msg = buildReporterNotice(row({ restricted: true, channel: "#security-alerts", resolution: "Revoked leaked keys" }), resolved, undefined);
    expect(JSON.stringify(msg)).not.toContain("Revoked");
    expect(msg.text).toBe(":lock: *ESC-0042* (restricted) was resolved. Details are in #security-alerts.");
  });
});

describe("buildEscalationModal", () => {
  it("offers the playbook's severities, tiers, categories and fields, and shows the suggestion", () => {
    const suggestion = classify({ text: "data breach reported" }, fleetPolicy);
    const modal = buildEscalationModal({ policy: fleetPolicy, summary: "data breach reported", suggestion });
    const select = (id: string) => (modal.blocks.find((b) => b.block_id === id) as { element: { options: { value: string }[] } }).element.options.map((o) => o.value);
    expect(select("severity")).toEqual(["sev1", "sev2", "sev3", "sev4"]);
    expect(select("tier")).toEqual(["enterprise", "standard", "trial"]);
    expect(select("category")).toContain("security");
    expect(modal.blocks.some((b) => b.block_id === "pf_customers_affected")).toBe(true);
    expect(JSON.stringify(modal.blocks)).toContain("The playbook suggests *Sev 1 · Critical* · Security incident — matched 'data breach'");
  });

  it("pre-fills the summary and carries the channel", () => {
    const modal = buildEscalationModal({ policy: fleetPolicy, summary: "Uploads fail", channelId: "C9" });
    expect(modal.callback_id).toBe(CALLBACK.escalationModal);
    expect(JSON.parse(modal.private_metadata ?? "")).toEqual({ channelId: "C9" });
    expect(modal.blocks.length).toBeLessThanOrEqual(100);
    const summary = modal.blocks.find((b) => b.block_id === "summary") as { element: { initial_value?: string } };
    expect(summary.element.initial_value).toBe("Uploads fail");
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
  });

  it("cuts an over-long pre-fill to the input's limit", () => {
    const modal = buildEscalationModal({ policy: fleetPolicy, summary: "y".repeat(5000) });
    const summary = modal.blocks.find((b) => b.block_id === "summary") as { element: { initial_value: string } };
    expect(summary.element.initial_value.length).toBe(3000);
  });
});

describe("notices", () => {
  it("confirmation links to the post", () => {
    expect(buildConfirmation(row({ messageChannelId: "C5" }), "https://x/p1")).toBe(":white_check_mark: *ESC-0042* is open and posted in <#C5>. <https://x/p1|Open the thread>");
  });
  it("post failure tells the reporter what to do, by the real error", () => {
    const waiting = buildPostFailure(row(), "channel_not_found", true, testRefs);
    expect(waiting.text).toContain("channel_not_found");
    expect(waiting.text).toContain("invite the bot");
    expect(waiting.text).toContain("posted there by itself");
    expect(actionIds(waiting.blocks as never)).toEqual([ACTION.retryDelivery]);
    const refused = buildPostFailure(row(), "invalid_blocks", false, testRefs);
    expect(refused.text).toContain("invalid_blocks");
    expect(refused.text).not.toContain("invite the bot");
    expect(actionIds(refused.blocks as never)).toEqual([]);
  });
  it.each([
    ["not_in_channel", "Slack says the bot is not in #security-alerts (`not_in_channel`). Invite it there with `/invite @Escalation Bot`"],
    [
      "channel_not_found: no channel named #security-alerts is visible to the bot (create it, or invite the bot if it is private)",
      "Slack says there is no channel #security-alerts the bot can see (`channel_not_found`). Create #security-alerts, or if it is private, invite the bot there with `/invite @Escalation Bot`",
    ],
    ["is_archived", "Slack says #security-alerts is archived (`is_archived`). Unarchive #security-alerts or have the playbook name another channel"],
  ])("a waiting message names Slack's error %s and its fix", (error, words) => {
    const notice = buildDeliveryProblem(row(), testRefs, "the notice to #security-alerts", error, true, "#security-alerts");
    expect(notice.text).toContain(`could not deliver the notice to #security-alerts for *ESC-0042* yet: ${words}, and it goes out by itself`);
    const button = (notice.blocks[1] as { elements: { action_id: string; value: string }[] }).elements[0];
    expect(button).toMatchObject({ action_id: ACTION.retryDelivery, value: testRefs.sign(42) });
  });
  it("a message that failed for good has no Retry delivery button", () => {
    const notice = buildDeliveryProblem(row(), testRefs, "a thread reply", "msg_too_long", false, "#fleet-support-tier2");
    expect(notice.text).toContain("(msg_too_long)");
    expect(actionIds(notice.blocks as never)).toEqual([]);
  });
  it("a channel named by id is linked, a Slack error is escaped", () => {
    const notice = buildDeliveryProblem(row(), testRefs, "a thread reply", "not_in_channel", true, "C0SEC");
    expect(notice.text).toContain("the bot is not in <#C0SEC>");
    expect(buildDeliveryProblem(row(), testRefs, "x", "<!channel>", true).text).toContain("&lt;!channel&gt;");
  });
  it("Retry delivery answers: delivered, still waiting (with the button), refused", () => {
    const posted = row({ messageChannelId: "C0SEC", messageTs: "1.2" });
    expect(buildRetryOutcome(row(), { kind: "delivered", escalation: posted }, testRefs).text).toContain("It is posted in <#C0SEC>");
    expect(actionIds(buildRetryOutcome(row(), { kind: "delivered", escalation: posted }, testRefs).blocks as never)).toEqual([]);
    const still = buildRetryOutcome(row(), { kind: "waiting", channel: "#security-alerts", error: "not_in_channel", what: undefined, escalation: row() }, testRefs);
    expect(still.text).toContain("Tried again just now: *ESC-0042* still waits: Slack says the bot is not in #security-alerts (`not_in_channel`)");
    expect(actionIds(still.blocks as never)).toEqual([ACTION.retryDelivery]);
    const pointer = buildRetryOutcome(row(), { kind: "waiting", channel: "#fleet-management", error: "not_in_channel", what: "the notice to #fleet-management", escalation: posted }, testRefs);
    expect(pointer.text).toContain("Tried again just now: *ESC-0042* is posted in <#C0SEC>, but the notice to #fleet-management still waits: Slack says the bot is not in #fleet-management");
    expect(buildRetryRefused(row({ acknowledgedBy: "U2" }))).toBe("Only the reporter (<@U1>) or <@U2>, who acknowledged it, can retry the delivery of ESC-0042; nothing was changed.");
  });
  it("already acknowledged names who, or 'you'", () => {
    expect(buildAlreadyAcknowledged(row({ acknowledgedBy: "U2" }), "U3")).toBe("ESC-0042 is already acknowledged by <@U2>.");
    expect(buildAlreadyAcknowledged(row({ acknowledgedBy: "U2" }), "U2")).toBe("You already acknowledged ESC-0042.");
  });
});

describe("timeline events", () => {
  const at = T0 + 10 * 60_000;
  const event = (e: TimelineEvent, actor: string | null = "U2"): TimelineEventRow => ({ id: 1, escalationId: 42, at, actor, ...e });
  const ctx = { policy: fleetPolicy, now: T0 + 3_600_000, refs: testRefs };

  /** One of every kind (the type makes a new kind fail here until it is added). */
  const DETAILS: { [K in TimelineEventKind]: TimelineEventOf<K>["detail"] } = {
    opened: { severity: "sev1", suggestedSeverity: "sev1", category: "general", suggestedCategory: "general", alsoCategories: [], level: "tier2", channels: ["#fleet-support-tier2"], notify: [], reasons: [] },
    acknowledged: { afterMs: 600_000, level: "tier2" },
    resolved: { afterMs: 600_000, withinSla: true },
    progress_update: { status: "investigating", done: "Checked the logs", customerVisible: false, nextUpdateDue: T0 + 2 * 3_600_000 },
    snoozed: { minutes: 30, until: T0 + 40 * 60_000, capped: false },
    escalated: { from: "tier2", to: "tier3", fromLabel: "Tier 2", toLabel: "Tier 3", trigger: "manual", reason: "Tier 2 → Tier 3: needs a fix", previousOwner: null },
    ack_missed: { level: "management", reason: "Not acknowledged by Management in time" },
    update_reminder: { owner: null, level: "tier2", sinceLastUpdateMs: 3_600_000, nextUpdateDue: T0 + 2 * 3_600_000 },
    resolution_warning: { resolutionDue: T0 + 4 * 3_600_000, share: 0.75, reason: "75 % of the target used" },
    sla_breach: { resolutionDue: T0 + 4 * 3_600_000, reason: "target missed at Tier 2" },
    refused: { action: "resolve", allowedAre: "the owner" },
    checklist_ticked: { flag: "vip", label: "VIP" },
    checklist_unticked: { flag: "vip", label: "VIP" },
    restriction_lifted: { reason: "a false alarm" },
    jira_issue_created: { key: "FLEET-5678", url: "https://fleet.atlassian.net/browse/FLEET-5678", requestedBy: "U2" },
    delivery_waiting: { outboxKind: "post_escalation", error: "not_in_channel" },
    delivery_failed: { outboxKind: "dm_role", error: "user_not_found" },
    owner_changed: { from: "U2", to: "U3", how: "reassigned", note: "Alex knows the media service" },
    reclassified: { fromSeverity: "sev3", toSeverity: "sev1", fromCategory: "general", toCategory: "general", reason: "every dispatcher is blocked", restricted: false },
    deescalated: { from: "tier3", to: "tier2", fromLabel: "Tier 3", toLabel: "Tier 2", reason: "a config fix Tier 2 can make", previousOwner: "U2" },
    paused: { timers: ["update", "resolution_breach"] },
    resumed: { pausedMs: 3_600_000, how: "customer_replied" },
    reopened: { reason: "the uploads fail again", resolvedAt: T0, resolvedBy: "U2" },
    thread_reply: { ts: "1700000000.000100", nextUpdateDue: T0 + 2 * 3_600_000 },
    customer_update_sent: { template: "progress-update", templateKind: "progress", label: "Progress update", subject: "Update - Ticket #ZD-1", text: "Dear Jane,\nthe fix is rolling out." },
    linked: { parentId: 41, childId: 42, side: "child", note: "same blob storage timeouts", other: { customer: "Beta Inc", tier: "enterprise" } },
    unlinked: { parentId: 41, childId: 42, side: "parent" },
    customers_linked: { customers: 2, field: "customers_affected", reasons: ["More than one customer affected"] },
    war_room_opened: { channelId: "C0ROOM", name: "esc-0042-acme-photo-uploads", private: false, summaryTs: "1700000000.000200", notInvited: ["<@U9>: their account is deactivated"] },
    war_room_failed: { error: "missing_scope" },
    commander_assigned: { from: null, to: "U3" },
    room_status: { ts: "1700000000.000300", nextUpdateDue: T0 + 2 * 3_600_000, nextStatusDue: T0 + 25 * 60_000 },
    room_status_reminder: { to: "U3", sinceMs: 15 * 60_000, nextStatusDue: T0 + 40 * 60_000 },
    war_room_archived: { channelId: "C0ROOM" },
    repeat_escalation: { nth: 3, atLeast: false, earlier: [40, 41], within: "30 days", notify: ["customer-success"], reason: "repeat: 3rd escalation for Acme in 30 days" },
    feature_requests_tallied: { key: ["csv", "export"], matched: ["CSV export"], customers: 5, within: "90 days", members: [{ id: 41, customer: "Globex" }], notify: ["customer-success"], channels: [] },
  };
  const every = Object.entries(DETAILS).map(([kind, detail]) => event({ kind, detail } as TimelineEvent));

  it("every kind has its line in /escalate status, with its reason unless the escalation is restricted", () => {
    const status = (restricted: boolean) => buildStatus({ escalation: row({ restricted }), events: every }, { policy: fleetPolicy, now: ctx.now, permalink: undefined }).blocks;
    const open = JSON.stringify(status(false));
    for (const label of ["opened", "reminders snoozed", "checklist ticked", "restriction lifted", "delivery waiting", "a Slack message could not be delivered"]) expect(open).toContain(label);
    expect(open).toContain("escalated by <@U2> — Tier 2 → Tier 3: needs a fix");
    expect(open).toContain("restriction lifted by <@U2> — a false alarm");
    expect(JSON.stringify(status(true))).not.toMatch(/needs a fix|a false alarm|target missed/);
  });

  it("every kind has a thread notice, with nothing missing in it", () => {
    for (const e of every) {
      const notice = buildThreadNotice(row(), e, ctx);
      expect(notice.blocks.length).toBeGreaterThan(0);
      expect(JSON.stringify(notice)).not.toMatch(/undefined|null|NaN/);
    }
  });

  it("an update written without `next` shows none", () => {
    const update = event({ kind: "progress_update", detail: { status: "investigating", done: "Checked the logs", customerVisible: true, nextUpdateDue: T0 + 2 * 3_600_000 } });
    expect(buildThreadNotice(row(), update, ctx).text).toContain("*Done:* Checked the logs\nNext update due by");
    expect(buildReporterNotice(row(), update, undefined).text).not.toContain("*Next:*");
  });

  it("an escalation opened by v0.1.0 (no suggested category, no other categories) still reads", () => {
    const opened = event({
      kind: "opened",
      detail: { severity: "sev1", suggestedSeverity: "sev1", category: "general", level: "tier2", channels: ["#fleet-support-tier2"], notify: ["support-manager"], reasons: ["clock: 24/7"] },
    });
    expect(buildManagerDm(row(), opened, ctx, undefined).text).toContain("Sev 1 · Critical opened at Tier 2");
    expect(JSON.stringify(buildStatus({ escalation: row(), events: [opened] }, { policy: fleetPolicy, now: ctx.now, permalink: undefined }).blocks)).toContain("opened by <@U2>");
  });
});
