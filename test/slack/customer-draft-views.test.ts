import { describe, expect, it } from "vitest";
import type { EscalationRow } from "../../src/db/schema.js";
import type { TemplateSpec } from "../../src/domain/playbook/model.js";
import { ACTION, CALLBACK, DRAFT_FIELD } from "../../src/slack/ids.js";
import { buildCustomerDraftModal, draftCustomerUpdateButton } from "../../src/slack/views/customer-draft-modal.js";
import { buildCustomerUpdateNotice } from "../../src/slack/views/customer-update-notice.js";
import { LIMITS } from "../../src/slack/views/block-kit.js";
import { testRefs } from "../support/refs.js";

const esc = { id: 42, summary: "Uploads <fail>" } as EscalationRow;
const progress: TemplateSpec = { id: "progress-update", kind: "progress", label: "Progress update", subject: "Update {ticket}", body: "Dear {contact}" };
const holding: TemplateSpec = { id: "holding", kind: "initial", label: "Holding <message>", body: "We're aware" };

describe("the customer-update draft", () => {
  it("the button any message about the escalation can carry: Draft customer update with the signed reference", () => {
    expect(draftCustomerUpdateButton("ESC-0042.sig")).toEqual({ type: "button", text: { type: "plain_text", text: "Draft customer update" }, action_id: ACTION.draftCustomerUpdate, value: "ESC-0042.sig" });
  });

  it.each([
    ["the fitting template", { kind: "progress", templateId: "progress-update", exact: true }, "the playbook's progress update, which fits where it stands now"],
    ["another chosen", { kind: "initial", templateId: "holding", exact: true }, "(what fits where it stands now: Holding &lt;message&gt;)"],
    ["none of the fitting kind", { kind: "resolution", templateId: "progress-update", exact: false }, "The playbook has no resolution template for this escalation"],
  ] as const)("%s: says which template it is, the menu acts at once, the submit is Mark as sent", (_name, fitting, says) => {
    const view = buildCustomerDraftModal({ esc, offered: [progress, holding], template: progress, subject: "Update ZD-1", text: "Dear Jane <b>", fitting }, testRefs);
    expect(view).toMatchObject({ callback_id: CALLBACK.customerDraftModal, submit: { text: "Mark as sent" }, title: { text: "Draft ESC-0042" } });
    const shown = JSON.stringify(view.blocks);
    expect(shown).toContain(says);
    expect(shown).toContain("Uploads &lt;fail&gt;");
    const byId = Object.fromEntries(view.blocks.map((b) => [b.block_id, b]));
    expect(byId[DRAFT_FIELD.template]).toMatchObject({ type: "input", dispatch_action: true, element: { type: "static_select", initial_option: { value: "progress-update" } } });
    // Plain-text inputs take the text raw: Slack shows it literally.
    expect(byId["draft_text:progress-update"]).toMatchObject({ element: { multiline: true, initial_value: "Dear Jane <b>" } });
    expect(byId["draft_subject:progress-update"]).toMatchObject({ element: { initial_value: "Update ZD-1" } });
  });

  it("a template without a subject has no subject field; blanks left make the confirming form", () => {
    const view = buildCustomerDraftModal({ esc, offered: [holding], template: holding, subject: undefined, text: "x [ETA]", fitting: { kind: "initial", templateId: "holding", exact: true }, gapsLeft: ["[ETA]"] }, testRefs);
    expect(view.callback_id).toBe(CALLBACK.customerDraftConfirmModal);
    expect(view.blocks.some((b) => b.block_id?.startsWith(DRAFT_FIELD.subject))).toBe(false);
    expect(JSON.stringify(view.blocks[1])).toContain("Still in the text:* [ETA]");
  });

  it("the thread notice quotes the text as sent, escaped, within a section's limit", () => {
    const long = `<!here> ${"&".repeat(4000)}`;
    const notice = buildCustomerUpdateNotice(esc, { actor: "U1", detail: { template: "t", templateKind: "progress", label: "Progress", subject: "<@U2>", text: long } });
    const [head, body] = notice.blocks as { text: { text: string } }[];
    expect(head!.text.text).toBe(":outbox_tray: *Sent to customer* by <@U1>: Progress (ESC-0042)\n*Subject:* &lt;@U2&gt;");
    expect(body!.text.text.startsWith("> &lt;!here&gt; &amp;")).toBe(true);
    expect(body!.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(body!.text.text).toMatch(/&amp;…$/);
    expect(notice.text.length).toBeLessThanOrEqual(LIMITS.messageText);
  });
});
