import { describe, expect, it } from "vitest";
import { renderModal } from "../../../src/sandbox/render/view.js";
import { makeContext } from "./make-context.js";

const ctx = makeContext();
const pt = (text: string, emoji?: boolean) => ({ type: "plain_text", text, ...(emoji === undefined ? {} : { emoji }) });
const textInput = (blockId: string | undefined, label: string) => ({
  type: "input",
  ...(blockId === undefined ? {} : { block_id: blockId }),
  label: pt(label),
  element: { type: "plain_text_input", action_id: "value" },
});

describe("renderModal", () => {
  it("renders title, submit, close and body", () => {
    const modal = renderModal(
      { type: "modal", title: pt("Escalate :rotating_light:"), submit: pt("Escalate"), close: pt("Never mind"), blocks: [{ type: "divider" }] },
      ctx,
    );
    expect(modal).toEqual({
      title: `Escalate <img class="bk-emoji" src="/sandbox/assets/emoji/rotating_light.svg" alt=":rotating_light:" draggable="false">`,
      submit: "Escalate",
      close: "Never mind",
      body: '<hr class="bk-block bk-divider" data-block-id="b0">',
    });
  });

  it("defaults close to Cancel and leaves submit out when the view has none", () => {
    const modal = renderModal({ type: "modal", title: pt("Info"), blocks: [] }, ctx);
    expect(modal).toEqual({ title: "Info", close: "Cancel", body: "" });
    expect("submit" in modal).toBe(false);
  });

  it.each<[string, unknown, string]>([
    ["script tags", pt("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ["entities Slack escaped", pt("R&amp;D &lt;team&gt;"), "R&amp;D &lt;team&gt;"],
    ["quotes", pt(`"quoted" 'single'`), "&quot;quoted&quot; &#39;single&#39;"],
    ["mrkdwn markers stay literal", pt("*not bold*"), "*not bold*"],
    ["mentions stay literal", pt("<!channel> <@U1>"), "&lt;!channel&gt; &lt;@U1&gt;"],
    ["emoji off", pt(":fire:", false), ":fire:"],
  ])("escapes %s in the chrome", (_name, text, expected) => {
    const modal = renderModal({ type: "modal", title: text, submit: text, close: text, blocks: [] }, ctx);
    expect(modal.title).toBe(expected);
    expect(modal.submit).toBe(expected);
    expect(modal.close).toBe(expected);
  });

  it("puts errors under the right input blocks, including generated ids", () => {
    const view = { type: "modal", title: pt("Form"), submit: pt("Save"), blocks: [textInput("summary", "Summary"), textInput(undefined, "Details")] };
    const { body } = renderModal(view, ctx, { errors: { summary: "Summary is <required>", b1: "Too long" } });
    expect(body).toContain(
      '<div class="bk-block bk-input-block bk-has-error" data-block-id="summary" data-optional="false" data-dispatch-action="false">' +
        '<label class="bk-label" for="bk-1">Summary</label>' +
        '<input type="text" class="bk-text-input" data-bk="plain_text_input" data-action-id="value" data-block-id="summary" name="summary/value" id="bk-1" aria-describedby="bk-1-error" aria-invalid="true" aria-required="true">' +
        '<div class="bk-error" id="bk-1-error" role="alert">Summary is &lt;required&gt;</div></div>',
    );
    expect(body).toContain(
      '<div class="bk-block bk-input-block bk-has-error" data-block-id="b1" data-optional="false" data-dispatch-action="false">' +
        '<label class="bk-label" for="bk-2">Details</label>' +
        '<input type="text" class="bk-text-input" data-bk="plain_text_input" data-action-id="value" data-block-id="b1" name="b1/value" id="bk-2" aria-describedby="bk-2-error" aria-invalid="true" aria-required="true">' +
        '<div class="bk-error" id="bk-2-error" role="alert">Too long</div></div>',
    );
  });

  it("renders no errors when none are given", () => {
    const { body } = renderModal({ type: "modal", title: pt("Form"), blocks: [textInput("a", "A")] }, ctx);
    expect(body).not.toContain("bk-error");
    expect(body).not.toContain("bk-has-error");
  });

  it.each<[string, unknown]>([
    ["null", null],
    ["a number", 3],
    ["an array", []],
  ])("survives a view that is %s", (_name, view) => {
    expect(renderModal(view, ctx)).toEqual({ title: "", close: "Cancel", body: '<div class="bk-unsupported">unsupported view</div>' });
  });

  it("survives missing and malformed parts", () => {
    expect(renderModal({ type: "modal" }, ctx)).toEqual({ title: "", close: "Cancel", body: "" });
    expect(renderModal({ title: "plain string", submit: { text: 5 }, close: null, blocks: [null] }, ctx)).toEqual({
      title: "",
      close: "Cancel",
      body: '<div class="bk-unsupported">unsupported block: null</div>',
    });
  });
});
