import { describe, expect, it } from "vitest";
import { renderAttachments, renderBlocks } from "../../../src/sandbox/render/blocks.js";
import { idScope } from "../../../src/sandbox/render/ids.js";
import { renderModal } from "../../../src/sandbox/render/view.js";
import { makeContext } from "./make-context.js";

/**
 * Every field the renderer writes has an accessible name and says what describes it: a label tied
 * by `for`/id (or aria-labelledby for radio and checkbox groups), the hint and the error in
 * aria-describedby, aria-invalid on a field with an error, and ids unique across a view.
 */

const ctx = makeContext();
const pt = (text: string) => ({ type: "plain_text", text });
const md = (text: string) => ({ type: "mrkdwn", text });
const opt = (value: string) => ({ text: pt(value.toUpperCase()), value });

type Attrs = Record<string, string>;

/** The opening tags in `html`, each as its name and attributes (values unescaped enough for ids). */
function tags(html: string): { name: string; attrs: Attrs }[] {
  return [...html.matchAll(/<([a-z]+)((?:\s+[a-z-]+(?:="[^"]*"|='[^']*')?)*)\s*>/g)].map((m) => {
    const attrs: Attrs = {};
    for (const a of (m[2] ?? "").matchAll(/([a-z-]+)(?:="([^"]*)"|='([^']*)')?/g)) attrs[a[1] ?? ""] = a[2] ?? a[3] ?? "";
    return { name: m[1] ?? "", attrs };
  });
}

const byId = (html: string, id: string) => tags(html).find((t) => t.attrs.id === id);

/** The text content of the element with this id (tags stripped). */
function textOf(html: string, id: string): string {
  const at = html.indexOf(`id="${id}"`);
  if (at < 0) return "";
  const start = html.indexOf(">", at) + 1;
  const name = /^<([a-z]+)/.exec(html.slice(html.lastIndexOf("<", at)))?.[1] ?? "";
  return html.slice(start, html.indexOf(`</${name}>`, start)).replace(/<[^>]+>/g, "");
}

/** What names the control: its <label for>, or the elements its aria-labelledby lists, or its aria-label. */
function accessibleName(html: string, control: Attrs): string {
  if (control["aria-labelledby"]) return control["aria-labelledby"].split(" ").map((id) => textOf(html, id)).join(" ");
  if (control["aria-label"]) return control["aria-label"];
  const label = control.id ? html.match(new RegExp(`<label[^>]*for="${control.id}"[^>]*>(.*?)</label>`)) : null;
  return (label?.[1] ?? "").replace(/<[^>]+>/g, "");
}

const ELEMENTS: [string, Record<string, unknown>][] = [
  ["plain_text_input", { type: "plain_text_input", action_id: "a" }],
  ["multiline plain_text_input", { type: "plain_text_input", action_id: "a", multiline: true }],
  ["email_text_input", { type: "email_text_input", action_id: "a" }],
  ["url_text_input", { type: "url_text_input", action_id: "a" }],
  ["number_input", { type: "number_input", action_id: "a", is_decimal_allowed: false }],
  ["static_select", { type: "static_select", action_id: "a", options: [opt("x"), opt("y")] }],
  ["multi_static_select", { type: "multi_static_select", action_id: "a", options: [opt("x")] }],
  ["external_select", { type: "external_select", action_id: "a" }],
  ["users_select", { type: "users_select", action_id: "a" }],
  ["multi_users_select", { type: "multi_users_select", action_id: "a" }],
  ["conversations_select", { type: "conversations_select", action_id: "a" }],
  ["channels_select", { type: "channels_select", action_id: "a" }],
  ["datepicker", { type: "datepicker", action_id: "a" }],
  ["timepicker", { type: "timepicker", action_id: "a" }],
  ["radio_buttons", { type: "radio_buttons", action_id: "a", options: [opt("x"), opt("y")] }],
  ["checkboxes", { type: "checkboxes", action_id: "a", options: [opt("x"), opt("y")] }],
];

/** The control an element renders as: the select, input or textarea, or the radio/checkbox group. */
const controlOf = (html: string) => tags(html).find((t) => t.attrs["data-bk"] !== undefined)!;

describe("a field in an input block", () => {
  it.each(ELEMENTS)("%s is named by its label", (_name, element) => {
    const html = renderBlocks([{ type: "input", block_id: "f", label: pt("Customer <b>"), element }], ctx);
    const control = controlOf(html);
    expect(control.attrs.id).toBe("bk-1");
    expect(accessibleName(html, control.attrs)).toBe("Customer &lt;b&gt;");
    const grouped = element.type === "radio_buttons" || element.type === "checkboxes";
    expect(control.attrs.role).toBe(element.type === "radio_buttons" ? "radiogroup" : grouped ? "group" : undefined);
    // Each radio button and checkbox is named by its own option text, wrapped in its <label>.
    if (grouped) expect(html).toMatch(/<label class="bk-option"><input [^>]*> <span class="bk-option-text">X<\/span><\/label>/);
  });

  it.each(ELEMENTS)("%s is described by its hint and its error, and says it is invalid", (_name, element) => {
    const html = renderBlocks([{ type: "input", block_id: "f", label: pt("Customer"), hint: md("Who *asked*"), element }], ctx, { errors: { f: "Say who" } });
    const control = controlOf(html);
    expect(control.attrs["aria-describedby"]).toBe("bk-1-hint bk-1-error");
    expect(textOf(html, "bk-1-hint")).toBe("Who asked");
    expect(textOf(html, "bk-1-error")).toBe("Say who");
    const grouped = element.type === "radio_buttons" || element.type === "checkboxes";
    const invalid = grouped ? tags(html).filter((t) => t.name === "input") : [control];
    expect(invalid.length).toBeGreaterThan(0);
    for (const field of invalid) expect(field.attrs["aria-invalid"]).toBe("true");
  });

  it.each<[string, Record<string, unknown>, string | undefined, boolean]>([
    ["required, no hint, no error", {}, undefined, true],
    ["optional", { optional: true }, undefined, false],
    ["a hint only", { hint: pt("h") }, "bk-1-hint", true],
  ])("%s", (_name, extra, describedBy, required) => {
    const html = renderBlocks([{ type: "input", block_id: "f", label: pt("L"), element: { type: "plain_text_input" }, ...extra }], ctx);
    const control = controlOf(html);
    expect(control.attrs["aria-describedby"]).toBe(describedBy);
    expect(control.attrs["aria-invalid"]).toBeUndefined();
    expect(control.attrs["aria-required"]).toBe(required ? "true" : undefined);
  });
});

describe("elements outside input blocks", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["static_select, by its placeholder", { type: "static_select", placeholder: pt("Snooze"), options: [opt("x")] }, "Snooze"],
    ["static_select without one", { type: "static_select", options: [opt("x")] }, "Select an option"],
    ["users_select", { type: "users_select" }, "Select a user"],
    ["overflow", { type: "overflow", options: [opt("x")] }, "More actions"],
    ["datepicker", { type: "datepicker" }, "Pick a date"],
    ["timepicker", { type: "timepicker", placeholder: pt("When") }, "When"],
    ["radio_buttons", { type: "radio_buttons", options: [opt("x")] }, "Choose one"],
    ["checkboxes", { type: "checkboxes", options: [opt("x")] }, "Choose any"],
    ["button, by its text", { type: "button", text: pt("Acknowledge") }, "Acknowledge"],
  ])("%s in an actions block is named", (_name, element, name) => {
    const html = renderBlocks([{ type: "actions", elements: [element] }], ctx);
    const control = controlOf(html);
    const own = element.type === "button" ? html.replace(/<[^>]+>/g, "") : accessibleName(html, control.attrs);
    expect(own).toBe(name);
  });

  it("a checkbox group beside a section's text (the checklist) is named by that text", () => {
    const html = renderBlocks([{ type: "section", text: md("*Checklist* · 0 of 2 done"), accessory: { type: "checkboxes", options: [opt("x"), opt("y")] } }], ctx);
    const control = controlOf(html);
    expect(control.attrs.role).toBe("group");
    expect(accessibleName(html, control.attrs)).toBe("Checklist · 0 of 2 done");
  });
});

describe("ids", () => {
  const form = [
    { type: "section", text: md("Tell us"), accessory: { type: "radio_buttons", options: [opt("a")] } },
    ...ELEMENTS.map(([, element], i) => ({ type: "input", block_id: i % 3 === 0 ? "same" : `f${i}`, label: pt(`L${i}`), hint: pt("h"), element })),
  ];

  it("are unique across a view, even when block ids repeat", () => {
    const errors = Object.fromEntries(form.map((_b, i) => [`f${i}`, "wrong"]));
    const { body } = renderModal({ type: "modal", title: pt("T"), blocks: form }, ctx, { errors, ids: idScope("vV123") });
    const ids = tags(body).flatMap((t) => (t.attrs.id === undefined ? [] : [t.attrs.id]));
    expect(ids.length).toBeGreaterThan(ELEMENTS.length * 2);
    expect(new Set(ids).size).toBe(ids.length);
    // Every id a label, a group or a description points at exists in the view.
    for (const t of tags(body)) {
      for (const ref of [t.attrs.for, t.attrs["aria-labelledby"], t.attrs["aria-describedby"]].flatMap((v) => v?.split(" ") ?? [])) {
        expect(byId(body, ref), `${ref} is missing`).toBeDefined();
      }
    }
    expect(ids.every((id) => id.startsWith("vV123-"))).toBe(true);
  });

  it("are the same every time a view is rendered (the page keeps what was typed when the HTML is unchanged)", () => {
    const render = () => renderBlocks(form, ctx, { ids: idScope("v1") });
    expect(render()).toBe(render());
  });

  it("stay unique when a message's blocks and attachments share a scope", () => {
    const ids = idScope("cm1700000000.000100");
    const field = { type: "input", label: pt("L"), element: { type: "plain_text_input" } };
    const html = renderBlocks([field], ctx, { ids }) + renderAttachments([{ blocks: [field] }], ctx, { ids });
    expect(controlOf(html).attrs.id).toBe("cm1700000000-000100-1");
    expect(html).toContain('id="cm1700000000-000100-2"');
  });

  it.each<[string, string]>([
    ["cm1700000000.000100", "cm1700000000-000100-1"],
    ['v"><script>', "v---script--1"],
    ["123", "bk-123-1"],
    ["", "bk--1"],
  ])("prefix %j gives ids like %j, safe in attributes and selectors", (prefix, first) => {
    expect(idScope(prefix).next()).toBe(first);
  });
});
