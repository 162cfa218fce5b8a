import { describe, expect, it } from "vitest";
import type { EscalationRow, TimelineEventRow } from "../../src/db/schema.js";
import type { TimelineEvent } from "../../src/domain/timeline-event.js";
import { buildOpenList, buildStatus } from "../../src/slack/views/command-replies.js";
import { buildCrossPost, buildEscalationMessage, type SlackMessage } from "../../src/slack/views/escalation-message.js";
import { buildHandoff, buildManagerDm, buildReporterNotice, buildThreadNotice, type ProgressUpdateEvent } from "../../src/slack/views/notices.js";
import { userText } from "../../src/slack/views/slack-format.js";
import { buildEscalateModal, buildResolveModal, buildUpdateModal } from "../../src/slack/views/work-modals.js";
import { testRefs } from "../support/refs.js";
import { fleetPolicy } from "../support/policy.js";

describe("userText", () => {
  it.each([
    ["<!channel>", "&lt;!channel&gt;"],
    ["<!here>", "&lt;!here&gt;"],
    ["<!everyone>", "&lt;!everyone&gt;"],
    ["<@U0ATTACKER>", "&lt;@U0ATTACKER&gt;"],
    ["<!subteam^S0EVIL>", "&lt;!subteam^S0EVIL&gt;"],
    ["<#C0SECRET>", "&lt;#C0SECRET&gt;"],
    ["<https://evil.example|Open the thread>", "&lt;https://evil.example|Open the thread&gt;"],
    ["<!date^0^{date}|x>", "&lt;!date^0^{date}|x&gt;"],
    ["<b>bold</b> & more", "&lt;b&gt;bold&lt;/b&gt; &amp; more"],
    // Typed entities stay as typed: the ampersand goes first, so "&lt;" is never read back as "<".
    ["&lt;!channel&gt;", "&amp;lt;!channel&amp;gt;"],
    ["&amp;", "&amp;amp;"],
  ])("%s → %s", (typed, escaped) => {
    expect(userText(typed)).toBe(escaped);
  });

  it("leaves everything else as typed: words, styling, emoji, bare @mentions and URLs", () => {
    const plain = "Acme *Corp* _uses_ ~old~ `code` :fire: 🚚 @channel https://example.com #general ü";
    expect(userText(plain)).toBe(plain);
  });

  it("never lets a < or > through, whatever the text", () => {
    const alphabet = ["<", ">", "&", "!", "@", "#", "|", "^", "a", "U", " ", ";", "l", "t"];
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      const escaped = userText(text);
      expect(escaped).not.toMatch(/[<>]/);
      // What Slack shows is exactly what was typed.
      expect(escaped.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")).toBe(text);
    }
  });

  it("cut to a length, stays within it and never cuts an entity in half", () => {
    for (let max = 1; max <= 24; max++) {
      const cut = userText("<<<&&&>>> <@U1>", max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/[<>]/);
      // Every & still starts a whole entity.
      expect(cut.replace(/&(amp|lt|gt);/g, "")).not.toContain("&");
    }
    expect(userText("a<b", 10)).toBe("a&lt;b");
    expect(userText("abc<def", 5)).toBe("abc…");
    expect(userText("🚚🚚🚚", 4)).toBe("🚚…");
  });
});

const HOSTILE = "<!channel> <!here> <@U0ATTACKER> <!subteam^S0EVIL> <#C0SECRET> <https://evil.example|Open the thread> & <b>bold</b>";
const RAW_HOSTILE = /<!channel>|<!here>|<@U0ATTACKER|<!subteam\^S0EVIL|<#C0SECRET|<https:\/\/evil|<b>/;
const T0 = Date.parse("2026-01-15T16:00:00Z");

function hostileRow(over: Partial<EscalationRow> = {}): EscalationRow {
  return {
    id: 7, submissionKey: "V1", status: "open", severity: "sev2", suggestedSeverity: "sev2", category: "general", suggestedCategory: "general", alsoCategories: [],
    level: "tier2", channel: "#fleet-support-tier2", channels: ["#fleet-support-tier2", "#fleet-management"], restricted: false, notify: [], cc: [],
    flags: [], flagsDone: [], reasons: [`matched '${HOSTILE}'`], fields: { account_notes: HOSTILE }, clock: "24x7", firstResponseDue: T0 + 3_600_000,
    nextUpdateDue: T0 + 3_600_000, resolutionDue: T0 + 8 * 3_600_000, levelSince: T0, levelBudgetDue: null, customer: HOSTILE, customerContact: HOSTILE,
    tier: "enterprise", summary: HOSTILE, impact: HOSTILE, troubleshooting: HOSTILE, errorMessages: HOSTILE, environment: HOSTILE, reproSteps: HOSTILE,
    workaround: HOSTILE, sentiment: "frustrated", ticketRef: HOSTILE, jiraKey: null, reporterId: "U1", reporterChannelId: "C1", createdAt: T0,
    acknowledgedBy: null, acknowledgedAt: null, resolvedBy: null, resolvedAt: null, resolution: HOSTILE, rootCause: HOSTILE,
    prevention: HOSTILE, messageChannelId: "C0TIER2", messageTs: "1.2", lastUpdateAt: T0, lastUpdateBy: "U2", breachedAt: null,
    customerRequested: false, ownerId: null, pausedAt: null, pausedTimers: [], pausedMs: 0, reclassification: null, sourceMessageUrl: null, reopenedAt: null, warRoomChannelId: null, warRoomName: null, warRoomArchivedAt: null, commanderId: null, roomStatusAt: null, parentId: null, customerKey: null, repeat: null, ...over,
  };
}

const event = (e: TimelineEvent): TimelineEventRow => ({ id: 1, escalationId: 7, at: T0 + 60_000, actor: "U2", ...e });
const ctx = { policy: fleetPolicy, now: T0 + 120_000, refs: testRefs };
const link = "https://sandbox.slack.test/archives/C0TIER2/p12";
const resolved = hostileRow({ status: "resolved", resolvedBy: "U2", resolvedAt: T0 + 3_600_000 });
const update = event({ kind: "progress_update", detail: { status: HOSTILE, done: HOSTILE, next: HOSTILE, customerVisible: true, nextUpdateDue: T0 } });
const escalated = event({
  kind: "escalated",
  detail: { from: "tier2", to: "tier3", fromLabel: "Tier 2", toLabel: "Tier 3", trigger: "manual", reason: `Tier 2 → Tier 3: ${HOSTILE}`, previousOwner: null },
});
const resolvedEvent = event({ kind: "resolved", detail: { afterMs: 3_600_000, withinSla: true } });
const opened = event({
  kind: "opened",
  detail: { severity: "sev2", suggestedSeverity: "sev2", category: "general", level: "tier2", channels: ["#fleet-support-tier2"], notify: [], reasons: [] },
});

/** Every string Slack reads as text in a message or view, top-level `text` included. */
function texts(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value && typeof value === "object") return Object.values(value).flatMap(texts);
  return [];
}

describe("every message built from user text shows it escaped, top-level text included", () => {
  it.each<[string, () => SlackMessage | object]>([
    ["escalation post", () => buildEscalationMessage(hostileRow(), ctx)],
    ["resolved post", () => buildEscalationMessage(resolved, ctx)],
    ["cross-post", () => buildCrossPost(hostileRow(), ctx, link)],
    ["handoff", () => buildHandoff(hostileRow(), escalated, ctx, link)],
    ["thread: update", () => buildThreadNotice(hostileRow(), update, ctx)],
    ["thread: escalated", () => buildThreadNotice(hostileRow(), escalated, ctx)],
    ["thread: resolved", () => buildThreadNotice(resolved, resolvedEvent, ctx)],
    ["thread: ack missed", () => buildThreadNotice(hostileRow(), event({ kind: "ack_missed", detail: { level: "tier2", reason: HOSTILE } }), ctx)],
    ["manager DM on a manual escalation", () => buildManagerDm(hostileRow(), escalated, ctx, link)],
    ["manager DM at open", () => buildManagerDm(hostileRow(), opened, ctx, link)],
    ["manager DM with the latest update", () => buildManagerDm(hostileRow(), escalated, ctx, link, update as ProgressUpdateEvent)],
    ["reporter DM: update", () => buildReporterNotice(hostileRow(), update, link)],
    ["reporter DM: resolved", () => buildReporterNotice(resolved, resolvedEvent, link)],
    ["/escalate list", () => buildOpenList({ rows: [hostileRow()], total: 1 }, { ...ctx, permalinks: new Map([[7, link]]) })],
    ["/escalate ESC-0007", () => buildStatus({ escalation: hostileRow(), events: [escalated, update] }, { ...ctx, permalink: link })],
    ["update form", () => buildUpdateModal(hostileRow(), testRefs)],
    ["escalate form", () => buildEscalateModal(hostileRow(), fleetPolicy, testRefs)],
    ["resolve form", () => buildResolveModal(hostileRow(), testRefs)],
  ])("%s", (_name, build) => {
    const message = build();
    const all = texts(message);
    expect(all.filter((t) => RAW_HOSTILE.test(t))).toEqual([]);
    expect(all.join("\n")).toContain(userText(HOSTILE));
    if ("text" in message) expect(message.text).not.toMatch(RAW_HOSTILE);
  });

  it("the manager DM keeps the bot's own date markup beside the troubleshooting it escapes", () => {
    const dm = JSON.stringify(buildManagerDm(hostileRow(), escalated, ctx, link).blocks);
    expect(dm).toContain(`Last update <!date^${T0 / 1000}^`);
  });
});
