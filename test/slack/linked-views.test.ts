import { describe, expect, it } from "vitest";
import type { EscalationRow, TimelineEventRow } from "../../src/db/schema.js";
import { ACTION, CALLBACK, MORE } from "../../src/slack/ids.js";
import { buildEscalationMessage } from "../../src/slack/views/escalation-message.js";
import { moreChoices } from "../../src/slack/views/escalation-actions.js";
import { buildLinkModal, buildLinkNotice, buildUnlinkModal, pickerLabel } from "../../src/slack/views/linked-escalations.js";
import { childrenOffer, linkLines, shareableChildren } from "../../src/slack/views/linked-lines.js";
import { buildResolveModal, buildUpdateModal } from "../../src/slack/views/work-modals.js";
import { fleetPolicy } from "../support/policy.js";
import { testRefs } from "../support/refs.js";
import { T0, escalationRow } from "../support/escalation-row.js";

/** Linked escalations' views: the parent's list, the picker, the offers, the notices. */


const row = escalationRow;


const ctx = { policy: fleetPolicy, now: T0, refs: testRefs };
const child = (id: number, over: Partial<EscalationRow> = {}) => row({ id, parentId: 42, customer: `Customer ${id}`, tier: "standard", ...over });
const json = (x: unknown) => JSON.stringify(x);

describe("the parent's and the child's post", () => {
  it("a parent lists its children's customers and tiers with links; a restricted one only as a count; a resolved one says so", () => {
    const links = {
      children: [
        { esc: child(43, { customer: "Beta <Inc>" }), permalink: "https://x.slack.com/archives/C1/p1" },
        { esc: child(44, { restricted: true, customer: "Secret Bank", messageChannelId: "C0SEC" }) },
        { esc: child(45, { restricted: true, customer: "Other Bank", messageChannelId: "C0SEC" }) },
        { esc: child(46, { status: "resolved" }) },
      ],
    };
    const [line] = linkLines(row(), links, fleetPolicy);
    expect(line).toBe(":link: *Also affects:* Beta &lt;Inc&gt; (Standard) · <https://x.slack.com/archives/C1/p1|ESC-0043>, Customer 46 (Standard) · ESC-0046 (resolved), 2 restricted escalations");
    // A restricted parent in the same channel as its restricted child may name it.
    expect(linkLines(row({ restricted: true, messageChannelId: "C0SEC" }), links, fleetPolicy)[0]).toContain("Secret Bank");
    const post = json(buildEscalationMessage(row(), { ...ctx, links }).blocks);
    expect(post).toContain("Also affects");
    expect(post).not.toContain("Secret Bank");
  });

  it("a child names its parent; no links, no line", () => {
    expect(linkLines(row({ parentId: 41 }), { parent: { esc: row({ id: 41 }) }, children: [] }, fleetPolicy)).toEqual([
      ":link: Same issue as ESC-0041: updates and the resolution of ESC-0041 are shared here.",
    ]);
    expect(linkLines(row(), undefined, fleetPolicy)).toEqual([]);
  });
});

describe("the More actions menu", () => {
  const labels = (esc: EscalationRow, children = 0) => moreChoices(esc, fleetPolicy, children).map((c) => c.label);
  it("offers Same issue as… on an unlinked one, Unlink on a child and on a parent", () => {
    expect(labels(row())).toContain("Same issue as…");
    expect(labels(row({ parentId: 41 }))).toContain("Unlink from ESC-0041");
    expect(labels(row(), 2)).toContain("Unlink a linked escalation…");
    expect(moreChoices(row({ parentId: 41 }), fleetPolicy).find((c) => c.label.startsWith("Unlink"))?.id).toBe(MORE.unlink);
  });

  it("is an overflow while five choices fit, and a select of the same name beyond", () => {
    const menu = (esc: EscalationRow) => buildEscalationMessage(esc, ctx).blocks.flatMap((b) => (b.type === "actions" ? b.elements : [])).find((e) => "action_id" in e && e.action_id === ACTION.more)!;
    // At the first level (nothing below to hand it down to): take, reassign, change, link, export.
    expect(menu(row({ level: "tier1", channel: "#fleet-support-tier1", channels: ["#fleet-support-tier1"] })).type).toBe("overflow");
    // Acknowledged at Tier 3 (De-escalate) and not waiting (Waiting on customer): seven choices with Export.
    const busy = menu(row({ level: "tier3", status: "acknowledged", acknowledgedBy: "U2", acknowledgedAt: T0 }));
    expect(busy.type).toBe("static_select");
    expect(json(busy)).toContain('"placeholder":{"type":"plain_text","text":"More actions"}');
    expect((busy as { options: unknown[] }).options).toHaveLength(7);
  });
});

describe("the forms", () => {
  it("the picker labels each escalation, offers at most 100, and falls back to a typed id", () => {
    expect(pickerLabel(row({ id: 45, customer: "Acme Corp", severity: "sev2", summary: "Photo uploads time out for every driver in the EU region since this morning" }), fleetPolicy)).toBe(
      "ESC-0045 · Acme Corp · Sev 2 · High · Photo uploads time out for every dri…",
    );
    const many = Array.from({ length: 150 }, (_, i) => row({ id: i + 100 }));
    const modal = buildLinkModal(row(), many, fleetPolicy, testRefs);
    expect(modal.callback_id).toBe(CALLBACK.linkModal);
    const select = modal.blocks.find((b) => b.block_id === "link_escalation") as { element: { options: unknown[] } };
    expect(select.element.options).toHaveLength(100);
    expect(json(modal)).toContain("type an older one's id");
    const empty = buildLinkModal(row(), [], fleetPolicy, testRefs);
    expect(empty.blocks.some((b) => b.block_id === "link_escalation")).toBe(false);
    expect(json(empty)).toContain("No other open escalation you may see");
  });

  it("the unlink form hides a restricted child's customer", () => {
    const modal = json(buildUnlinkModal(row(), [child(43), child(44, { restricted: true, customer: "Secret Bank" })], fleetPolicy, testRefs));
    expect(modal).toContain("ESC-0044 · restricted");
    expect(modal).not.toContain("Secret Bank");
  });

  it("Post update and Resolve offer the children only when there are some it may go to", () => {
    expect(json(buildUpdateModal(row(), testRefs))).not.toContain("update_children");
    expect(json(buildUpdateModal(row(), testRefs, [child(43), child(44)]))).toContain("Also post this update in the threads of ESC-0043, ESC-0044");
    expect(json(buildResolveModal(row(), testRefs, [child(43)]))).toContain("Also resolve ESC-0043 with the same outcome");
    expect(childrenOffer("x", (ids) => ids, [])).toBeUndefined();
    // A restricted parent's words never go to an unrestricted child; resolved ones are done.
    const kids = [child(43), child(44, { restricted: true }), child(45, { status: "resolved" })];
    expect(shareableChildren(row(), kids).map((c) => c.id)).toEqual([43, 44]);
    expect(shareableChildren(row({ restricted: true }), kids).map((c) => c.id)).toEqual([44]);
  });
});

describe("the notices", () => {
  const event = (detail: object, kind = "linked"): TimelineEventRow => ({ id: 1, escalationId: 42, at: T0, actor: "U2", kind, detail }) as TimelineEventRow;
  it.each([
    ["the child's", { parentId: 41, childId: 42, side: "child", other: { customer: "Acme", tier: "enterprise" } }, ":link: <@U2> linked ESC-0042 to ESC-0041 (Acme, Enterprise): the same issue."],
    ["via a linked one", { parentId: 41, childId: 42, side: "child", viaChild: 43 }, "linked ESC-0042 to ESC-0041 (ESC-0043 is linked to it)"],
    ["the parent's, without a restricted child's customer", { parentId: 42, childId: 44, side: "parent" }, ":link: <@U2> linked ESC-0044 to ESC-0042: the same issue, another customer."],
  ])("%s", (_, detail, says) => {
    expect(buildLinkNotice(row(), event(detail), ctx)!.text).toContain(says);
  });
  it("an unlink on the parent says the severity stays; the rule says why", () => {
    expect(buildLinkNotice(row(), event({ parentId: 42, childId: 43, side: "parent" }, "unlinked"), ctx)!.text).toContain("A severity the link raised here stays");
    expect(buildLinkNotice(row(), event({ customers: 2, field: "customers_affected", reasons: ["More than one <customer>"] }, "customers_linked"), ctx)!.text).toBe(
      ":busts_in_silhouette: ESC-0042 now affects 2 customers (linked escalations). The playbook's multiple-customers rule applies: More than one &lt;customer&gt;",
    );
  });
});
