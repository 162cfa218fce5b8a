import { describe, expect, it } from "vitest";
import { attr, attrSingleQuoted, escapeHtml, safeUrl } from "../../../src/sandbox/render/html.js";

describe("escapeHtml", () => {
  it("escapes the five characters that matter in content and attributes", () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  });
});

describe("attributes", () => {
  it.each<[string, string | number | undefined, string]>([
    ["data-value", "v", ' data-value="v"'],
    ["data-value", '" onclick="x', ' data-value="&quot; onclick=&quot;x"'],
    ["maxlength", 10, ' maxlength="10"'],
    ["data-value", undefined, ""],
  ])("attr(%j, %j)", (name, value, expected) => {
    expect(attr(name, value)).toBe(expected);
  });

  it("single-quoted attributes keep JSON readable but cannot be broken out of", () => {
    expect(attrSingleQuoted("data-confirm", `{"a":"it's <b>&"}`)).toBe(` data-confirm='{"a":"it&#39;s &lt;b&gt;&amp;"}'`);
  });
});

describe("safeUrl", () => {
  it.each<[string, string | undefined]>([
    ["https://example.com/a?b=1&c=2", "https://example.com/a?b=1&c=2"],
    ["http://example.com", "http://example.com"],
    ["HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"],
    ["mailto:someone@example.com", "mailto:someone@example.com"],
    ["/sandbox/channel/C1", "/sandbox/channel/C1"],
    ["  https://example.com  ", "https://example.com"],
    ["javascript:alert(1)", undefined],
    ["JaVaScRiPt:alert(1)", undefined],
    [" javascript:alert(1)", undefined],
    ["java\tscript:alert(1)", undefined],
    ["java\nscript:alert(1)", undefined],
    ["data:text/html,<script>alert(1)</script>", undefined],
    ["vbscript:msgbox(1)", undefined],
    ["file:///etc/passwd", undefined],
    ["ftp://example.com", undefined],
    ["//evil.example/x", undefined],
    ["/\\evil.example/x", undefined],
    ["relative/path", undefined],
    ["#fragment", undefined],
    ["", undefined],
    ["https://", undefined],
  ])("%j", (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });
});
