import { describe, expect, it } from "vitest";
import { AXE_CONTEXT_OPTIONS, expectNoBlockingViolations } from "./axe.js";
import { browserAvailable, escalateFromComposer, expectText, openChannel, sandboxInBrowser, step } from "./browser.js";

/**
 * Export in the sandbox page, as a person does it: More actions → Export on the post, the private
 * confirmation, the file in the escalation's thread (title, name, size, a preview of its text, a
 * download link the sandbox serves as plain text), with axe finding nothing serious.
 */

const run = browserAvailable() ? describe : describe.skip;

const { windowAs } = sandboxInBrowser();

run("exporting an escalation in the sandbox page", () => {
  it("More actions → Export puts the file in the thread, previewed and downloadable", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "open one", async () => {
      await openChannel(sarah, "support-escalation");
      await escalateFromComposer(sarah, "/escalate Fuel reports load slowly for the <b>dispatch</b> team", "Initech");
    });
    const priya = await windowAs("U0PRIYA", AXE_CONTEXT_OPTIONS);
    const post = () => priya.locator("#messages article.msg", { hasText: "Fuel reports load slowly" }).first();

    await step(priya, "choose Export in the post's More actions menu", async () => {
      await openChannel(priya, "fleet-support-tier2");
      await post().locator('select[aria-label="More actions"]').selectOption({ label: "Export" });
      await expectText(priya.locator("#messages article.msg-ephemeral"), /ESC-0001 exported: ESC-0001\.md is in its thread/);
    });

    const file = priya.locator("#thread-messages figure.msg-file").first();
    await step(priya, "the file is in the thread, with its title, size and a preview of its text", async () => {
      await post().locator(".msg-replies").click();
      await priya.waitForSelector("#thread:not([hidden])");
      await file.waitFor({ timeout: 10_000 });
      expect(await file.locator(".msg-file-title").textContent()).toBe("ESC-0001 · Escalation documentation");
      expect(await file.locator(".msg-file-meta").textContent()).toMatch(/^ESC-0001\.md · \d+\.\d kB$/);
      const preview = file.locator("pre.msg-file-preview");
      expect(await preview.textContent()).toContain("# ESC-0001 · Escalation documentation");
      // Typed markup is text in the preview, never an element.
      expect(await preview.textContent()).toContain("<b>dispatch</b>");
      expect(await preview.locator("b").count()).toBe(0);
      // The preview scrolls, so it takes the keyboard's focus; it is named by the file's title.
      await preview.focus();
      expect(await priya.evaluate("document.activeElement?.className")).toBe("msg-file-preview");
      expect(await preview.getAttribute("aria-labelledby")).toBe(await file.locator(".msg-file-title").getAttribute("id"));
      await expectNoBlockingViolations(priya, "a thread holding an exported file");
    });

    await step(priya, "the download link serves the whole file as plain text, to members only", async () => {
      const link = file.locator("a.msg-file-download");
      expect(await link.textContent()).toBe("Download ESC-0001.md");
      const href = (await link.getAttribute("href"))!;
      const res = await priya.request.get(new URL(href, priya.url()).toString());
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toBe("text/plain; charset=utf-8");
      expect(res.headers()["content-disposition"]).toBe('attachment; filename="ESC-0001.md"');
      const text = await res.text();
      expect(text).toContain("## Bug report (Jira)");
      expect(text).toContain("EXPECTED BEHAVIOR:\n[Expected behaviour]");
      const stranger = await priya.request.get(new URL(href.replace(/as=[^&]+/, "as=U0NOBODY"), priya.url()).toString());
      expect(stranger.status()).toBe(404);
    });
  }, 120_000);
});
