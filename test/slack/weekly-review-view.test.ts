import { describe, expect, it } from "vitest";
import type { EscalationHistory, Period } from "../../src/domain/escalation-metrics.js";
import type { TimelineEvent } from "../../src/domain/timeline-event.js";
import { buildWeeklyReview, MAX_BREACHES } from "../../src/domain/weekly-review.js";
import { validateMessageArgs } from "../../src/sandbox/block-kit-rules.js";
import { buildWeeklyReviewMessage } from "../../src/slack/views/weekly-review.js";
import { escalationRow, T0 } from "../support/escalation-row.js";
import { fleetPolicy } from "../support/policy.js";

const MIN = 60_000;
const WEEK = 7 * 24 * 60 * MIN;
const thisWeek: Period = { since: Date.parse("2026-01-12T17:00:00Z"), until: Date.parse("2026-01-19T17:00:00Z") };
const lastWeek: Period = { since: thisWeek.since - WEEK, until: thisWeek.since };
type Ev = TimelineEvent & { at: number };

/** Acknowledged after 30 min: a first-response breach (due at 15 min) in the week. */
function late(id: number, customer: string, over: Parameters<typeof escalationRow>[0] = {}): EscalationHistory {
  const at = T0 + id * MIN;
  const events: Ev[] = [
    { at, kind: "opened", detail: { severity: "sev1", suggestedSeverity: "sev1", category: "general", level: "tier2", channels: [], notify: [], reasons: [] } },
    { at: at + 30 * MIN, kind: "acknowledged", detail: { afterMs: 30 * MIN, level: "tier2" } },
  ];
  return { escalation: escalationRow({ id, customer, createdAt: at, firstResponseDue: at + 15 * MIN, acknowledgedBy: "U1", acknowledgedAt: at + 30 * MIN, status: "acknowledged", ...over }), events };
}

const view = (permalinks: Map<number, string> = new Map()) => ({ policy: fleetPolicy, zone: "America/Los_Angeles", schedule: "Monday 09:00", permalinks });
const reviewOf = (histories: EscalationHistory[], extra: { late?: { scheduledAt: number } | null; skipped?: number } = {}) =>
  buildWeeklyReview({ current: { period: thisWeek, histories }, previous: { period: lastWeek, histories: [] }, calendarOf: () => null, late: extra.late ?? null, skipped: extra.skipped ?? 0 });
const allText = (m: { text: string; blocks: unknown }) => JSON.stringify(m);

describe("buildWeeklyReviewMessage", () => {
  it("shows the week in the playbook's zone, the figures by tier, and the report command for the same week", () => {
    const m = buildWeeklyReviewMessage(reviewOf([late(1, "Acme Corp"), late(2, "Acme Corp")]), view());
    expect(m.text).toBe("Weekly escalation review: 12 Jan – 19 Jan 2026");
    const text = allText(m);
    expect(text).toContain("Mon 12 Jan 2026 09:00 – Mon 19 Jan 2026 09:00 (America/Los_Angeles)");
    expect(text).toContain("*Volume:* 2 opened (+2 on the week before)");
    expect(text).toContain("*SLA compliance by tier* (time waiting on the customer left out)");
    expect(text).toMatch(/Enterprise +2 +30 min/);
    expect(text).toContain("0% (0/2)");
    expect(text).toContain("*By category:* General 2");
    expect(text).toContain("escalation-bot report --since 2026-01-12T09:00-08:00 --until 2026-01-19T09:00-08:00 --by tier");
    expect(text).toContain("*Repeat customers* (2 or more escalations this week)\\n• Acme Corp 2 (ESC-0001, ESC-0002)");
    expect(validateMessageArgs(m)).toBeUndefined();
  });

  it("links each breach to its thread; without a link it names the id; a restricted one names no customer", () => {
    const m = buildWeeklyReviewMessage(
      reviewOf([late(1, "Acme Corp", { messageChannelId: "C0TIER2", messageTs: "1.2" }), late(2, "Hidden Bank", { restricted: true })]),
      view(new Map([[1, "https://sandbox.slack.test/archives/C0TIER2/p12"]])),
    );
    const text = allText(m);
    expect(text).toContain("*Breaches* (2)");
    expect(text).toContain("• <https://sandbox.slack.test/archives/C0TIER2/p12|ESC-0001> first response missed Thu 15 Jan 2026 08:16 · Acme Corp · Sev 1 · Critical · Enterprise");
    expect(text).toMatch(/• ESC-0002 first response missed [^"]* · restricted · Sev 1/);
    expect(text).not.toContain("Hidden Bank");
  });

  it("escapes every customer name: no mention, no link, no markup from what an agent typed", () => {
    const m = buildWeeklyReviewMessage(reviewOf([late(1, "<!channel> <https://evil.example|Open> & Co"), late(2, "<!channel> <https://evil.example|Open> & Co")]), view());
    const text = allText(m);
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<https://evil.example");
    expect(text).toContain("&lt;!channel&gt; &lt;https://evil.example|Open&gt; &amp; Co");
  });

  it("posted late: says the bot was not running at the review's time, and how many weeks were not posted", () => {
    const m = buildWeeklyReviewMessage(reviewOf([], { late: { scheduledAt: thisWeek.until }, skipped: 2 }), view());
    expect(m.text).toBe("Weekly escalation review: 12 Jan – 19 Jan 2026 · Posted late: the bot was not running at Monday 09:00 (Mon 19 Jan 2026 09:00).");
    const text = allText(m);
    expect(text).toContain(":warning: *Posted late: the bot was not running at Monday 09:00 (Mon 19 Jan 2026 09:00).*");
    expect(text).toContain("2 earlier weeks were not reviewed");
    expect(text).toContain("*Breaches*\\nnone this week");
  });

  it("stays within Block Kit's limits with the most breaches and long names", () => {
    const histories = Array.from({ length: MAX_BREACHES + 10 }, (_, i) => late(i + 1, `${"Very Long Customer Name ".repeat(8)}${i}`, { messageChannelId: "C0TIER2", messageTs: `1.${i}` }));
    const links = new Map(histories.map((h) => [h.escalation.id, `https://sandbox.slack.test/archives/C0TIER2/p${"9".repeat(16)}${h.escalation.id}`]));
    const m = buildWeeklyReviewMessage(reviewOf(histories), view(links));
    expect(validateMessageArgs(m)).toBeUndefined();
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(allText(m)).toContain("…and 10 more");
  });
});
