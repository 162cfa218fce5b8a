import { describe, expect, it } from "vitest";
import type { EscalationRow, TimelineEventRow } from "../../src/db/schema.js";
import { buildEscalationMessage } from "../../src/slack/views/escalation-message.js";
import { buildRepeatDm, buildTallyMessage, repeatLine } from "../../src/slack/views/insight-messages.js";
import { fleetPolicy } from "../support/policy.js";
import { testRefs } from "../support/refs.js";
import { T0, escalationRow } from "../support/escalation-row.js";

/** What repeat escalations and the feature-request tally look like: the post's line, the DM, the tally message. */

const mark = { nth: 3, atLeast: false, earlier: [40, 39], within: "30 days" };
const repeat = (over: Partial<EscalationRow> = {}) => escalationRow({ repeat: mark, ...over });
const earlier = [
  { esc: escalationRow({ id: 40, summary: "GPS <lag> @channel", severity: "sev3" }), permalink: "https://x.slack.com/archives/C1/p40" },
  { esc: escalationRow({ id: 39, summary: "Uploads fail", status: "resolved" }) },
];
const event = (e: Pick<TimelineEventRow, "kind" | "detail">): TimelineEventRow => ({ id: 7, escalationId: 42, at: T0, actor: null, ...e }) as TimelineEventRow;
const repeatEvent = event({ kind: "repeat_escalation", detail: { ...mark, notify: ["customer-success"], reason: "repeat: …" } });
const json = (x: unknown) => JSON.stringify(x);

describe("a repeat on its post", () => {
  it("says the count, the window, the earlier escalations (linked where Slack gave a link) and the matching rule, the customer escaped", () => {
    expect(repeatLine(repeat(), earlier)).toBe(
      ":recycle: *Repeat:* 3rd escalation for Acme &lt;Corp&gt; &amp; Co in 30 days — earlier: <https://x.slack.com/archives/C1/p40|ESC-0040>, ESC-0039 " +
        "_(customers matched by name ignoring case, punctuation and suffixes like Corp/Inc)_",
    );
    expect(repeatLine(escalationRow(), earlier)).toBeUndefined();
    expect(repeatLine(repeat({ repeat: { ...mark, nth: 14, atLeast: true } }), undefined)).toContain("at least the 14th escalation for Acme &lt;Corp&gt; &amp; Co in 30 days — earlier: ESC-0040, ESC-0039 and 11 more");
  });

  it("an earlier one that became restricted since is counted, not named or linked", () => {
    const now = [{ ...earlier[0]!, esc: { ...earlier[0]!.esc, restricted: true, messageChannelId: "C0SEC" } }, earlier[1]!];
    const line = repeatLine(repeat(), now)!;
    expect(line).toContain("earlier: ESC-0039, 1 restricted escalation _(");
    expect(line).not.toContain("ESC-0040");
    const dm = json(buildRepeatDm(repeat(), repeatEvent, fleetPolicy, undefined, now));
    expect(dm).toContain("a restricted escalation (its details stay in its channel)");
    expect(dm).not.toMatch(/ESC-0040|GPS/);
  });

  it("is on the rendered post, and only on a repeat", () => {
    const ctx = { policy: fleetPolicy, now: T0, refs: testRefs };
    expect(json(buildEscalationMessage(repeat(), { ...ctx, repeats: earlier }).blocks)).toContain("*Repeat:* 3rd escalation");
    expect(json(buildEscalationMessage(escalationRow(), ctx).blocks)).not.toContain("Repeat");
  });
});

describe("the DM to Customer Success", () => {
  it("names the customer and lists the earlier escalations, escaped", () => {
    const dm = buildRepeatDm(repeat(), repeatEvent, fleetPolicy, "https://x.slack.com/archives/C1/p42", earlier);
    const text = json(dm);
    expect(dm.text).toBe("Repeat escalation ESC-0042: 3rd escalation for Acme &lt;Corp&gt; &amp; Co in 30 days");
    expect(text).toContain("<https://x.slack.com/archives/C1/p40|ESC-0040> · Sev 3 · Medium · open · GPS &lt;lag&gt; @channel");
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("ESC-0039 · Sev 1 · Critical · resolved · Uploads fail");
    expect(text).toContain("Open thread");
  });

  it("for a restricted escalation says only that it is a repeat and where: not the customer, the problem nor the earlier ones", () => {
    const dm = buildRepeatDm(repeat({ restricted: true, channel: "#security-alerts", summary: "Breach at the bank" }), repeatEvent, fleetPolicy, undefined, earlier);
    const text = json(dm);
    expect(text).toContain("(restricted) is a repeat escalation: the 3rd escalation for one customer in 30 days");
    expect(text).toContain("#security-alerts");
    for (const secret of ["Acme", "Breach", "ESC-0040", "ESC-0039", "GPS"]) expect(text).not.toContain(secret);
  });
});

describe("the feature-request tally", () => {
  it("lists each request with its customer, id and link, says what matched and how requests are grouped, escaped", () => {
    const tally = event({
      kind: "feature_requests_tallied",
      detail: { key: ["csv", "export"], matched: ["CSV <export>"], customers: 2, within: "90 days", members: [{ id: 40, customer: "Beta <Inc>" }, { id: 41, customer: "Gone Ltd" }], notify: ["product-manager"], channels: [] },
    });
    const message = buildTallyMessage(tally, [earlier[0]!]);
    const text = json(message);
    expect(message.text).toBe("Feature request tally: 2 customers asked for CSV &lt;export&gt;");
    expect(text).toContain("*Matched on:* CSV &lt;export&gt;");
    expect(text).toContain("Beta &lt;Inc&gt; · <https://x.slack.com/archives/C1/p40|ESC-0040> · GPS &lt;lag&gt; @channel");
    expect(text).toContain("Gone Ltd · ESC-0041");
    expect(text).toContain("two significant words");
    const later = json(buildTallyMessage(tally, [{ ...earlier[0]!, esc: { ...earlier[0]!.esc, restricted: true } }]));
    expect(later).not.toMatch(/Beta|GPS|ESC-0040/);
    expect(later).toContain("a restricted escalation (its details stay in its channel)");
  });
});
