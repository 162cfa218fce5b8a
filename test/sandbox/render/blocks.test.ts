import { describe, expect, it } from "vitest";
import { blockIdOf } from "../../../src/sandbox/block-address.js";
import { renderAttachments, renderBlocks } from "../../../src/sandbox/render/blocks.js";
import { makeContext } from "./make-context.js";

const ctx = makeContext();
const pt = (text: string, emoji?: boolean) => ({ type: "plain_text", text, ...(emoji === undefined ? {} : { emoji }) });
const md = (text: string) => ({ type: "mrkdwn", text });
const opt = (value: string, text = value.toUpperCase()) => ({ text: pt(text), value });
const render = (blocks: unknown, errors?: Record<string, string>) => renderBlocks(blocks, ctx, errors ? { errors } : undefined);

/** The opening tag that contains `marker` (e.g. `data-bk="button"`), so attribute checks stay on one element. */
function tagWith(html: string, marker: string): string {
  const at = html.indexOf(marker);
  if (at < 0) throw new Error(`no ${marker} in ${html}`);
  const start = html.lastIndexOf("<", at);
  return html.slice(start, html.indexOf(">", at) + 1);
}

/** The whole element `<tag …>…</tag>` whose opening tag contains `marker` (no same-name nesting). */
function elementWith(html: string, marker: string): string {
  const open = tagWith(html, marker);
  const name = /^<([a-z]+)/.exec(open)?.[1] ?? "";
  const start = html.indexOf(open);
  const end = html.indexOf(`</${name}>`, start);
  return html.slice(start, end + name.length + 3);
}

describe("block ids", () => {
  it("uses block_id, else b<index of the block in its list>", () => {
    expect(blockIdOf({ block_id: "mine" }, 3)).toBe("mine");
    expect(blockIdOf({ block_id: "" }, 3)).toBe("b3");
    expect(blockIdOf({}, 0)).toBe("b0");
    expect(blockIdOf(null, 7)).toBe("b7");
    const html = render([
      { type: "divider" },
      { type: "actions", block_id: "named", elements: [{ type: "button", text: pt("A") }] },
      { type: "actions", elements: [{ type: "button", text: pt("B") }, { type: "button", action_id: "c", text: pt("C") }] },
    ]);
    expect(html).toContain('<hr class="bk-block bk-divider" data-block-id="b0">');
    expect(html).toContain('data-bk="button" data-action-id="a0" data-block-id="named"');
    expect(html).toContain('data-bk="button" data-action-id="a0" data-block-id="b2"');
    expect(html).toContain('data-bk="button" data-action-id="c" data-block-id="b2"');
  });
});

describe("layout blocks", () => {
  it.each<[string, unknown, string]>([
    ["header", { type: "header", text: pt("Incident :fire: <b>") }, '<div class="bk-block bk-header" data-block-id="b0">Incident 🔥 &lt;b&gt;</div>'],
    ["header without emoji", { type: "header", text: pt(":fire:", false) }, '<div class="bk-block bk-header" data-block-id="b0">:fire:</div>'],
    ["divider", { type: "divider", block_id: "d" }, '<hr class="bk-block bk-divider" data-block-id="d">'],
    [
      "section text",
      { type: "section", text: md("*hi* <@U1>") },
      '<div class="bk-block bk-section" data-block-id="b0"><div class="bk-section-body"><div class="bk-section-text"><b>hi</b> <span class="bk-mention" data-user-id="U1">@Ann</span></div></div></div>',
    ],
    [
      "section plain_text",
      { type: "section", text: pt("*not bold*") },
      '<div class="bk-block bk-section" data-block-id="b0"><div class="bk-section-body"><div class="bk-section-text">*not bold*</div></div></div>',
    ],
    [
      "section fields",
      { type: "section", fields: [md("*A*\n1"), pt("B")] },
      '<div class="bk-block bk-section" data-block-id="b0"><div class="bk-section-body"><div class="bk-fields"><div class="bk-field"><b>A</b><br>1</div><div class="bk-field">B</div></div></div></div>',
    ],
    [
      "context",
      { type: "context", elements: [md("_small_"), pt("plain"), { type: "image", image_url: "https://img.example/a.png", alt_text: "pic" }] },
      '<div class="bk-block bk-context" data-block-id="b0"><span class="bk-context-text"><i>small</i></span><span class="bk-context-text">plain</span><img class="bk-context-image" src="https://img.example/a.png" alt="pic"></div>',
    ],
    [
      "image",
      { type: "image", image_url: "https://img.example/a.png", alt_text: 'a "chart"', title: pt("Chart") },
      '<div class="bk-block bk-image" data-block-id="b0"><div class="bk-image-title">Chart</div><img class="bk-image-img" src="https://img.example/a.png" alt="a &quot;chart&quot;"></div>',
    ],
    [
      "image with an unsafe url shows its alt text",
      { type: "image", image_url: "javascript:alert(1)", alt_text: "<b>alt</b>" },
      '<div class="bk-block bk-image" data-block-id="b0"><span class="bk-image-alt">&lt;b&gt;alt&lt;/b&gt;</span></div>',
    ],
  ])("%s", (_name, block, expected) => {
    expect(render([block])).toBe(expected);
  });

  it("section accessory sits beside the text", () => {
    const html = render([{ type: "section", text: md("x"), accessory: { type: "image", image_url: "https://img.example/a.png", alt_text: "a" } }]);
    expect(html).toContain('</div><div class="bk-accessory"><img class="bk-image-element" src="https://img.example/a.png" alt="a"></div></div>');
  });

  it("rich_text walks sections, lists, quotes and preformatted runs", () => {
    const html = render([
      {
        type: "rich_text",
        block_id: "rt",
        elements: [
          {
            type: "rich_text_section",
            elements: [
              { type: "text", text: "bold", style: { bold: true } },
              { type: "text", text: " it", style: { italic: true } },
              { type: "text", text: " st", style: { strike: true } },
              { type: "text", text: " co", style: { code: true } },
              { type: "text", text: " <b>\nnext" },
              { type: "link", url: "https://x.example", text: "site" },
              { type: "link", url: "javascript:alert(1)", text: "bad" },
              { type: "user", user_id: "U1" },
              { type: "channel", channel_id: "C1" },
              { type: "usergroup", usergroup_id: "S1" },
              { type: "broadcast", range: "channel" },
              { type: "emoji", name: "fire" },
              { type: "emoji", name: "custom_party", unicode: "1f389" },
              { type: "emoji", name: "custom_unknown" },
              { type: "date", timestamp: 1392734382, format: "{date_short}", fallback: "x" },
            ],
          },
          { type: "rich_text_list", style: "bullet", indent: 1, elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "item" }] }] },
          { type: "rich_text_list", style: "ordered", offset: 4, elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "five" }] }] },
          { type: "rich_text_quote", elements: [{ type: "text", text: "quoted" }] },
          { type: "rich_text_preformatted", elements: [{ type: "text", text: "a *b*\n<c>", style: { bold: true } }] },
        ],
      },
    ]);
    expect(html).toMatch(/^<div class="bk-block bk-rich-text" data-block-id="rt"><div class="bk-rt-section">/);
    for (const part of [
      "<b>bold</b>",
      "<i> it</i>",
      "<s> st</s>",
      '<code class="bk-code"> co</code>',
      " &lt;b&gt;<br>next",
      '<a class="bk-link" href="https://x.example" target="_blank" rel="noopener noreferrer">site</a>',
      "bad<span",
      '<span class="bk-mention" data-user-id="U1">@Ann</span>',
      '<a class="bk-channel" href="#" data-channel-id="C1">#general</a>',
      '<span class="bk-mention bk-group">@oncall</span>',
      '<span class="bk-mention bk-special">@channel</span>',
      "🔥🎉:custom_unknown:",
      '<time class="bk-date" datetime="2014-02-18T14:39:42.000Z">Feb 18, 2014</time>',
      '<ul class="bk-rt-list bk-indent-1"><li>item</li></ul>',
      '<ol class="bk-rt-list bk-indent-0" start="5"><li>five</li></ol>',
      '<blockquote class="bk-quote">quoted</blockquote>',
      '<pre class="bk-pre">a *b*\n&lt;c&gt;</pre>',
    ]) {
      expect(html).toContain(part);
    }
    expect(html).not.toContain("javascript:");
  });
});

describe("interactive elements", () => {
  const confirm = { title: pt("Sure?"), text: md("It's *final* &amp; &lt;b&gt;"), confirm: pt("Do it"), deny: pt("Back"), style: "danger" };

  it.each<[string, unknown, string]>([
    [
      "plain button",
      { type: "button", action_id: "ack", text: pt("Acknowledge :eyes:") },
      '<button type="button" class="bk-button" data-bk="button" data-action-id="ack" data-block-id="blk">Acknowledge <img class="bk-emoji" src="/sandbox/assets/emoji/eyes.svg" alt=":eyes:" draggable="false"></button>',
    ],
    [
      "primary button with value and url: a link that opens in a new tab, named by its label",
      { type: "button", action_id: "go", text: pt("Go"), style: "primary", value: 'v"1', url: "https://x.example/a?b&c" },
      '<a class="bk-button bk-link-button bk-primary" href="https://x.example/a?b&amp;c" target="_blank" rel="noopener noreferrer" data-bk="button" data-action-id="go" data-block-id="blk" data-value="v&quot;1" data-url="https://x.example/a?b&amp;c">Go</a>',
    ],
    [
      "danger button with confirm",
      { type: "button", action_id: "del", text: pt("Delete"), style: "danger", confirm },
      `<button type="button" class="bk-button bk-danger" data-bk="button" data-action-id="del" data-block-id="blk" data-confirm='{"title":"Sure?","text":"It&#39;s *final* &amp; &lt;b&gt;","confirm":"Do it","deny":"Back","style":"danger"}'>Delete</button>`,
    ],
    [
      "button with an unsafe url drops the url",
      { type: "button", action_id: "x", text: pt("X"), url: "javascript:alert(1)" },
      '<button type="button" class="bk-button" data-bk="button" data-action-id="x" data-block-id="blk">X</button>',
    ],
    [
      "static_select",
      { type: "static_select", action_id: "sev", placeholder: pt("Severity"), options: [opt("p1"), opt("p2")], initial_option: opt("p2") },
      '<select class="bk-select" data-bk="static_select" data-action-id="sev" data-block-id="blk" name="blk/sev" aria-label="Severity"><option value="">Severity</option><option value="p1">P1</option><option value="p2" selected>P2</option></select>',
    ],
    [
      "static_select with option_groups",
      { type: "static_select", action_id: "g", option_groups: [{ label: pt("First"), options: [opt("a")] }, { label: pt("Second"), options: [opt("b")] }] },
      '<select class="bk-select" data-bk="static_select" data-action-id="g" data-block-id="blk" name="blk/g" aria-label="Select an option"><option value="">Select an option</option><optgroup label="First"><option value="a">A</option></optgroup><optgroup label="Second"><option value="b">B</option></optgroup></select>',
    ],
    [
      "overflow",
      { type: "overflow", action_id: "more", options: [opt("edit", "Edit"), opt("close", "Close")] },
      '<select class="bk-select bk-overflow" data-bk="overflow" data-action-id="more" data-block-id="blk" name="blk/more" aria-label="More actions"><option value="">⋯</option><option value="edit">Edit</option><option value="close">Close</option></select>',
    ],
    [
      "users_select",
      { type: "users_select", action_id: "who", initial_user: "U2" },
      '<select class="bk-select" data-bk="users_select" data-action-id="who" data-block-id="blk" name="blk/who" aria-label="Select a user"><option value="">Select a user</option><option value="U1">Ann</option><option value="U2" selected>Bob &lt;b&gt;</option></select>',
    ],
    [
      "users_select with an initial user missing from the directory",
      { type: "users_select", action_id: "who", initial_user: "U9", placeholder: pt("Assignee") },
      '<select class="bk-select" data-bk="users_select" data-action-id="who" data-block-id="blk" name="blk/who" aria-label="Assignee"><option value="">Assignee</option><option value="U1">Ann</option><option value="U2">Bob &lt;b&gt;</option><option value="U9" selected>U9</option></select>',
    ],
    [
      "conversations_select",
      { type: "conversations_select", action_id: "where", initial_conversation: "C1" },
      '<select class="bk-select" data-bk="conversations_select" data-action-id="where" data-block-id="blk" name="blk/where" aria-label="Select a conversation"><option value="">Select a conversation</option><option value="C1" selected>#general</option><option value="C2">#escalations</option></select>',
    ],
    [
      "channels_select",
      { type: "channels_select", action_id: "ch", initial_channel: "C2" },
      '<select class="bk-select" data-bk="channels_select" data-action-id="ch" data-block-id="blk" name="blk/ch" aria-label="Select a channel"><option value="">Select a channel</option><option value="C1">#general</option><option value="C2" selected>#escalations</option></select>',
    ],
    [
      "datepicker",
      { type: "datepicker", action_id: "day", initial_date: "2024-03-10" },
      '<input type="date" class="bk-datepicker" data-bk="datepicker" data-action-id="day" data-block-id="blk" name="blk/day" aria-label="Pick a date" value="2024-03-10">',
    ],
    [
      "datepicker with a malformed initial date",
      { type: "datepicker", action_id: "day", initial_date: '2024"><script>' },
      '<input type="date" class="bk-datepicker" data-bk="datepicker" data-action-id="day" data-block-id="blk" name="blk/day" aria-label="Pick a date">',
    ],
    [
      "timepicker",
      { type: "timepicker", action_id: "at", initial_time: "09:30" },
      '<input type="time" class="bk-timepicker" data-bk="timepicker" data-action-id="at" data-block-id="blk" name="blk/at" aria-label="Pick a time" value="09:30">',
    ],
    [
      "radio_buttons",
      { type: "radio_buttons", action_id: "r", options: [opt("a"), { text: md("*B*"), value: "b", description: pt("the second") }], initial_option: opt("b") },
      '<div class="bk-radio-buttons" data-bk="radio_buttons" data-action-id="r" data-block-id="blk" role="radiogroup" aria-label="Choose one">' +
        '<label class="bk-option"><input type="radio" name="blk/r" value="a"> <span class="bk-option-text">A</span></label>' +
        '<label class="bk-option"><input type="radio" name="blk/r" value="b" checked> <span class="bk-option-text"><b>B</b></span><span class="bk-option-description">the second</span></label>' +
        "</div>",
    ],
    [
      "checkboxes",
      { type: "checkboxes", action_id: "c", options: [opt("a"), opt("b"), opt("c")], initial_options: [opt("a"), opt("c")] },
      '<div class="bk-checkboxes" data-bk="checkboxes" data-action-id="c" data-block-id="blk" role="group" aria-label="Choose any">' +
        '<label class="bk-option"><input type="checkbox" name="blk/c" value="a" checked> <span class="bk-option-text">A</span></label>' +
        '<label class="bk-option"><input type="checkbox" name="blk/c" value="b"> <span class="bk-option-text">B</span></label>' +
        '<label class="bk-option"><input type="checkbox" name="blk/c" value="c" checked> <span class="bk-option-text">C</span></label>' +
        "</div>",
    ],
    ["unknown element", { type: "workflow_button", text: pt("W") }, '<span class="bk-unsupported">unsupported element: workflow_button</span>'],
  ])("%s in an actions block", (_name, element, expected) => {
    expect(render([{ type: "actions", block_id: "blk", elements: [element] }])).toBe(
      `<div class="bk-block bk-actions" data-block-id="blk">${expected}</div>`,
    );
  });

  it.each<[string, unknown, string]>([
    ["button", { type: "button", action_id: "b", text: pt("B"), value: "1" }, 'data-bk="button" data-action-id="b" data-block-id="s"'],
    ["overflow", { type: "overflow", action_id: "o", options: [opt("x")] }, 'data-bk="overflow" data-action-id="o" data-block-id="s"'],
    ["static_select", { type: "static_select", action_id: "ss", options: [opt("x")] }, 'data-bk="static_select" data-action-id="ss" data-block-id="s"'],
    ["datepicker", { type: "datepicker", action_id: "d" }, 'data-bk="datepicker" data-action-id="d" data-block-id="s"'],
    ["users_select", { type: "users_select", action_id: "u" }, 'data-bk="users_select" data-action-id="u" data-block-id="s"'],
    ["conversations_select", { type: "conversations_select", action_id: "c" }, 'data-bk="conversations_select" data-action-id="c" data-block-id="s"'],
    ["channels_select", { type: "channels_select", action_id: "ch" }, 'data-bk="channels_select" data-action-id="ch" data-block-id="s"'],
    ["radio_buttons", { type: "radio_buttons", action_id: "r", options: [opt("x")] }, 'data-bk="radio_buttons" data-action-id="r" data-block-id="s"'],
    ["checkboxes", { type: "checkboxes", action_id: "cb", options: [opt("x")] }, 'data-bk="checkboxes" data-action-id="cb" data-block-id="s"'],
    ["element without action_id", { type: "button", text: pt("B") }, 'data-bk="button" data-action-id="a0" data-block-id="s"'],
  ])("%s as a section accessory", (_name, accessory, ids) => {
    const html = render([{ type: "section", block_id: "s", text: md("text"), accessory }]);
    expect(html).toMatch(/^<div class="bk-block bk-section" data-block-id="s"><div class="bk-section-body">.*<\/div><div class="bk-accessory">.*<\/div><\/div>$/);
    expect(elementWith(html, 'class="bk-accessory"')).toContain(ids);
  });
});

describe("input blocks", () => {
  const input = (element: unknown, extra: Record<string, unknown> = {}) => ({ type: "input", block_id: "in", label: pt("Label"), element, ...extra });

  it("wraps label, element, hint and error", () => {
    const html = render([input({ type: "plain_text_input", action_id: "v" }, { optional: true, hint: pt("A hint"), dispatch_action: true })], { in: "Must be <short>" });
    expect(html).toBe(
      '<div class="bk-block bk-input-block bk-has-error" data-block-id="in" data-optional="true" data-dispatch-action="true">' +
        '<label class="bk-label" for="bk-1">Label<span class="bk-optional"> (optional)</span></label>' +
        '<input type="text" class="bk-text-input" data-bk="plain_text_input" data-action-id="v" data-block-id="in" name="in/v" id="bk-1" aria-describedby="bk-1-hint bk-1-error" aria-invalid="true">' +
        '<div class="bk-hint" id="bk-1-hint">A hint</div>' +
        '<div class="bk-error" id="bk-1-error" role="alert">Must be &lt;short&gt;</div>' +
        "</div>",
    );
  });

  it("required, no hint, no error", () => {
    expect(render([input({ type: "plain_text_input", action_id: "v" })], { other: "not mine" })).toBe(
      '<div class="bk-block bk-input-block" data-block-id="in" data-optional="false" data-dispatch-action="false">' +
        '<label class="bk-label" for="bk-1">Label</label>' +
        '<input type="text" class="bk-text-input" data-bk="plain_text_input" data-action-id="v" data-block-id="in" name="in/v" id="bk-1" aria-required="true">' +
        "</div>",
    );
  });

  it("puts each error under its own block, generated ids included", () => {
    const html = render(
      [
        { type: "input", block_id: "title", label: pt("Title"), element: { type: "plain_text_input", action_id: "t" } },
        { type: "input", label: pt("Body"), element: { type: "plain_text_input", action_id: "b", multiline: true } },
        { type: "input", label: pt("Due"), element: { type: "datepicker", action_id: "d" } },
      ],
      { title: "Title is required", b1: "Body too long" },
    );
    const [title, body, due] = html.split("</div><div class=\"bk-block");
    expect(title).toContain('class="bk-block bk-input-block bk-has-error" data-block-id="title"');
    expect(title).toContain('<div class="bk-error" id="bk-1-error" role="alert">Title is required</div>');
    expect(body).toContain('bk-input-block bk-has-error" data-block-id="b1"');
    expect(body).toContain('<div class="bk-error" id="bk-2-error" role="alert">Body too long</div>');
    expect(due).not.toContain("bk-error");
    expect(due).not.toContain("bk-has-error");
  });

  it.each<[string, unknown, string]>([
    [
      "plain_text_input with limits, placeholder and value",
      { type: "plain_text_input", action_id: "v", min_length: 2, max_length: 50, placeholder: pt("Say \"hi\""), initial_value: 'x" onfocus="y' },
      '<input type="text" class="bk-text-input" data-bk="plain_text_input" data-action-id="v" data-block-id="in" name="in/v" id="bk-1" aria-required="true" minlength="2" maxlength="50" placeholder="Say &quot;hi&quot;" value="x&quot; onfocus=&quot;y">',
    ],
    [
      "multiline plain_text_input",
      { type: "plain_text_input", action_id: "v", multiline: true, max_length: 3000, initial_value: "line 1\n</textarea><script>" },
      '<textarea class="bk-text-input" data-bk="plain_text_input" data-action-id="v" data-block-id="in" name="in/v" id="bk-1" aria-required="true" maxlength="3000">line 1\n&lt;/textarea&gt;&lt;script&gt;</textarea>',
    ],
    [
      "multiline keeps a leading newline",
      { type: "plain_text_input", action_id: "v", multiline: true, initial_value: "\nstarts blank" },
      '<textarea class="bk-text-input" data-bk="plain_text_input" data-action-id="v" data-block-id="in" name="in/v" id="bk-1" aria-required="true">\n\nstarts blank</textarea>',
    ],
    [
      "number_input, decimals allowed",
      { type: "number_input", action_id: "n", is_decimal_allowed: true, min_value: "0", max_value: "99.5", initial_value: "1.5" },
      '<input type="number" class="bk-text-input" data-bk="number_input" data-action-id="n" data-block-id="in" name="in/n" id="bk-1" aria-required="true" step="any" min="0" max="99.5" value="1.5">',
    ],
    [
      "number_input, integers only",
      { type: "number_input", action_id: "n", is_decimal_allowed: false, min_value: "1", initial_value: "nope" },
      '<input type="number" class="bk-text-input" data-bk="number_input" data-action-id="n" data-block-id="in" name="in/n" id="bk-1" aria-required="true" min="1">',
    ],
    [
      "email_text_input",
      { type: "email_text_input", action_id: "e", initial_value: "a@b.example" },
      '<input type="email" class="bk-text-input" data-bk="email_text_input" data-action-id="e" data-block-id="in" name="in/e" id="bk-1" aria-required="true" value="a@b.example">',
    ],
    [
      "url_text_input",
      { type: "url_text_input", action_id: "u", placeholder: pt("https://…") },
      '<input type="url" class="bk-text-input" data-bk="url_text_input" data-action-id="u" data-block-id="in" name="in/u" id="bk-1" aria-required="true" placeholder="https://…">',
    ],
    [
      "static_select",
      { type: "static_select", action_id: "s", options: [opt("a"), opt("b")], initial_option: opt("a") },
      '<select class="bk-select" data-bk="static_select" data-action-id="s" data-block-id="in" name="in/s" id="bk-1" aria-required="true"><option value="">Select an option</option><option value="a" selected>A</option><option value="b">B</option></select>',
    ],
    [
      "multi_static_select has no placeholder option",
      { type: "multi_static_select", action_id: "m", options: [opt("a"), opt("b"), opt("c")], initial_options: [opt("a"), opt("c")] },
      '<select class="bk-select" data-bk="multi_static_select" data-action-id="m" data-block-id="in" name="in/m" id="bk-1" aria-required="true" multiple><option value="a" selected>A</option><option value="b">B</option><option value="c" selected>C</option></select>',
    ],
    [
      "users_select",
      { type: "users_select", action_id: "u", initial_user: "U1" },
      '<select class="bk-select" data-bk="users_select" data-action-id="u" data-block-id="in" name="in/u" id="bk-1" aria-required="true"><option value="">Select a user</option><option value="U1" selected>Ann</option><option value="U2">Bob &lt;b&gt;</option></select>',
    ],
    [
      "multi_users_select",
      { type: "multi_users_select", action_id: "us", initial_users: ["U1", "U2"] },
      '<select class="bk-select" data-bk="multi_users_select" data-action-id="us" data-block-id="in" name="in/us" id="bk-1" aria-required="true" multiple><option value="U1" selected>Ann</option><option value="U2" selected>Bob &lt;b&gt;</option></select>',
    ],
    [
      "conversations_select",
      { type: "conversations_select", action_id: "c", initial_conversation: "C2" },
      '<select class="bk-select" data-bk="conversations_select" data-action-id="c" data-block-id="in" name="in/c" id="bk-1" aria-required="true"><option value="">Select a conversation</option><option value="C1">#general</option><option value="C2" selected>#escalations</option></select>',
    ],
    [
      "channels_select",
      { type: "channels_select", action_id: "ch" },
      '<select class="bk-select" data-bk="channels_select" data-action-id="ch" data-block-id="in" name="in/ch" id="bk-1" aria-required="true"><option value="">Select a channel</option><option value="C1">#general</option><option value="C2">#escalations</option></select>',
    ],
    [
      "radio_buttons",
      { type: "radio_buttons", action_id: "r", options: [opt("a"), opt("b")], initial_option: opt("a") },
      '<div class="bk-radio-buttons" data-bk="radio_buttons" data-action-id="r" data-block-id="in" role="radiogroup" id="bk-1" aria-labelledby="bk-1-label" aria-required="true"><label class="bk-option"><input type="radio" name="in/r" value="a" checked> <span class="bk-option-text">A</span></label><label class="bk-option"><input type="radio" name="in/r" value="b"> <span class="bk-option-text">B</span></label></div>',
    ],
    [
      "checkboxes",
      { type: "checkboxes", action_id: "c", options: [opt("a")], initial_options: [opt("a")] },
      '<div class="bk-checkboxes" data-bk="checkboxes" data-action-id="c" data-block-id="in" role="group" id="bk-1" aria-labelledby="bk-1-label"><label class="bk-option"><input type="checkbox" name="in/c" value="a" checked> <span class="bk-option-text">A</span></label></div>',
    ],
    [
      "datepicker",
      { type: "datepicker", action_id: "d", initial_date: "2024-12-25" },
      '<input type="date" class="bk-datepicker" data-bk="datepicker" data-action-id="d" data-block-id="in" name="in/d" id="bk-1" aria-required="true" value="2024-12-25">',
    ],
    [
      "timepicker",
      { type: "timepicker", action_id: "t", initial_time: "17:45" },
      '<input type="time" class="bk-timepicker" data-bk="timepicker" data-action-id="t" data-block-id="in" name="in/t" id="bk-1" aria-required="true" value="17:45">',
    ],
    [
      "element without action_id",
      { type: "plain_text_input" },
      '<input type="text" class="bk-text-input" data-bk="plain_text_input" data-action-id="a0" data-block-id="in" name="in/a0" id="bk-1" aria-required="true">',
    ],
    ["unsupported element", { type: "file_input", action_id: "f" }, '<span class="bk-unsupported">unsupported element: file_input</span>'],
  ])("%s", (_name, element, expected) => {
    // A group is named by aria-labelledby (a <label for> cannot name one); any other field by <label for>.
    const grouped = /^<div class="bk-(radio-buttons|checkboxes)"/.test(expected);
    const label = grouped ? '<div class="bk-label" id="bk-1-label">Label</div>' : '<label class="bk-label" for="bk-1">Label</label>';
    expect(render([input(element)])).toBe(
      `<div class="bk-block bk-input-block" data-block-id="in" data-optional="false" data-dispatch-action="false">${label}${expected}</div>`,
    );
  });
});

describe("malformed input never throws", () => {
  it.each<[string, unknown, string]>([
    ["null block", [null], "unsupported block: null"],
    ["number block", [42], "unsupported block: number"],
    ["string block", ["section"], "unsupported block: string"],
    ["array block", [[]], "unsupported block: object"],
    ["block without type", [{ text: md("x") }], "unsupported block: unknown"],
    ["block with numeric type", [{ type: 7 }], "unsupported block: unknown"],
    ["unknown type", [{ type: "fancy_new_block" }], "unsupported block: fancy_new_block"],
    ["prototype key as type", [{ type: "constructor" }], "unsupported block: constructor"],
    ["file", [{ type: "file", external_id: "x", source: "remote" }], "unsupported block: file"],
    ["video", [{ type: "video", title: pt("v"), video_url: "https://v.example" }], "unsupported block: video"],
    ["section without text or fields", [{ type: "section" }], "unsupported block: section"],
    ["section with a bad text object", [{ type: "section", text: { type: "html", text: "<b>" } }], "unsupported block: section"],
    ["header with mrkdwn", [{ type: "header", text: md("*x*") }], "unsupported block: header"],
    ["header without text", [{ type: "header" }], "unsupported block: header"],
    ["context without elements", [{ type: "context" }], "unsupported block: context"],
    ["actions without elements", [{ type: "actions", elements: "nope" }], "unsupported block: actions"],
    ["input without element", [{ type: "input", label: pt("L") }], "unsupported block: input"],
    ["input without label", [{ type: "input", element: { type: "plain_text_input" } }], "unsupported block: input"],
    ["image without url or alt", [{ type: "image" }], "unsupported block: image"],
    ["rich_text without elements", [{ type: "rich_text" }], "unsupported block: rich_text"],
    ["type with markup", [{ type: "<img src=x onerror=alert(1)>" }], "unsupported block: &lt;img src=x onerror=alert(1)&gt;"],
  ])("%s", (_name, blocks, notice) => {
    expect(render(blocks)).toBe(`<div class="bk-unsupported">${notice}</div>`);
  });

  it.each<[string, unknown, string]>([
    ["undefined", undefined, ""],
    ["null", null, ""],
    ["empty list", [], ""],
    ["a number", 5, '<div class="bk-unsupported">unsupported block: number</div>'],
    ["an object", { type: "section" }, '<div class="bk-unsupported">unsupported block: object</div>'],
    ["a string", "blocks", '<div class="bk-unsupported">unsupported block: string</div>'],
  ])("blocks = %s", (_name, blocks, expected) => {
    expect(render(blocks)).toBe(expected);
  });

  it("garbage inside blocks degrades element by element", () => {
    const garbage: unknown[] = [
      { type: "actions", elements: [null, 3, "x", { type: 4 }, { type: "static_select", options: "no" }, { type: "button" }] },
      { type: "context", elements: [null, { type: "mrkdwn" }, { type: "image" }] },
      { type: "section", text: md("ok"), fields: [null, 1, { type: "mrkdwn", text: 2 }], accessory: { type: "radio_buttons", options: [null, { value: 1 }] } },
      { type: "rich_text", elements: [null, { type: "rich_text_section", elements: [null, { type: "text" }, { type: "mystery" }] }, { type: "rich_text_list", elements: 5 }] },
      { type: "input", label: pt("L"), element: { type: "checkboxes", options: [{ text: null, value: "v" }], initial_options: "all" } },
      { type: "actions", elements: [{ type: "users_select", initial_users: [1, null] }, { type: "datepicker", initial_date: 20240101 }] },
    ];
    const html = render(garbage);
    expect(html).toContain('<span class="bk-unsupported">unsupported element: unknown</span>');
    expect(html).toContain('<select class="bk-select" data-bk="static_select" data-action-id="a4" data-block-id="b0" name="b0/a4" aria-label="Select an option"><option value="">Select an option</option></select>');
    expect(html).toContain('<button type="button" class="bk-button" data-bk="button" data-action-id="a5" data-block-id="b0"></button>');
    expect(html).toContain('<div class="bk-block bk-section" data-block-id="b2"><div class="bk-section-body"><div class="bk-section-text" id="bk-1">ok</div></div>');
    expect(html).toContain('<div class="bk-radio-buttons" data-bk="radio_buttons" data-action-id="a0" data-block-id="b2" role="radiogroup" aria-labelledby="bk-1"></div>');
    expect(html).toContain('<ul class="bk-rt-list bk-indent-0"></ul>');
    expect(html).toContain('<input type="checkbox" name="b4/a0" value="v">');
  });

  it("a throwing context hides only the block that needed it", () => {
    const exploding = makeContext({
      userName: () => {
        throw new Error("directory down");
      },
    });
    const html = renderBlocks([{ type: "section", text: md("<@U1>") }, { type: "divider" }], exploding);
    expect(html).toBe('<div class="bk-unsupported">unsupported block: section</div><hr class="bk-block bk-divider" data-block-id="b1">');
  });

  it("random shapes never throw", () => {
    const values: unknown[] = [null, undefined, 0, -1, NaN, "", "x", true, [], {}, [null], { type: "x" }, { text: {} }, { elements: [{}] }];
    const types = ["header", "section", "context", "divider", "image", "actions", "input", "rich_text", "file", "video"];
    const keys = ["text", "fields", "accessory", "elements", "element", "label", "hint", "image_url", "alt_text", "title", "block_id"];
    for (const type of types) {
      for (const key of keys) {
        for (const value of values) {
          expect(() => render([{ type, [key]: value }])).not.toThrow();
          expect(() => render([{ type: "actions", elements: [{ type: "static_select", [key]: value, options: value }] }])).not.toThrow();
        }
      }
    }
  });
});

describe("renderAttachments", () => {
  it("renders colour bar, pretext, title, text, fields and footer", () => {
    const html = renderAttachments(
      [
        {
          color: "#36a64f",
          pretext: "Heads up *now*",
          author_name: "Bot <b>",
          title: "Ticket 42",
          title_link: "https://tickets.example/42",
          text: "_details_ &lt;here&gt;",
          fields: [{ title: "Priority", value: "*High*", short: true }, { title: "Notes", value: "long" }],
          footer: "Escalation bot",
          ts: 1392734382,
        },
      ],
      ctx,
    );
    expect(html).toBe(
      '<div class="bk-attachment"><div class="bk-attachment-pretext">Heads up <b>now</b></div>' +
        '<div class="bk-attachment-body" style="border-left-color: #36a64f">' +
        '<div class="bk-attachment-author">Bot &lt;b&gt;</div>' +
        '<div class="bk-attachment-title"><a class="bk-link" href="https://tickets.example/42" target="_blank" rel="noopener noreferrer">Ticket 42</a></div>' +
        '<div class="bk-attachment-text"><i>details</i> &lt;here&gt;</div>' +
        '<div class="bk-fields"><div class="bk-field bk-field-short"><div class="bk-field-title">Priority</div><div class="bk-field-value"><b>High</b></div></div>' +
        '<div class="bk-field"><div class="bk-field-title">Notes</div><div class="bk-field-value">long</div></div></div>' +
        '<div class="bk-attachment-footer">Escalation bot · <time class="bk-date" datetime="2014-02-18T14:39:42.000Z">Today at 6:39 AM</time></div>' +
        "</div></div>",
    );
  });

  it.each<[unknown, string]>([
    ["good", ' style="border-left-color: #2eb886"'],
    ["danger", ' style="border-left-color: #a30200"'],
    ["abc", ' style="border-left-color: #abc"'],
    ["red; background: url(javascript:x)", ""],
    [42, ""],
  ])("colour %j", (color, style) => {
    expect(renderAttachments([{ color, text: "t" }], ctx)).toBe(
      `<div class="bk-attachment"><div class="bk-attachment-body"${style}><div class="bk-attachment-text">t</div></div></div>`,
    );
  });

  it("shows the fallback when there is nothing else, and blocks inside attachments", () => {
    expect(renderAttachments([{ fallback: "<plain>" }], ctx)).toContain('<div class="bk-attachment-text">&lt;plain&gt;</div>');
    expect(renderAttachments([{ blocks: [{ type: "divider" }] }], ctx)).toContain('<hr class="bk-block bk-divider" data-block-id="b0">');
  });

  it("tolerates garbage", () => {
    expect(renderAttachments(undefined, ctx)).toBe("");
    expect(renderAttachments("x", ctx)).toBe('<div class="bk-unsupported">unsupported block: attachments</div>');
    expect(renderAttachments([null, 3], ctx)).toBe(
      '<div class="bk-unsupported">unsupported block: attachment</div><div class="bk-unsupported">unsupported block: attachment</div>',
    );
    expect(renderAttachments([{ title: "t", title_link: "javascript:alert(1)" }], ctx)).toContain('<div class="bk-attachment-title">t</div>');
  });
});
