import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderBlocks } from "../../../src/sandbox/render/blocks.js";
import { EMOJI_IMAGES, emojiFor, emojiHtml, emojiText } from "../../../src/sandbox/render/emoji.js";
import { renderMrkdwn } from "../../../src/sandbox/render/mrkdwn.js";
import { makeContext } from "./make-context.js";

/**
 * Emoji the bot, its playbooks and the page use are drawn with the page's own SVG files, with the
 * shortcode as alt text, so they look the same on a machine without an emoji font and a screen
 * reader reads something meaningful. Other emoji keep their unicode, unknown shortcodes their text.
 */

const ctx = makeContext();
const EMOJI_DIR = "src/sandbox/public/emoji";
const img = (file: string, alt = `:${file}:`) => `<img class="bk-emoji" src="/sandbox/assets/emoji/${file}.svg" alt="${alt}" draggable="false">`;

describe("emoji as images", () => {
  it.each<[string, string]>([
    [":red_circle: *ESC-0001*", `${img("red_circle")} <b>ESC-0001</b>`],
    [":large_orange_circle: :large_yellow_circle: :white_circle:", `${img("large_orange_circle")} ${img("large_yellow_circle")} ${img("white_circle")}`],
    [":warning: late", `${img("warning")} late`],
    [":white_check_mark: done :white_square: not", `${img("white_check_mark")} done ${img("white_square")} not`],
    [":bulb: The playbook suggests", `${img("bulb")} The playbook suggests`],
    [":eyes::skin-tone-3:", img("eyes")],
    // A shortcode for the same character uses the same image, with its own name as alt text.
    [":pencil:", img("memo", ":pencil:")],
    // Typed as characters (a playbook's "🔴 Critical"), with or without the variation selector.
    ["🔴 Critical", `${img("red_circle")} Critical`],
    ["⚠️ and ⚠", `${img("warning")} and ${img("warning")}`],
    // Emoji the page does not ship keep their unicode; unknown shortcodes stay as typed.
    [":fire: :not_an_emoji: :lock:", `🔥 :not_an_emoji: ${img("lock")}`],
    ["`:lock:` stays code", '<code class="bk-code">:lock:</code> stays code'],
    ["<https://x.example|:lock: link>", `<a class="bk-link" href="https://x.example" target="_blank" rel="noopener noreferrer">${img("lock")} link</a>`],
  ])("mrkdwn %j", (text, html) => {
    expect(renderMrkdwn(text, ctx)).toBe(html);
  });

  it.each<[string, unknown, string]>([
    ["plain_text", { type: "plain_text", text: ":rotating_light: Sev 1 <b>" }, `${img("rotating_light")} Sev 1 &lt;b&gt;`],
    ["plain_text with emoji off keeps shortcodes, not characters", { type: "plain_text", text: ":lock: 🔒", emoji: false }, `:lock: ${img("lock")}`],
  ])("%s", (_name, text, html) => {
    expect(renderBlocks([{ type: "header", text }], ctx)).toBe(`<div class="bk-block bk-header" data-block-id="b0">${html}</div>`);
  });

  it("rich_text emoji elements use the image too", () => {
    const html = renderBlocks([{ type: "rich_text", elements: [{ type: "rich_text_section", elements: [{ type: "emoji", name: "hourglass", unicode: "231b" }, { type: "emoji", name: "x", unicode: "274c" }, { type: "emoji", name: "odd", unicode: "1f534" }] }] }], ctx);
    expect(html).toContain(`${img("hourglass")}❌${img("red_circle")}</div>`);
  });

  it("user text around an emoji stays text, and the image's attributes are ours", () => {
    expect(emojiHtml(`<img src=x onerror=alert(1)>:lock:"'`)).toBe(`&lt;img src=x onerror=alert(1)&gt;${img("lock")}&quot;&#39;`);
    expect(emojiHtml(':lock" onerror="x:')).toBe(':lock&quot; onerror=&quot;x:');
  });
});

describe("emoji where an image cannot go (menu options, placeholders, names)", () => {
  it.each<[string, string]>([
    ["🔴 Critical", "Critical"],
    [":large_yellow_circle: High", "High"],
    ["Sev 1 :red_circle:", "Sev 1"],
    ["a :lock: b", "a b"],
    [":red_circle:", "red circle"],
    [":fire: hot", "🔥 hot"],
    [":nope: x", ":nope: x"],
  ])("%j reads %j", (text, flat) => {
    expect(emojiText(text)).toBe(flat);
  });

  it("a select's options leave out shipped emoji beside words", () => {
    const html = renderBlocks([{ type: "actions", elements: [{ type: "static_select", placeholder: { type: "plain_text", text: ":bell: Remind" }, options: [{ text: { type: "plain_text", text: "🔴 Critical" }, value: "sev1" }] }] }], ctx);
    expect(html).toContain('aria-label="Remind"><option value="">Remind</option><option value="sev1">Critical</option>');
  });
});

describe("the shipped images", () => {
  it("every image named is a file, and every file is named", () => {
    const files = readdirSync(EMOJI_DIR).filter((f) => f.endsWith(".svg")).map((f) => f.replace(/\.svg$/, "")).sort();
    expect(files).toEqual([...EMOJI_IMAGES].sort());
    for (const name of EMOJI_IMAGES) expect(emojiFor(name), name).toBeDefined();
  });

  it.each([...EMOJI_IMAGES])("%s.svg is a plain SVG: no script, no link, nothing fetched", (name) => {
    const svg = readFileSync(join(EMOJI_DIR, `${name}.svg`), "utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 36 36">/);
    expect(svg).not.toMatch(/<script|href|url\(|on[a-z]+=|<image|<foreignObject/i);
  });

  /** Every `:shortcode:` in these sources and the built-in playbooks that the renderer knows. */
  function shortcodesUsed(): Set<string> {
    const found = new Set<string>();
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    for (const file of [...walk("src/slack"), ...walk("src/domain"), ...walk("src/services"), ...walk("policies")]) {
      if (!/\.(ts|ya?ml)$/.test(file)) continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/:([a-z0-9_+-]+):/g)) if (m[1] !== undefined && emojiFor(m[1]) !== undefined) found.add(m[1]);
      for (const name of EMOJI_IMAGES) if (text.includes(emojiFor(name)!.replace(/\uFE0F/g, ""))) found.add(name);
    }
    return found;
  }

  it("covers every emoji the bot and the built-in playbooks use", () => {
    const used = shortcodesUsed();
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !emojiHtml(`:${name}:`).startsWith('<img class="bk-emoji"'))).toEqual([]);
  });
});
