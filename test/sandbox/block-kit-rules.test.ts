import { describe, expect, it } from "vitest";
import { validateBlocks, validateMessageArgs, validateView } from "../../src/sandbox/block-kit-rules.js";

const pt = (text: string) => ({ type: "plain_text", text });
const md = (text: string) => ({ type: "mrkdwn", text });
const x = (n: number) => "x".repeat(n);
const opt = (value: string, text = value) => ({ text: pt(text), value });
const opts = (n: number) => Array.from({ length: n }, (_, i) => opt(`v${i}`));
const err = (message: string, pointer: string) => `[ERROR] ${message} [json-pointer:${pointer}]`;

const section = (text = "Hello") => ({ type: "section", text: md(text) });
const button = (extra: object = {}) => ({ type: "button", text: pt("Go"), action_id: "go", ...extra });
const actions = (...elements: unknown[]) => ({ type: "actions", elements });
const input = (element: unknown, extra: object = {}) => ({ type: "input", label: pt("Label"), element, ...extra });
const textInput = (extra: object = {}) => ({ type: "plain_text_input", action_id: "t", ...extra });
const select = (extra: object = {}) => ({ type: "static_select", action_id: "s", placeholder: pt("Pick"), options: opts(3), ...extra });

const inMessage = (...blocks: unknown[]) => validateBlocks(blocks, "message");
const modal = (blocks: unknown[], extra: object = {}) => ({ type: "modal", title: pt("Title"), submit: pt("Save"), blocks, ...extra });
const inModal = (blocks: unknown[], extra: object = {}) => validateView(modal(blocks, extra));
/** The first element of the first block, as a message actions block or a modal input block puts it. */
const inActions = (element: unknown) => inMessage(actions(element));
const inInput = (element: unknown) => inModal([input(element)]);

const realisticMessage = [
  { type: "header", block_id: "head", text: pt(":rotating_light: ESC-42 · Critical") },
  {
    type: "section",
    block_id: "facts",
    fields: [md("*Customer*\nAcme Corp"), md("*Tier*\nEnterprise"), md("*Owner*\n<@U123>"), pt("Due in 2h")],
    accessory: button({ text: pt("Open ticket"), url: "https://example.com/t/42", action_id: "open" }),
  },
  { type: "context", elements: [md("Raised by <@U9> in <#C1>"), { type: "image", image_url: "https://example.com/i.png", alt_text: "icon" }] },
  { type: "divider" },
  {
    type: "actions",
    block_id: "work",
    elements: [
      button({ action_id: "ack", text: pt("Acknowledge"), style: "primary", value: "ESC-42" }),
      button({
        action_id: "resolve",
        text: pt("Resolve"),
        style: "danger",
        confirm: { title: pt("Resolve?"), text: md("This closes *ESC-42*."), confirm: pt("Resolve"), deny: pt("Cancel"), style: "danger" },
      }),
      select({ action_id: "severity", options: [opt("sev1", "Critical"), opt("sev2", "High")], initial_option: opt("sev1", "Critical") }),
      { type: "overflow", action_id: "more", options: [opt("snooze"), opt("reassign"), { ...opt("docs"), url: "https://example.com/runbook" }] },
    ],
  },
];

const realisticModal = modal(
  [
    input(textInput({ action_id: "summary", multiline: true, min_length: 10, max_length: 3000, placeholder: pt("What happened?") }), {
      block_id: "summary",
      hint: pt("Be specific"),
    }),
    input(select({ action_id: "tier", option_groups: [{ label: pt("Paid"), options: [opt("ent", "Enterprise"), opt("pro", "Pro")] }], options: undefined }), {
      block_id: "tier",
    }),
    input({ type: "radio_buttons", action_id: "sev", options: [{ text: md("*Critical*"), value: "1", description: pt("Down") }, opt("2")] }, { block_id: "sev" }),
    input({ type: "checkboxes", action_id: "flags", options: [opt("vip"), opt("sla")], initial_options: [opt("vip")] }, { block_id: "flags", optional: true }),
    input({ type: "number_input", action_id: "users", is_decimal_allowed: false, min_value: "1", max_value: "100000", initial_value: "5" }, { block_id: "users" }),
    input({ type: "email_text_input", action_id: "email", placeholder: pt("name@example.com") }, { block_id: "email" }),
    input({ type: "url_text_input", action_id: "url" }, { block_id: "url", optional: true }),
    input({ type: "datepicker", action_id: "due", initial_date: "2024-05-01" }, { block_id: "due" }),
    input({ type: "users_select", action_id: "owner", initial_user: "U1" }, { block_id: "owner" }),
    input({ type: "conversations_select", action_id: "conv", default_to_current_conversation: true, filter: { include: ["public"] } }, { block_id: "conv" }),
    { type: "context", elements: [md("The playbook decides the rest.")] },
  ],
  { callback_id: "escalate", private_metadata: JSON.stringify({ channel: "C1" }), close: pt("Cancel") },
);

describe("validateBlocks / validateView accept valid Block Kit", () => {
  const validMessages: [string, unknown[]][] = [
    ["a realistic escalation message", realisticMessage],
    ["section with text only", [section()]],
    ["section with an image accessory", [{ ...section(), accessory: { type: "image", image_url: "https://e.com/a.png", alt_text: "a" } }]],
    ["header", [{ type: "header", text: pt("Title"), block_id: "h" }]],
    ["context with text and image", [{ type: "context", elements: [pt("a"), md("b"), { type: "image", slack_file: { id: "F1" }, alt_text: "c" }] }]],
    ["divider", [{ type: "divider" }]],
    ["image block", [{ type: "image", image_url: "https://e.com/a.png", alt_text: "cat", title: pt("Cat") }]],
    ["image block from a Slack file", [{ type: "image", slack_file: { url: "https://files.slack.com/x" }, alt_text: "cat" }]],
    ["actions with every message element", [actions(
      button(),
      { type: "checkboxes", action_id: "c", options: [{ text: md("*a*"), value: "a" }] },
      { type: "radio_buttons", action_id: "r", options: opts(2) },
      { type: "datepicker", action_id: "d" },
      { type: "timepicker", action_id: "t", initial_time: "09:30", timezone: "Europe/Paris" },
      { type: "datetimepicker", action_id: "dt", initial_date_time: 1_700_000_000 },
      { type: "users_select", action_id: "u" },
      { type: "multi_users_select", action_id: "mu", max_selected_items: 3 },
      { type: "channels_select", action_id: "ch", response_url_enabled: true },
      { type: "external_select", action_id: "ex", min_query_length: 2 },
      { type: "multi_static_select", action_id: "ms", options: opts(2) },
    )]],
    ["input with dispatch_action in a message", [input(textInput({ dispatch_action_config: { trigger_actions_on: ["on_enter_pressed"] } }), { dispatch_action: true })]],
    ["rich_text", [{ type: "rich_text", elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "hi" }] }] }]],
    ["file", [{ type: "file", external_id: "ABCD1", source: "remote" }]],
    ["video", [{ type: "video", title: pt("Demo"), video_url: "https://e.com/v", thumbnail_url: "https://e.com/t.png", alt_text: "demo" }]],
    ["markdown", [{ type: "markdown", text: "**bold** _it_" }]],
    ["a block with a key we do not know", [{ ...section(), some_future_field: true }]],
    ["no blocks at all", []],
  ];
  it.each(validMessages)("message: %s", (_name, blocks) => {
    expect(validateBlocks(blocks, "message")).toEqual([]);
  });

  it("a realistic modal with every input element", () => {
    expect(validateView(realisticModal)).toEqual([]);
  });

  const validViews: [string, unknown][] = [
    ["a modal without inputs needs no submit", { type: "modal", title: pt("Info"), blocks: [section()] }],
    ["a home tab", { type: "home", blocks: [{ type: "header", text: pt("Home") }, actions(button())], private_metadata: "x" }],
    ["a modal with every other input element", modal([
      input({ type: "timepicker", action_id: "a" }),
      input({ type: "datetimepicker", action_id: "a" }, { block_id: "dt" }),
      input({ type: "multi_static_select", action_id: "a", options: opts(3), max_selected_items: 2 }, { block_id: "ms" }),
      input({ type: "multi_conversations_select", action_id: "a" }, { block_id: "mc" }),
      input({ type: "channels_select", action_id: "a" }, { block_id: "ch" }),
      input({ type: "multi_channels_select", action_id: "a" }, { block_id: "mch" }),
      input({ type: "external_select", action_id: "a" }, { block_id: "ex" }),
      input({ type: "rich_text_input", action_id: "a" }, { block_id: "rt" }),
      input({ type: "file_input", action_id: "a", max_files: 10, filetypes: ["png"] }, { block_id: "f" }),
      input({ type: "number_input", action_id: "a", is_decimal_allowed: true, min_value: "0.5", max_value: "9.5" }, { block_id: "n" }),
    ])],
  ];
  it.each(validViews)("view: %s", (_name, view) => {
    expect(validateView(view)).toEqual([]);
  });
});

describe("exactly at each limit passes", () => {
  const confirm = { title: pt(x(100)), text: pt(x(300)), confirm: pt(x(30)), deny: pt(x(30)) };
  const atLimit: [string, () => string[]][] = [
    ["50 message blocks", () => validateBlocks(Array.from({ length: 50 }, () => ({ type: "divider" })), "message")],
    ["100 modal blocks", () => inModal(Array.from({ length: 100 }, () => ({ type: "divider" })))],
    ["100 home blocks", () => validateView({ type: "home", blocks: Array.from({ length: 100 }, () => ({ type: "divider" })) })],
    ["block_id of 255", () => inMessage({ ...section(), block_id: x(255) })],
    ["section text of 3000", () => inMessage(section(x(3000)))],
    ["10 fields of 2000", () => inMessage({ type: "section", fields: Array.from({ length: 10 }, () => md(x(2000))) })],
    ["header of 150", () => inMessage({ type: "header", text: pt(x(150)) })],
    ["context of 10 elements", () => inMessage({ type: "context", elements: Array.from({ length: 10 }, () => md("a")) })],
    ["actions of 25 elements", () => inMessage(actions(...Array.from({ length: 25 }, (_, i) => button({ action_id: `b${i}` }))))],
    ["image url 3000 and alt_text 2000", () => inMessage({ type: "image", image_url: x(3000), alt_text: x(2000), title: pt(x(2000)) })],
    ["button text 75, value 2000, url 3000, action_id 255", () => inActions(button({ text: pt(x(75)), value: x(2000), url: x(3000), action_id: x(255) }))],
    ["confirm title 100, text 300, buttons 30", () => inActions(button({ confirm }))],
    ["label 2000 and hint 2000", () => inModal([input(textInput(), { label: pt(x(2000)), hint: pt(x(2000)) })])],
    ["placeholder 150", () => inInput(textInput({ placeholder: pt(x(150)) }))],
    ["100 options", () => inInput(select({ options: opts(100) }))],
    ["option text 75, value 150, description 75", () => inInput(select({ options: [{ text: pt(x(75)), value: x(150), description: pt(x(75)) }] }))],
    ["100 option groups of 100", () => inInput(select({ options: undefined, option_groups: Array.from({ length: 100 }, () => ({ label: pt(x(75)), options: opts(100) })) }))],
    ["overflow with 2 options", () => inActions({ type: "overflow", options: opts(2) })],
    ["overflow with 5 options", () => inActions({ type: "overflow", options: opts(5) })],
    ["10 radio buttons", () => inInput({ type: "radio_buttons", options: opts(10) })],
    ["10 checkboxes", () => inInput({ type: "checkboxes", options: opts(10) })],
    ["min_length and max_length of 3000", () => inInput(textInput({ min_length: 3000, max_length: 3000, initial_value: x(3000) }))],
    ["number initial_value at its bounds", () => inInput({ type: "number_input", is_decimal_allowed: false, min_value: "1", max_value: "5", initial_value: "5" })],
    ["modal title, submit and close of 24", () => inModal([], { title: pt(x(24)), submit: pt(x(24)), close: pt(x(24)) })],
    ["private_metadata 3000, callback_id 255, external_id 255", () => inModal([], { private_metadata: x(3000), callback_id: x(255), external_id: x(255) })],
    ["markdown of 12000", () => inMessage({ type: "markdown", text: x(12_000) })],
  ];
  it.each(atLimit)("%s", (_name, check) => {
    expect(check()).toEqual([]);
  });
});

describe("each rule is refused with Slack's message and json-pointer", () => {
  const tooLong = (max: number, pointer: string) => err(`must be less than ${max + 1} characters`, pointer);
  const enumValue = (pointer: string) => err("must be a valid enum value", pointer);
  const refused: [string, () => string[], string][] = [
    // blocks
    ["blocks that are not an array", () => validateBlocks({}, "message"), err("must provide an array", "/blocks")],
    ["a block that is not an object", () => inMessage("divider"), err("must provide an object", "/blocks/0")],
    ["a block without a type", () => inMessage({ text: md("a") }), err("missing required field: type", "/blocks/0")],
    ["51 message blocks", () => validateBlocks(Array.from({ length: 51 }, () => ({ type: "divider" })), "message"), err("no more than 50 items allowed", "/blocks")],
    ["101 modal blocks", () => inModal(Array.from({ length: 101 }, () => ({ type: "divider" }))), err("no more than 100 items allowed", "/view/blocks")],
    ["a duplicate block_id", () => inMessage({ ...section(), block_id: "a" }, { type: "divider", block_id: "a" }), err("duplicate block_id: a", "/blocks/1/block_id")],
    ["a block_id of 256", () => inMessage({ ...section(), block_id: x(256) }), tooLong(255, "/blocks/0/block_id")],
    ["an unknown block type", () => inMessage({ type: "banner" }), err("unsupported type: banner", "/blocks/0/type")],
    ["a markdown block in a modal", () => inModal([{ type: "markdown", text: "a" }]), err("unsupported type: markdown", "/view/blocks/0/type")],
    ["a file block on a home tab", () => validateView({ type: "home", blocks: [{ type: "file", external_id: "a", source: "remote" }] }), err("unsupported type: file", "/view/blocks/0/type")],
    ["a property of another block type", () => inMessage({ ...section(), elements: [] }), err("invalid additional property: elements", "/blocks/0")],
    ["text on a divider", () => inMessage({ type: "divider", text: md("a") }), err("invalid additional property: text", "/blocks/0")],
    // text objects
    ["empty text", () => inMessage(section("")), err("must be more than 0 characters", "/blocks/0/text/text")],
    ["a text object of an unknown type", () => inMessage({ type: "section", text: { type: "markdown", text: "a" } }), enumValue("/blocks/0/text/type")],
    ["a text object without text", () => inMessage({ type: "section", text: { type: "mrkdwn" } }), err("missing required field: text", "/blocks/0/text")],
    ["text given as a string", () => inMessage({ type: "section", text: "hello" }), err("must provide an object", "/blocks/0/text")],
    // section
    ["section text of 3001", () => inMessage(section(x(3001))), tooLong(3000, "/blocks/0/text/text")],
    ["a section with neither text nor fields", () => inMessage({ type: "section" }), err("missing required field: text", "/blocks/0")],
    ["11 fields", () => inMessage({ type: "section", fields: Array.from({ length: 11 }, () => md("a")) }), err("no more than 10 items allowed", "/blocks/0/fields")],
    ["a field of 2001", () => inMessage({ type: "section", fields: [md(x(2001))] }), tooLong(2000, "/blocks/0/fields/0/text")],
    ["a text input as accessory", () => inMessage({ ...section(), accessory: textInput() }), err("unsupported type: plain_text_input", "/blocks/0/accessory/type")],
    // header
    ["a mrkdwn header", () => inMessage({ type: "header", text: md("*Hi*") }), enumValue("/blocks/0/text/type")],
    ["a header of 151", () => inMessage({ type: "header", text: pt(x(151)) }), tooLong(150, "/blocks/0/text/text")],
    // context
    ["a context of 11 elements", () => inMessage({ type: "context", elements: Array.from({ length: 11 }, () => md("a")) }), err("no more than 10 items allowed", "/blocks/0/elements")],
    ["a button in a context", () => inMessage({ type: "context", elements: [button()] }), err("unsupported type: button", "/blocks/0/elements/0/type")],
    // actions
    ["an actions block of 26 elements", () => inMessage(actions(...Array.from({ length: 26 }, (_, i) => button({ action_id: `b${i}` })))), err("no more than 25 items allowed", "/blocks/0/elements")],
    ["an image in an actions block", () => inActions({ type: "image", image_url: "u", alt_text: "a" }), err("unsupported type: image", "/blocks/0/elements/0/type")],
    ["a duplicate action_id in a block", () => inMessage(actions(button({ action_id: "a" }), button({ action_id: "a" }))), err("duplicate action_id: a", "/blocks/0/elements/1/action_id")],
    // image
    ["an image without alt_text", () => inMessage({ type: "image", image_url: "https://e.com/a.png" }), err("missing required field: alt_text", "/blocks/0")],
    ["an image without a source", () => inMessage({ type: "image", alt_text: "a" }), err("missing required field: image_url", "/blocks/0")],
    ["an image_url of 3001", () => inMessage({ type: "image", image_url: x(3001), alt_text: "a" }), tooLong(3000, "/blocks/0/image_url")],
    ["alt_text of 2001", () => inMessage({ type: "image", image_url: "u", alt_text: x(2001) }), tooLong(2000, "/blocks/0/alt_text")],
    // input
    ["an input without a label", () => inModal([{ type: "input", element: textInput() }]), err("missing required field: label", "/view/blocks/0")],
    ["a mrkdwn label", () => inModal([input(textInput(), { label: md("a") })]), enumValue("/view/blocks/0/label/type")],
    ["a label of 2001", () => inModal([input(textInput(), { label: pt(x(2001)) })]), tooLong(2000, "/view/blocks/0/label/text")],
    ["a hint of 2001", () => inModal([input(textInput(), { hint: pt(x(2001)) })]), tooLong(2000, "/view/blocks/0/hint/text")],
    ["an input without an element", () => inModal([{ type: "input", label: pt("a") }]), err("missing required field: element", "/view/blocks/0")],
    ["a button in an input", () => inInput(button()), err("unsupported type: button", "/view/blocks/0/element/type")],
    ["a file input dispatching actions", () => inModal([input({ type: "file_input" }, { dispatch_action: true })]), err("unsupported type: file_input", "/view/blocks/0/element/type")],
    // buttons and confirm dialogs
    ["button text of 76", () => inActions(button({ text: pt(x(76)) })), tooLong(75, "/blocks/0/elements/0/text/text")],
    ["a mrkdwn button", () => inActions(button({ text: md("*Go*") })), enumValue("/blocks/0/elements/0/text/type")],
    ["button style green", () => inActions(button({ style: "green" })), enumValue("/blocks/0/elements/0/style")],
    ["button value of 2001", () => inActions(button({ value: x(2001) })), tooLong(2000, "/blocks/0/elements/0/value")],
    ["button url of 3001", () => inActions(button({ url: x(3001) })), tooLong(3000, "/blocks/0/elements/0/url")],
    ["action_id of 256", () => inActions(button({ action_id: x(256) })), tooLong(255, "/blocks/0/elements/0/action_id")],
    ["confirm title of 101", () => inActions(button({ confirm: { title: pt(x(101)), text: pt("a") } })), tooLong(100, "/blocks/0/elements/0/confirm/title/text")],
    ["confirm text of 301", () => inActions(button({ confirm: { text: md(x(301)) } })), tooLong(300, "/blocks/0/elements/0/confirm/text/text")],
    ["confirm button of 31", () => inActions(button({ confirm: { text: pt("a"), confirm: pt(x(31)) } })), tooLong(30, "/blocks/0/elements/0/confirm/confirm/text")],
    ["deny button of 31", () => inActions(button({ confirm: { text: pt("a"), deny: pt(x(31)) } })), tooLong(30, "/blocks/0/elements/0/confirm/deny/text")],
    // menus and options
    ["a placeholder of 151", () => inInput(textInput({ placeholder: pt(x(151)) })), tooLong(150, "/view/blocks/0/element/placeholder/text")],
    ["a select of 101 options", () => inInput(select({ options: opts(101) })), err("no more than 100 items allowed", "/view/blocks/0/element/options")],
    ["a select without options", () => inInput(select({ options: undefined })), err("missing required field: options", "/view/blocks/0/element")],
    ["an option group of 101 options", () => inInput(select({ options: undefined, option_groups: [{ label: pt("g"), options: opts(101) }] })), err("no more than 100 items allowed", "/view/blocks/0/element/option_groups/0/options")],
    ["option text of 76", () => inInput(select({ options: [opt("a", x(76))] })), tooLong(75, "/view/blocks/0/element/options/0/text/text")],
    ["option value of 151", () => inInput(select({ options: [opt(x(151), "a")] })), tooLong(150, "/view/blocks/0/element/options/0/value")],
    ["option description of 76", () => inInput(select({ options: [{ ...opt("a"), description: pt(x(76)) }] })), tooLong(75, "/view/blocks/0/element/options/0/description/text")],
    ["a mrkdwn option in a select", () => inInput(select({ options: [{ text: md("*a*"), value: "a" }] })), enumValue("/view/blocks/0/element/options/0/text/type")],
    ["a null initial_option", () => inInput(select({ initial_option: null })), err("must provide an object", "/view/blocks/0/element/initial_option")],
    ["an overflow of 1 option", () => inActions({ type: "overflow", options: opts(1) }), err("must provide at least 2 items", "/blocks/0/elements/0/options")],
    ["an overflow of 6 options", () => inActions({ type: "overflow", options: opts(6) }), err("no more than 5 items allowed", "/blocks/0/elements/0/options")],
    ["11 radio buttons", () => inInput({ type: "radio_buttons", options: opts(11) }), err("no more than 10 items allowed", "/view/blocks/0/element/options")],
    ["11 checkboxes", () => inInput({ type: "checkboxes", options: opts(11) }), err("no more than 10 items allowed", "/view/blocks/0/element/options")],
    // text and number inputs, pickers
    ["max_length of 3001", () => inInput(textInput({ max_length: 3001 })), err("must be less than 3001", "/view/blocks/0/element/max_length")],
    ["min_length of 3001", () => inInput(textInput({ min_length: 3001 })), err("must be less than 3001", "/view/blocks/0/element/min_length")],
    ["min_length above max_length", () => inInput(textInput({ min_length: 10, max_length: 5 })), err("must not be greater than max_length", "/view/blocks/0/element/min_length")],
    ["an initial_value longer than max_length", () => inInput(textInput({ max_length: 5, initial_value: x(6) })), tooLong(5, "/view/blocks/0/element/initial_value")],
    ["a number input without is_decimal_allowed", () => inInput({ type: "number_input" }), err("missing required field: is_decimal_allowed", "/view/blocks/0/element")],
    ["a number bound given as a number", () => inInput({ type: "number_input", is_decimal_allowed: false, min_value: 1 }), err("must provide a number as a string", "/view/blocks/0/element/min_value")],
    ["min_value above max_value", () => inInput({ type: "number_input", is_decimal_allowed: false, min_value: "9", max_value: "1" }), err("must not be greater than max_value", "/view/blocks/0/element/min_value")],
    ["a decimal bound where decimals are not allowed", () => inInput({ type: "number_input", is_decimal_allowed: false, max_value: "1.5" }), err("must provide an integer", "/view/blocks/0/element/max_value")],
    ["an initial number outside its bounds", () => inInput({ type: "number_input", is_decimal_allowed: true, min_value: "1", initial_value: "0" }), err("must be within min_value and max_value", "/view/blocks/0/element/initial_value")],
    ["a datepicker initial_date not in YYYY-MM-DD", () => inInput({ type: "datepicker", initial_date: "01/05/2024" }), err("must match the documented format", "/view/blocks/0/element/initial_date")],
    // other blocks
    ["a video without a title", () => inMessage({ type: "video", video_url: "u", thumbnail_url: "t", alt_text: "a" }), err("missing required field: title", "/blocks/0")],
    ["a markdown block of 12001", () => inMessage({ type: "markdown", text: x(12_001) }), tooLong(12_000, "/blocks/0/text")],
    ["a file block without external_id", () => inMessage({ type: "file", source: "remote" }), err("missing required field: external_id", "/blocks/0")],
    // views
    ["a view that is not an object", () => validateView("modal"), err("must provide an object", "/view")],
    ["a view of an unknown type", () => validateView({ type: "sheet", blocks: [] }), enumValue("/view/type")],
    ["a view without blocks", () => validateView({ type: "home" }), err("missing required field: blocks", "/view")],
    ["a view whose blocks are not an array", () => validateView({ type: "home", blocks: {} }), err("must provide an array", "/view/blocks")],
    ["a modal without a title", () => validateView({ type: "modal", blocks: [] }), err("missing required field: title", "/view")],
    ["a modal title of 25", () => inModal([], { title: pt(x(25)) }), tooLong(24, "/view/title/text")],
    ["a mrkdwn modal title", () => inModal([], { title: md("*T*") }), enumValue("/view/title/type")],
    ["a submit of 25", () => inModal([], { submit: pt(x(25)) }), tooLong(24, "/view/submit/text")],
    ["a close of 25", () => inModal([], { close: pt(x(25)) }), tooLong(24, "/view/close/text")],
    ["inputs without submit", () => validateView({ type: "modal", title: pt("T"), blocks: [input(textInput())] }), err("missing required field: submit", "/view")],
    ["private_metadata of 3001", () => inModal([], { private_metadata: x(3001) }), tooLong(3000, "/view/private_metadata")],
    ["callback_id of 256", () => inModal([], { callback_id: x(256) }), tooLong(255, "/view/callback_id")],
    ["external_id of 256", () => inModal([], { external_id: x(256) }), tooLong(255, "/view/external_id")],
  ];
  it.each(refused)("%s", (_name, check, expected) => {
    expect(check()).toEqual([expected]);
  });

  it("reports every problem, not just the first", () => {
    expect(inMessage(section(""), { type: "header", text: md("a") })).toEqual([
      err("must be more than 0 characters", "/blocks/0/text/text"),
      enumValue("/blocks/1/text/type"),
    ]);
  });
});

describe("validateMessageArgs", () => {
  const cases: [string, Parameters<typeof validateMessageArgs>[0], ReturnType<typeof validateMessageArgs>][] = [
    ["text alone", { text: "hi" }, undefined],
    ["text of exactly 40,000", { text: x(40_000) }, undefined],
    ["text of 40,001", { text: x(40_001) }, { error: "msg_too_long", messages: [] }],
    ["nothing at all", {}, { error: "no_text", messages: [] }],
    ["empty text, blocks and attachments", { text: "", blocks: [], attachments: [] }, { error: "no_text", messages: [] }],
    ["blocks without text", { blocks: [section()] }, undefined],
    ["blocks as form-encoded JSON", { blocks: JSON.stringify([section()]) }, undefined],
    ["attachments without text", { attachments: [{ text: "a", color: "#f00" }] }, undefined],
    ["invalid blocks", { text: "a", blocks: [section(x(3001))] }, { error: "invalid_blocks", messages: [err("must be less than 3001 characters", "/blocks/0/text/text")] }],
    ["invalid blocks as JSON", { text: "a", blocks: JSON.stringify([{ type: "header", text: md("a") }]) }, { error: "invalid_blocks", messages: [err("must be a valid enum value", "/blocks/0/text/type")] }],
    ["blocks that are not JSON", { text: "a", blocks: "[{" }, { error: "invalid_blocks", messages: [err("must provide an array", "/blocks")] }],
    ["101 attachments", { attachments: Array.from({ length: 101 }, () => ({ text: "a" })) }, { error: "invalid_attachments", messages: [err("no more than 100 items allowed", "/attachments")] }],
    ["attachments that are not an array", { attachments: { text: "a" } }, { error: "invalid_attachments", messages: [err("must provide an array", "/attachments")] }],
    ["invalid blocks inside an attachment", { attachments: [{ blocks: [section("")] }] }, { error: "invalid_attachments", messages: [err("must be more than 0 characters", "/attachments/0/blocks/0/text/text")] }],
  ];
  it.each(cases)("%s", (_name, args, expected) => {
    expect(validateMessageArgs(args)).toEqual(expected);
  });
});
