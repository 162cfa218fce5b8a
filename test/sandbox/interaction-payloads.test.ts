import { describe, expect, it } from "vitest";
import { type RawInputs, actionIdOf, blockIdOf, buildAction, buildViewState } from "../../src/sandbox/interaction-payloads.js";

const pt = (text: string) => ({ type: "plain_text", text });
const md = (text: string) => ({ type: "mrkdwn", text });
const opt = (value: string, text = value) => ({ text: pt(text), value });
const input = (blockId: string, element: object, extra: object = {}) => ({
  type: "input",
  block_id: blockId,
  label: pt(blockId),
  element: { action_id: blockId, ...element },
  ...extra,
});
const optional = { optional: true };

const tiers = { type: "static_select", placeholder: pt("Tier"), options: [opt("free", "Free")], option_groups: [{ label: pt("Paid"), options: [opt("pro", "Pro"), opt("ent", "Enterprise")] }] };
const severities = { type: "radio_buttons", options: [{ text: md("*Critical*"), value: "sev1", description: pt("Everything is down") }, opt("sev2", "High")] };
const flags = { type: "checkboxes", options: [opt("vip", "VIP"), opt("sla", "SLA breach"), opt("legal", "Legal")] };
const tags = { type: "multi_static_select", options: [opt("ios"), opt("android"), opt("web")], max_selected_items: 2 };

/** A modal holding one input of every kind, plus blocks that hold no input. */
const modalBlocks = [
  input("summary", { type: "plain_text_input", multiline: true, min_length: 5, max_length: 20, initial_value: "prefilled" }),
  input("notes", { type: "plain_text_input" }, optional),
  input("tier", tiers),
  input("severity", severities),
  input("flags", flags, optional),
  input("users", { type: "number_input", is_decimal_allowed: false, min_value: "1", max_value: "10" }),
  input("amount", { type: "number_input", is_decimal_allowed: true }, optional),
  input("email", { type: "email_text_input" }),
  input("site", { type: "url_text_input" }, optional),
  input("due", { type: "datepicker", initial_date: "2024-01-01" }, optional),
  input("at", { type: "timepicker" }, optional),
  input("when", { type: "datetimepicker" }, optional),
  input("owner", { type: "users_select" }, optional),
  input("watchers", { type: "multi_users_select", max_selected_items: 2 }, optional),
  input("conv", { type: "conversations_select" }, optional),
  input("convs", { type: "multi_conversations_select" }, optional),
  input("chan", { type: "channels_select" }, optional),
  input("chans", { type: "multi_channels_select" }, optional),
  input("tags", tags, optional),
  { type: "section", text: md("Not an input") },
  { type: "input", label: pt("No ids"), element: { type: "plain_text_input" }, optional: true },
];
const modal = { blocks: modalBlocks };

const filled: RawInputs = {
  summary: { summary: "Uploads fail" },
  notes: { notes: "seen on iOS" },
  tier: { tier: "ent" },
  severity: { severity: "sev1" },
  flags: { flags: ["vip", "legal"] },
  users: { users: "7" },
  amount: { amount: "12.5" },
  email: { email: "ops@acme.com" },
  site: { site: "https://acme.com/status" },
  due: { due: "2024-05-31" },
  at: { at: "09:30" },
  when: { when: "1717146000" },
  owner: { owner: "U1" },
  watchers: { watchers: ["U2", "U3"] },
  conv: { conv: "C1" },
  convs: { convs: ["C1", "D2"] },
  chan: { chan: "C9" },
  chans: { chans: ["C8"] },
  tags: { tags: ["ios", "web"] },
  b20: { a0: "generated ids" },
};

describe("blockIdOf / actionIdOf", () => {
  it.each([
    [{ block_id: "summary" }, 3, "summary"],
    [{ type: "divider" }, 3, "b3"],
    [{ block_id: "" }, 0, "b0"],
    ["not a block", 7, "b7"],
  ])("blockIdOf(%j, %i) is %s", (block, index, expected) => {
    expect(blockIdOf(block, index)).toBe(expected);
  });

  it.each([
    [{ action_id: "go" }, 1, "go"],
    [{ type: "button" }, 2, "a2"],
  ])("actionIdOf(%j, %i) is %s", (element, index, expected) => {
    expect(actionIdOf(element, index)).toBe(expected);
  });
});

describe("buildViewState", () => {
  it("reports every element type as Slack shapes view.state.values", () => {
    const { values, errors } = buildViewState(modal, filled);
    expect(errors).toEqual({});
    expect(values).toEqual({
      summary: { summary: { type: "plain_text_input", value: "Uploads fail" } },
      notes: { notes: { type: "plain_text_input", value: "seen on iOS" } },
      tier: { tier: { type: "static_select", selected_option: opt("ent", "Enterprise") } },
      severity: { severity: { type: "radio_buttons", selected_option: { text: md("*Critical*"), value: "sev1", description: pt("Everything is down") } } },
      flags: { flags: { type: "checkboxes", selected_options: [opt("vip", "VIP"), opt("legal", "Legal")] } },
      users: { users: { type: "number_input", value: "7" } },
      amount: { amount: { type: "number_input", value: "12.5" } },
      email: { email: { type: "email_text_input", value: "ops@acme.com" } },
      site: { site: { type: "url_text_input", value: "https://acme.com/status" } },
      due: { due: { type: "datepicker", selected_date: "2024-05-31" } },
      at: { at: { type: "timepicker", selected_time: "09:30" } },
      when: { when: { type: "datetimepicker", selected_date_time: 1717146000 } },
      owner: { owner: { type: "users_select", selected_user: "U1" } },
      watchers: { watchers: { type: "multi_users_select", selected_users: ["U2", "U3"] } },
      conv: { conv: { type: "conversations_select", selected_conversation: "C1" } },
      convs: { convs: { type: "multi_conversations_select", selected_conversations: ["C1", "D2"] } },
      chan: { chan: { type: "channels_select", selected_channel: "C9" } },
      chans: { chans: { type: "multi_channels_select", selected_channels: ["C8"] } },
      tags: { tags: { type: "multi_static_select", selected_options: [opt("ios"), opt("web")] } },
      b20: { a0: { type: "plain_text_input", value: "generated ids" } },
    });
  });

  it("reports omitted inputs as empty, whatever their initial values, and refuses the required ones", () => {
    const { values, errors } = buildViewState(modal, {});
    expect(values).toEqual({
      summary: { summary: { type: "plain_text_input", value: null } },
      notes: { notes: { type: "plain_text_input", value: null } },
      tier: { tier: { type: "static_select", selected_option: null } },
      severity: { severity: { type: "radio_buttons", selected_option: null } },
      flags: { flags: { type: "checkboxes", selected_options: [] } },
      users: { users: { type: "number_input", value: null } },
      amount: { amount: { type: "number_input", value: null } },
      email: { email: { type: "email_text_input", value: null } },
      site: { site: { type: "url_text_input", value: null } },
      due: { due: { type: "datepicker", selected_date: null } },
      at: { at: { type: "timepicker", selected_time: null } },
      when: { when: { type: "datetimepicker", selected_date_time: null } },
      owner: { owner: { type: "users_select", selected_user: null } },
      watchers: { watchers: { type: "multi_users_select", selected_users: [] } },
      conv: { conv: { type: "conversations_select", selected_conversation: null } },
      convs: { convs: { type: "multi_conversations_select", selected_conversations: [] } },
      chan: { chan: { type: "channels_select", selected_channel: null } },
      chans: { chans: { type: "multi_channels_select", selected_channels: [] } },
      tags: { tags: { type: "multi_static_select", selected_options: [] } },
      b20: { a0: { type: "plain_text_input", value: null } },
    });
    const required = "Please fill out this field.";
    expect(errors).toEqual({ summary: required, tier: required, severity: required, users: required, email: required });
  });

  it("treats empty strings and empty lists as empty", () => {
    const { values, errors } = buildViewState({ blocks: [input("a", { type: "plain_text_input" }), input("b", flags)] }, { a: { a: "" }, b: { b: [] } });
    expect(values).toEqual({ a: { a: { type: "plain_text_input", value: null } }, b: { b: { type: "checkboxes", selected_options: [] } } });
    expect(Object.keys(errors)).toEqual(["a", "b"]);
  });

  const refusals: [string, object, string | string[] | null, string][] = [
    ["text shorter than min_length", { type: "plain_text_input", min_length: 5 }, "abc", "Please enter at least 5 characters."],
    ["text longer than max_length", { type: "plain_text_input", max_length: 5 }, "abcdef", "Please enter no more than 5 characters."],
    ["text longer than 3000 without max_length", { type: "plain_text_input" }, "x".repeat(3001), "Please enter no more than 3000 characters."],
    ["a number that is not a number", { type: "number_input", is_decimal_allowed: true }, "12abc", "Please enter a number."],
    ["a decimal where only whole numbers go", { type: "number_input", is_decimal_allowed: false }, "1.5", "Please enter a whole number."],
    ["a number below min_value", { type: "number_input", is_decimal_allowed: false, min_value: "1" }, "0", "Please enter a number no less than 1."],
    ["a number above max_value", { type: "number_input", is_decimal_allowed: true, max_value: "9.5" }, "10", "Please enter a number no greater than 9.5."],
    ["an invalid email", { type: "email_text_input" }, "ops@acme", "Please enter a valid email address."],
    ["an invalid URL", { type: "url_text_input" }, "not a url", "Please enter a valid URL."],
    ["a URL of another scheme", { type: "url_text_input" }, "ftp://acme.com", "Please enter a valid URL."],
    ["an impossible date", { type: "datepicker" }, "2024-02-31", "Please enter a valid date."],
    ["an impossible time", { type: "timepicker" }, "25:00", "Please enter a valid time."],
    ["an unknown select value", tiers, "gold", "Not one of the options: gold."],
    ["an unknown radio value", severities, "sev9", "Not one of the options: sev9."],
    ["unknown checkbox values", flags, ["vip", "x", "y"], "Not one of the options: x, y."],
    ["more selections than max_selected_items", tags, ["ios", "android", "web"], "Please select no more than 2 items."],
    ["more users than max_selected_items", { type: "multi_users_select", max_selected_items: 1 }, ["U1", "U2"], "Please select no more than 1 items."],
  ];
  it.each(refusals)("refuses %s, even in an optional input", (_name, element, raw, expected) => {
    const { errors } = buildViewState({ blocks: [input("f", element, optional)] }, { f: { f: raw } });
    expect(errors).toEqual({ f: expected });
  });

  const accepted: [string, object, string | string[]][] = [
    ["text exactly at min_length and max_length", { type: "plain_text_input", min_length: 3, max_length: 3 }, "abc"],
    ["a negative decimal", { type: "number_input", is_decimal_allowed: true, min_value: "-5" }, "-2.5"],
    ["a number at its bounds", { type: "number_input", is_decimal_allowed: false, min_value: "1", max_value: "3" }, "3"],
    ["a URL without a scheme", { type: "url_text_input" }, "acme.com/status"],
    ["a local URL", { type: "url_text_input" }, "http://localhost:3000/x"],
    ["a leap day", { type: "datepicker" }, "2024-02-29"],
  ];
  it.each(accepted)("accepts %s", (_name, element, raw) => {
    expect(buildViewState({ blocks: [input("f", element)] }, { f: { f: raw } }).errors).toEqual({});
  });

  it("drops values that are not among the options and keeps the others", () => {
    const { values } = buildViewState({ blocks: [input("tier", tiers, optional), input("flags", flags, optional)] }, { tier: { tier: "gold" }, flags: { flags: ["vip", "x"] } });
    expect(values).toEqual({
      tier: { tier: { type: "static_select", selected_option: null } },
      flags: { flags: { type: "checkboxes", selected_options: [opt("vip", "VIP")] } },
    });
  });

  it("reports stateful elements outside input blocks only once the browser sends them", () => {
    const blocks = [
      { type: "actions", elements: [{ type: "button", text: pt("Go"), action_id: "go" }, { ...tiers, action_id: "pick" }] },
      { type: "section", text: md("When?"), accessory: { type: "datepicker", action_id: "day" } },
    ];
    expect(buildViewState({ blocks }, {})).toEqual({ values: {}, errors: {} });
    expect(buildViewState({ blocks }, { b0: { pick: "pro", go: "x" }, b1: { day: "2024-05-01" } })).toEqual({
      values: {
        b0: { pick: { type: "static_select", selected_option: opt("pro", "Pro") } },
        b1: { day: { type: "datepicker", selected_date: "2024-05-01" } },
      },
      errors: {},
    });
  });

  it("ignores raw inputs for blocks and actions the view does not have", () => {
    expect(buildViewState({ blocks: [input("a", { type: "plain_text_input" })] }, { a: { a: "x", other: "y" }, ghost: { g: "z" } })).toEqual({
      values: { a: { a: { type: "plain_text_input", value: "x" } } },
      errors: {},
    });
  });
});

describe("buildAction", () => {
  const TS = "1717146000.123456";
  const button = { type: "button", action_id: "ack", text: pt("Acknowledge"), value: "ESC-1", style: "primary" };
  const messageBlocks = [
    { type: "section", block_id: "head", text: md("ESC-1"), accessory: { type: "overflow", action_id: "more", options: [opt("snooze", "Snooze"), opt("docs", "Runbook")] } },
    { type: "divider" },
    {
      type: "actions",
      elements: [
        button,
        { type: "button", text: pt("Plain") },
        { ...tiers, action_id: "tier" },
        { type: "datepicker", action_id: "due", placeholder: pt("Due") },
        { type: "timepicker", action_id: "at" },
        { ...flags, action_id: "flags" },
        { ...severities, action_id: "sev" },
        { type: "users_select", action_id: "owner", placeholder: pt("Owner") },
        { type: "multi_users_select", action_id: "watchers" },
        { type: "conversations_select", action_id: "conv" },
        { type: "channels_select", action_id: "chan" },
        { ...tags, action_id: "tags" },
        { type: "workflow_button", action_id: "wf", text: pt("Run"), workflow: {} },
      ],
    },
    input("reply", { type: "plain_text_input" }, { dispatch_action: true }),
    input("quiet", { type: "plain_text_input" }),
  ];
  const base = (type: string, action_id: string, block_id = "b2") => ({ type, action_id, block_id, action_ts: TS });

  const actions: [string, string, string, string | string[] | null, Record<string, unknown>][] = [
    ["a button", "b2", "ack", null, { ...base("button", "ack"), text: pt("Acknowledge"), value: "ESC-1", style: "primary" }],
    ["a button without value or action_id", "b2", "a1", null, { ...base("button", "a1"), text: pt("Plain") }],
    ["a static select (grouped option)", "b2", "tier", "pro", { ...base("static_select", "tier"), selected_option: opt("pro", "Pro"), placeholder: pt("Tier") }],
    ["a static select being cleared", "b2", "tier", null, { ...base("static_select", "tier"), selected_option: null, placeholder: pt("Tier") }],
    ["an overflow menu", "head", "more", "docs", { ...base("overflow", "more", "head"), selected_option: opt("docs", "Runbook") }],
    ["a datepicker", "b2", "due", "2024-05-31", { ...base("datepicker", "due"), selected_date: "2024-05-31", placeholder: pt("Due") }],
    ["a timepicker", "b2", "at", "18:45", { ...base("timepicker", "at"), selected_time: "18:45" }],
    ["checkboxes", "b2", "flags", ["sla", "vip"], { ...base("checkboxes", "flags"), selected_options: [opt("sla", "SLA breach"), opt("vip", "VIP")] }],
    ["checkboxes all unticked", "b2", "flags", [], { ...base("checkboxes", "flags"), selected_options: [] }],
    ["radio buttons", "b2", "sev", "sev2", { ...base("radio_buttons", "sev"), selected_option: opt("sev2", "High") }],
    ["a users select", "b2", "owner", "U7", { ...base("users_select", "owner"), selected_user: "U7", placeholder: pt("Owner") }],
    ["a multi users select", "b2", "watchers", ["U1", "U2"], { ...base("multi_users_select", "watchers"), selected_users: ["U1", "U2"] }],
    ["a conversations select", "b2", "conv", "C1", { ...base("conversations_select", "conv"), selected_conversation: "C1" }],
    ["a channels select", "b2", "chan", "C2", { ...base("channels_select", "chan"), selected_channel: "C2" }],
    ["a multi static select", "b2", "tags", ["web"], { ...base("multi_static_select", "tags"), selected_options: [opt("web")] }],
    ["a text input with dispatch_action", "reply", "reply", "on my way", { ...base("plain_text_input", "reply", "reply"), value: "on my way" }],
  ];
  it.each(actions)("%s", (_name, blockId, actionId, raw, expected) => {
    expect(buildAction(messageBlocks, blockId, actionId, raw, TS)).toEqual(expected);
  });

  const nothing: [string, string, string, string | string[] | null][] = [
    ["an unknown block", "nope", "ack", null],
    ["an unknown action", "b2", "nope", null],
    ["a block addressed by the wrong index", "b1", "ack", null],
    ["a block with an id addressed by its index", "b0", "more", "docs"],
    ["a select value that is not an option", "b2", "tier", "gold"],
    ["a checkbox value that is not an option", "b2", "flags", ["vip", "x"]],
    ["an overflow value that is not an option", "head", "more", "nope"],
    ["an overflow without a value", "head", "more", null],
    ["a workflow button (Slack runs the workflow itself)", "b2", "wf", null],
    ["an input without dispatch_action", "quiet", "quiet", "x"],
    ["a divider", "b1", "a0", null],
  ];
  it.each(nothing)("is undefined for %s", (_name, blockId, actionId, raw) => {
    expect(buildAction(messageBlocks, blockId, actionId, raw, TS)).toBeUndefined();
  });

  it("is undefined when blocks are not an array", () => {
    expect(buildAction(undefined, "b0", "a0", null, TS)).toBeUndefined();
  });
});
