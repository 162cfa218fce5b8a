import { describe, expect, it } from "vitest";
import { replaceEmoji } from "../../../src/sandbox/render/emoji.js";
import { renderMrkdwn, renderPlainText } from "../../../src/sandbox/render/mrkdwn.js";
import { makeContext } from "./make-context.js";

const ctx = makeContext();
const md = (text: string): string => renderMrkdwn(text, ctx);
const LINK = 'target="_blank" rel="noopener noreferrer"';

/** The renderer's own vocabulary; anything else in the output would be user text turned into markup. */
const OWN_TAGS = new Set(["a", "span", "time", "b", "i", "s", "code", "pre", "blockquote", "ul", "ol", "li", "br"]);
const tagsIn = (html: string): string[] => [...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => (m[1] ?? "").toLowerCase());

describe("formatting", () => {
  it.each<[string, string]>([
    ["*bold*", "<b>bold</b>"],
    ["_italic_", "<i>italic</i>"],
    ["~strike~", "<s>strike</s>"],
    ["`code`", '<code class="bk-code">code</code>'],
    ["a *bold* word", "a <b>bold</b> word"],
    ["(*bold*)", "(<b>bold</b>)"],
    ["*bold*, then", "<b>bold</b>, then"],
    ["*two words*", "<b>two words</b>"],
    ["*bold _both_ done*", "<b>bold <i>both</i> done</b>"],
    ["_*nested*_", "<i><b>nested</b></i>"],
    ["~_*all three*_~", "<s><i><b>all three</b></i></s>"],
    // Word boundaries, as Slack: markers inside words or next to spaces are literal.
    ["snake_case_name", "snake_case_name"],
    ["2*3*4", "2*3*4"],
    ["a * b * c", "a * b * c"],
    ["*not closed", "*not closed"],
    ["* spaced*", "* spaced*"],
    ["*spaced *", "*spaced *"],
    ["**", "**"],
    ["file_name_v2.txt", "file_name_v2.txt"],
    ["~/path/to~x", "~/path/to~x"],
    // Overlapping markers never produce crossed tags.
    ["*a _b* c_", "<b>a _b</b> c_"],
    // No formatting inside code.
    ["`*not bold* _nor italic_`", '<code class="bk-code">*not bold* _nor italic_</code>'],
    ["`:fire: &lt;b&gt;`", '<code class="bk-code">:fire: &lt;b&gt;</code>'],
    ["*bold* `code` *bold*", '<b>bold</b> <code class="bk-code">code</code> <b>bold</b>'],
    ["*`code in bold`*", '<b><code class="bk-code">code in bold</code></b>'],
    ["``", "``"],
    ["```", "```"],
  ])("%j", (input, expected) => {
    expect(md(input)).toBe(expected);
  });

  it("pre blocks keep their text verbatim and are not formatted", () => {
    expect(md("```*x* _y_ :fire: &lt;z&gt;\n  indented```")).toBe('<pre class="bk-pre">*x* _y_ :fire: &lt;z&gt;\n  indented</pre>');
  });

  it("pre blocks drop the newlines that only separate them from the text", () => {
    expect(md("before\n```\ncode\n```\nafter")).toBe('before<pre class="bk-pre">code</pre>after');
  });

  it("pre blocks show control sequences as plain text", () => {
    expect(md("```<@U1> <https://x.example|x> <!here>```")).toBe('<pre class="bk-pre">@Ann x @here</pre>');
  });

  it("newlines become <br>", () => {
    expect(md("one\ntwo\n\nthree")).toBe("one<br>two<br><br>three");
  });

  it("formatting does not span lines", () => {
    expect(md("*one\ntwo*")).toBe("*one<br>two*");
  });
});

describe("quotes and lists", () => {
  it.each<[string, string]>([
    ["&gt; quoted", '<blockquote class="bk-quote">quoted</blockquote>'],
    ["> raw quote", '<blockquote class="bk-quote">raw quote</blockquote>'],
    ["&gt; one\n&gt; *two*\nafter", '<blockquote class="bk-quote">one<br><b>two</b></blockquote>after'],
    ["before\n&gt; q", 'before<blockquote class="bk-quote">q</blockquote>'],
    ["&gt;&gt;&gt; all\nof this", '<blockquote class="bk-quote">all<br>of this</blockquote>'],
    ["a &gt; b", "a &gt; b"],
    ["• one\n• two", '<ul class="bk-list"><li>one</li><li>two</li></ul>'],
    ["- one\n- _two_", '<ul class="bk-list"><li>one</li><li><i>two</i></li></ul>'],
    ["1. one\n2. two", '<ol class="bk-list"><li>one</li><li>two</li></ol>'],
    ["3. three\n4. four", '<ol class="bk-list" start="3"><li>three</li><li>four</li></ol>'],
    ["intro\n• a\n• b\noutro", 'intro<ul class="bk-list"><li>a</li><li>b</li></ul>outro'],
    ["• a\n1. b", '<ul class="bk-list"><li>a</li></ul><ol class="bk-list"><li>b</li></ol>'],
    ["-5 degrees", "-5 degrees"],
    ["2024. A year", '<ol class="bk-list" start="2024"><li>A year</li></ol>'],
    ["&gt; • quoted item", '<blockquote class="bk-quote"><ul class="bk-list"><li>quoted item</li></ul></blockquote>'],
  ])("%j", (input, expected) => {
    expect(md(input)).toBe(expected);
  });
});

describe("control sequences", () => {
  it.each<[string, string]>([
    ["<https://example.com|Example>", `<a class="bk-link" href="https://example.com" ${LINK}>Example</a>`],
    ["<https://example.com>", `<a class="bk-link" href="https://example.com" ${LINK}>https://example.com</a>`],
    ["<https://x.example/?a=1&amp;b=2|A &amp; B>", `<a class="bk-link" href="https://x.example/?a=1&amp;b=2" ${LINK}>A &amp; B</a>`],
    ["<https://x.example|*not bold*>", `<a class="bk-link" href="https://x.example" ${LINK}>*not bold*</a>`],
    ["<mailto:a@b.example|a@b.example>", `<a class="bk-link" href="mailto:a@b.example" ${LINK}>a@b.example</a>`],
    ["<mailto:a@b.example>", `<a class="bk-link" href="mailto:a@b.example" ${LINK}>a@b.example</a>`],
    ["<@U1>", '<span class="bk-mention" data-user-id="U1">@Ann</span>'],
    ["<@U1|ignored>", '<span class="bk-mention" data-user-id="U1">@Ann</span>'],
    ["<@U9|zed>", '<span class="bk-mention" data-user-id="U9">@zed</span>'],
    ["<@U9>", '<span class="bk-mention" data-user-id="U9">@U9</span>'],
    ["<@U2>", '<span class="bk-mention" data-user-id="U2">@Bob &lt;b&gt;</span>'],
    ["<#C1>", '<a class="bk-channel" href="#" data-channel-id="C1">#general</a>'],
    ["<#C9|random>", '<a class="bk-channel" href="#" data-channel-id="C9">#random</a>'],
    ["<#C9>", '<a class="bk-channel" href="#" data-channel-id="C9">#C9</a>'],
    ["<!subteam^S1>", '<span class="bk-mention bk-group">@oncall</span>'],
    ["<!subteam^S9|@ops>", '<span class="bk-mention bk-group">@ops</span>'],
    ["<!subteam^S9>", '<span class="bk-mention bk-group">@S9</span>'],
    ["<!here>", '<span class="bk-mention bk-special">@here</span>'],
    ["<!here|here>", '<span class="bk-mention bk-special">@here</span>'],
    ["<!channel>", '<span class="bk-mention bk-special">@channel</span>'],
    ["<!everyone>", '<span class="bk-mention bk-special">@everyone</span>'],
    ["<!unknown|fallback>", "fallback"],
    [
      "<!date^1392734382^{date} at {time}|fallback>",
      '<time class="bk-date" datetime="2014-02-18T14:39:42.000Z">February 18th, 2014 at 6:39 AM</time>',
    ],
    [
      "<!date^1392734382^{date_num}^https://example.com/e|fallback>",
      `<a class="bk-link" href="https://example.com/e" ${LINK}><time class="bk-date" datetime="2014-02-18T14:39:42.000Z">2014-02-18</time></a>`,
    ],
    [
      "<!date^1392734382^{date_num}^javascript:alert(1)|fallback>",
      '<time class="bk-date" datetime="2014-02-18T14:39:42.000Z">2014-02-18</time>',
    ],
    ["<!date^soon^{date}|the fallback>", "the fallback"],
    ["<!date^99999999999999^{date}|too far>", "too far"],
    ["*<@U1>*", '<b><span class="bk-mention" data-user-id="U1">@Ann</span></b>'],
    ["see <https://x.example/a_b_c|a_b_c>_", `see <a class="bk-link" href="https://x.example/a_b_c" ${LINK}>a_b_c</a>_`],
  ])("%j", (input, expected) => {
    expect(md(input)).toBe(expected);
  });

  it("renders dates in the viewer's zone", () => {
    const berlin = renderMrkdwn("<!date^1392734382^{time}|x>", makeContext({ timeZone: "Europe/Berlin" }));
    expect(berlin).toBe('<time class="bk-date" datetime="2014-02-18T14:39:42.000Z">3:39 PM</time>');
  });

  it("counts {ago} from the sandbox's clock, in a span that keeps its instant for the page to count on", () => {
    const opened = "<!date^1392734382^{time} ({ago})|x>";
    const at = (now: string) => renderMrkdwn(opened, makeContext({ now: Date.parse(now) }));
    const span = (text: string) => `<span class="bk-ago" data-ago="1392734382000">${text}</span>`;
    expect(at("2014-02-18T14:40:00Z")).toBe(`<time class="bk-date" datetime="2014-02-18T14:39:42.000Z">6:39 AM (${span("just now")})</time>`);
    // Time travel moves the sandbox's clock: the same message now reads two hours on.
    expect(at("2014-02-18T16:40:00Z")).toBe(`<time class="bk-date" datetime="2014-02-18T14:39:42.000Z">6:39 AM (${span("2 hours ago")})</time>`);
    expect(md("<!date^1392734382^{ago}|x>")).toBe(`<time class="bk-date" datetime="2014-02-18T14:39:42.000Z">${span("5 hours ago")}</time>`);
    // In code it is just text.
    expect(md("`<!date^1392734382^{ago}|x>`")).toBe('<code class="bk-code">5 hours ago</code>');
  });
});

describe("entities and emoji", () => {
  it.each<[string, string]>([
    ["a &amp; b", "a &amp; b"],
    ["1 &lt; 2 &gt; 0", "1 &lt; 2 &gt; 0"],
    ["&amp;lt; stays literal", "&amp;lt; stays literal"],
    ["&quot;other&quot; entities are text", "&amp;quot;other&amp;quot; entities are text"],
    ['quotes " and \' are escaped', "quotes &quot; and &#39; are escaped"],
    [":fire: :+1: :thumbsup:", "🔥 👍 👍"],
    [":thumbsup::skin-tone-2:", "👍"],
    [":not_an_emoji:", ":not_an_emoji:"],
    [":nope:fire:", ":nope🔥"],
    ["10:30:45", "10:30:45"],
    ["*:rotating_light: alert*", '<b><img class="bk-emoji" src="/sandbox/assets/emoji/rotating_light.svg" alt=":rotating_light:" draggable="false"> alert</b>'],
  ])("%j", (input, expected) => {
    expect(md(input)).toBe(expected);
  });

  it.each([
    "red_circle", "large_orange_circle", "large_yellow_circle", "white_circle", "warning", "lock", "eyes", "memo",
    "bell", "zzz", "rotating_light", "white_check_mark", "arrow_double_up", "hourglass_flowing_sand", "stopwatch",
    "mega", "bulb", "x", "heavy_check_mark", "tada", "fire", "thumbsup", "+1", "thinking_face", "information_source",
    "question", "exclamation", "rocket", "wave", "clock1", "calendar", "link", "speech_balloon", "construction",
    "no_entry", "sos", "ballot_box_with_check",
  ])("knows :%s:", (name) => {
    const out = replaceEmoji(`:${name}:`);
    expect(out).not.toContain(":");
    expect(out.length).toBeGreaterThan(0);
  });
});

describe("user text is data, never markup", () => {
  it("an escaped <script> typed by a user shows as text", () => {
    expect(md("&lt;script&gt;alert(1)&lt;/script&gt;")).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it.each([
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "*<script>*",
    "`<script>`",
    "```<script>alert(1)</script>```",
    "<<script>>",
    "<https://x.example|<script>alert(1)</script>>",
    "&gt; <script>",
    "• <iframe src=https://evil.example>",
  ])("raw markup %j never becomes a tag", (input) => {
    const out = md(input);
    expect(out).not.toMatch(/<script|<img|<iframe/i);
    expect(tagsIn(out).filter((t) => !OWN_TAGS.has(t))).toEqual([]);
    // Attributes only ever appear inside tags we wrote, so no handler can sit outside quotes.
    expect(out).not.toMatch(/<[^>]*\son[a-z]+=/i);
  });

  it("an escaped <!channel> is text, not a mention", () => {
    const out = md("&lt;!channel&gt; please");
    expect(out).toBe("&lt;!channel&gt; please");
    expect(out).not.toContain("bk-special");
  });

  it.each([
    "<javascript:alert(1)|click>",
    "<JavaScript:alert(1)|click>",
    "<java\tscript:alert(1)|click>",
    "<data:text/html;base64,PHNjcmlwdD4=|click>",
    "<vbscript:msgbox|click>",
    "<//evil.example/x|click>",
  ])("%j is not a link", (input) => {
    const out = md(input);
    expect(out).not.toContain("<a");
    expect(out).not.toContain("href");
    expect(out).toContain("click");
  });

  it("attribute injection through a mention label stays inside the text", () => {
    const out = md('<@U1|" onmouseover="x> <@U9|" onmouseover="x>');
    expect(out).toBe(
      '<span class="bk-mention" data-user-id="U1">@Ann</span> ' +
        '<span class="bk-mention" data-user-id="U9">@&quot; onmouseover=&quot;x</span>',
    );
  });

  it("attribute injection through ids is escaped", () => {
    expect(md('<@U1" onclick="x>')).toBe('<span class="bk-mention" data-user-id="U1&quot; onclick=&quot;x">@U1&quot; onclick=&quot;x</span>');
    expect(md("<#C1' onclick='x>")).toContain('data-channel-id="C1&#39; onclick=&#39;x"');
  });

  it("a link URL cannot break out of href", () => {
    expect(md('<https://x.example/"onmouseover="x|y>')).toBe(`<a class="bk-link" href="https://x.example/&quot;onmouseover=&quot;x" ${LINK}>y</a>`);
  });

  it("names from the directory are escaped", () => {
    expect(md("<@U2>")).toContain("@Bob &lt;b&gt;");
  });
});

describe("renderPlainText", () => {
  it.each<[string, { emoji?: boolean } | undefined, string]>([
    ["*not bold* _x_", undefined, "*not bold* _x_"],
    ["a &amp; b &lt;c&gt;", undefined, "a &amp; b &lt;c&gt;"],
    ["<script>alert(1)</script>", undefined, "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ["<@U1> <!here>", undefined, "&lt;@U1&gt; &lt;!here&gt;"],
    [":fire: hot", undefined, "🔥 hot"],
    [":fire: hot", { emoji: true }, "🔥 hot"],
    [":fire: hot", { emoji: false }, ":fire: hot"],
    ["one\ntwo", undefined, "one<br>two"],
    ['say "hi"', undefined, "say &quot;hi&quot;"],
  ])("%j %j", (input, opts, expected) => {
    expect(renderPlainText(input, ctx, opts)).toBe(expected);
  });
});

describe("robustness", () => {
  /** Open/close tags must nest properly; void <br> is skipped. */
  function balanced(html: string): boolean {
    const stack: string[] = [];
    for (const m of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>/g)) {
      const [, closing, name = ""] = m;
      if (name === "br") continue;
      if (closing === "") stack.push(name);
      else if (stack.pop() !== name) return false;
    }
    return stack.length === 0;
  }

  it("random marker soup always yields balanced HTML of our own tags", () => {
    const pieces = ["*", "_", "~", "`", "```", "<", ">", "&gt;", "&lt;", "&amp;", "\n", " ", "a", "b1", "•", "- ", "1. ", ":fire:", "<@U1>", "<https://x.example|x>", "<!here>", "|", "^", '"'];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let run = 0; run < 2000; run++) {
      let text = "";
      const length = next() % 30;
      for (let i = 0; i < length; i++) text += pieces[next() % pieces.length];
      const out = md(text);
      expect(balanced(out), `${JSON.stringify(text)} → ${out}`).toBe(true);
      expect(tagsIn(out).filter((t) => !OWN_TAGS.has(t))).toEqual([]);
    }
  });

  it("stays fast on adversarial input", () => {
    const text = "_*~".repeat(15_000);
    const started = performance.now();
    md(text);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
