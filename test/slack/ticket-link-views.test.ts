import { describe, expect, it } from "vitest";
import type { EscalationRow } from "../../src/db/schema.js";
import type { Policy } from "../../src/domain/playbook/model.js";
import { renderBlocks } from "../../src/sandbox/render/blocks.js";
import { buildStatus } from "../../src/slack/views/command-replies.js";
import { buildCrossPost, buildEscalationMessage } from "../../src/slack/views/escalation-message.js";
import { buildEscalationModal } from "../../src/slack/views/escalation-modal.js";
import { ticketText } from "../../src/slack/views/slack-format.js";
import { escalationRow } from "../support/escalation-row.js";
import { fleetPolicy } from "../support/policy.js";
import { testRefs } from "../support/refs.js";
import { makeContext } from "../sandbox/render/make-context.js";

/** The ticket reference on the post and in /escalate status: a link when the playbook gives a template and the reference looks like one. */

const PORTAL = "https://support.fleetmanagement.com/hc/requests/";
const ctx = (policy: Policy = fleetPolicy) => ({ policy, now: escalationRow().createdAt + 60_000, refs: testRefs });
const noTicketing: Policy = { ...fleetPolicy, ticketing: undefined };

/** The post's field that shows the ticket ("*Zendesk ticket*\n…"), or undefined. */
function ticketFieldOf(esc: EscalationRow, policy: Policy = fleetPolicy): string | undefined {
  const fields = buildEscalationMessage(esc, ctx(policy)).blocks.flatMap((b) => ("fields" in b && b.fields ? b.fields : []));
  return fields.map((f) => f.text).find((t) => /^\*[^*]*[Tt]icket\*\n/.test(t));
}

describe("ticketText", () => {
  const zendesk = { system: "Zendesk", url: "https://acme.zendesk.com/agent/tickets/{ref}" };
  it.each([
    ["12345", "<https://acme.zendesk.com/agent/tickets/12345|12345>"],
    ["#12345", "<https://acme.zendesk.com/agent/tickets/12345|#12345>"],
    // The ampersand is encoded in the link and escaped in its label.
    ["ZD-1&2", "<https://acme.zendesk.com/agent/tickets/ZD-1%262|ZD-1&amp;2>"],
    // Injection attempts are not references: plain text, escaped, so no mention, link or early end of a link.
    ["1|<!channel>", "1|&lt;!channel&gt;"],
    ["1>", "1&gt;"],
    ["<https://evil.example|12>", "&lt;https://evil.example|12&gt;"],
    ["12 <@U0ATTACKER>", "12 &lt;@U0ATTACKER&gt;"],
  ])("%j → %s", (ref, shown) => {
    expect(ticketText(zendesk, ref)).toBe(shown);
  });

  it("escapes the template's & in the link, as Slack reads & in a link as it does in text", () => {
    expect(ticketText({ system: "Desk", url: "https://desk.example/view?id={ref}&tab=1" }, "7")).toBe("<https://desk.example/view?id=7&amp;tab=1|7>");
  });

  it("plain without a template, and plain (cut) when the link would not fit", () => {
    expect(ticketText(undefined, "#12345")).toBe("#12345");
    expect(ticketText({ system: "Zendesk" }, "<12345>")).toBe("&lt;12345&gt;");
    expect(ticketText(zendesk, "12345", 20)).toBe("12345");
  });
});

describe("the escalation post", () => {
  it("links the reference into the playbook's ticketing system, named in the field's label", () => {
    expect(ticketFieldOf(escalationRow({ ticketRef: "#12345" }))).toBe(`*Zendesk ticket*\n<${PORTAL}12345|#12345>`);
  });

  it("shows a reference that does not look like one as typed, escaped", () => {
    expect(ticketFieldOf(escalationRow({ ticketRef: "TICKET #12345" }))).toBe("*Zendesk ticket*\nTICKET #12345");
    expect(ticketFieldOf(escalationRow({ ticketRef: "1|<!channel>" }))).toBe("*Zendesk ticket*\n1|&lt;!channel&gt;");
  });

  it("shows it as typed when the playbook gives no ticketing system", () => {
    expect(ticketFieldOf(escalationRow({ ticketRef: "#12345" }), noTicketing)).toBe("*Ticket*\n#12345");
    expect(ticketFieldOf(escalationRow({ ticketRef: null }))).toBeUndefined();
  });

  it("escapes a system name with markup in it", () => {
    const odd: Policy = { ...fleetPolicy, ticketing: { system: "<!channel> Desk", url: "https://desk.example/{ref}" } };
    expect(ticketFieldOf(escalationRow({ ticketRef: "9" }), odd)).toBe("*&lt;!channel&gt; Desk ticket*\n<https://desk.example/9|9>");
  });

  it("a restricted escalation's post (in its own channel) links it like its other details; the pointer elsewhere never shows it", () => {
    const esc = escalationRow({ ticketRef: "#12345", restricted: true, category: "security", channels: ["#fleet-support-tier2", "#fleet-management"] });
    expect(ticketFieldOf(esc)).toBe(`*Zendesk ticket*\n<${PORTAL}12345|#12345>`);
    const pointer = JSON.stringify(buildCrossPost(esc, ctx(), "https://sandbox.slack.test/archives/C1/p1"));
    expect(pointer).not.toContain("12345");
  });

  it("renders in the sandbox as a link with the reference as its text, and an injection attempt as text", () => {
    const html = (ref: string) => renderBlocks(buildEscalationMessage(escalationRow({ ticketRef: ref }), ctx()).blocks, makeContext());
    expect(html("#12345")).toContain(`<a class="bk-link" href="${PORTAL}12345" target="_blank" rel="noopener noreferrer">#12345</a>`);
    const hostile = html("1|<!channel>");
    expect(hostile).toContain("1|&lt;!channel&gt;");
    expect(hostile).not.toContain("@channel");
    expect(hostile).not.toContain(`href="${PORTAL}`);
  });
});

describe("/escalate status", () => {
  const status = (esc: EscalationRow, policy: Policy = fleetPolicy) =>
    buildStatus({ escalation: esc, events: [] }, { policy, now: esc.createdAt + 60_000, permalink: undefined }).blocks.map((b) => JSON.stringify(b)).join("\n");

  it("shows the ticket, linked", () => {
    expect(status(escalationRow({ ticketRef: "#12345" }))).toContain(`:ticket: Zendesk ticket: <${PORTAL}12345|#12345>`);
    expect(status(escalationRow({ ticketRef: "#12345" }), noTicketing)).toContain(":ticket: Ticket: #12345");
    expect(status(escalationRow({ ticketRef: null }))).not.toContain(":ticket:");
  });

  it("leaves a restricted escalation's ticket out, like its customer and summary (the reply can be read anywhere)", () => {
    const text = status(escalationRow({ ticketRef: "#12345", restricted: true, category: "security" }));
    expect(text).not.toContain("12345");
    expect(text).toContain("restricted");
  });
});

describe("the escalation form", () => {
  it("names the playbook's ticketing system in the reference's label", () => {
    const label = (policy: Policy) => JSON.stringify(buildEscalationModal({ policy }).blocks.find((b) => b.block_id === "ticket_ref"));
    expect(label(fleetPolicy)).toContain('"text":"Zendesk ticket reference"');
    expect(label(noTicketing)).toContain('"text":"Ticket reference"');
  });
});
