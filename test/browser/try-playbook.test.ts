import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY_FILE } from "../../src/policy/loader.js";
import { AXE_CONTEXT_OPTIONS, expectNoBlockingViolations } from "./axe.js";
import { browserAvailable, expectText, sandboxInBrowser, step } from "./browser.js";

/**
 * "Try the playbook" on the sandbox page, in Chromium, by keyboard only: the top bar's button opens
 * the dialog on its text box, Tab reaches every labelled control, Enter on Simulate shows what the
 * bot would decide for Fleet's Christmas Eve example (deadlines with their calendar steps, the
 * playbook lines it used, as in the file), a bad time is answered in words, typed markup stays
 * text, axe finds nothing serious, and Escape closes it with focus back on the button. The time is
 * the sandbox clock's, travelled or not.
 */

const run = browserAvailable() ? describe : describe.skip;
const session = sandboxInBrowser();
const FLEET_LINES = readFileSync(DEFAULT_POLICY_FILE, "utf8").split("\n");

const activeId = (page: Page) => page.evaluate<string>("document.activeElement ? document.activeElement.id : ''");

/** Presses Tab until the control `id` has focus (the way a keyboard user gets there). */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if ((await activeId(page)) === id) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached #${id}`);
}

/** Empties the focused text box and types `text`. */
async function retype(page: Page, text: string): Promise<void> {
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
}

const button = (page: Page) => page.locator("#header-actions button", { hasText: "Try the playbook" });
const dialog = (page: Page) => page.locator("#try-playbook");

run("Try the playbook on the sandbox page", () => {
  it("simulates Fleet's Christmas Eve example by keyboard, shows the calendar steps and the playbook lines, and closes on Escape", async () => {
    const sarah = await session.windowAs("U0SARAH", AXE_CONTEXT_OPTIONS);
    await step(sarah, "the top bar's button opens the dialog on its text box", async () => {
      expect(await button(sarah).getAttribute("aria-haspopup")).toBe("dialog");
      await button(sarah).focus();
      await sarah.keyboard.press("Enter");
      await dialog(sarah).waitFor({ state: "visible" });
      expect(await activeId(sarah)).toBe("try-playbook-text");
      expect(await sarah.locator("#try-playbook [role=dialog]").getAttribute("aria-labelledby")).toBe("try-playbook-title");
      // The time is the sandbox clock's now, in the playbook's zone, as an ISO time.
      expect(await sarah.inputValue("#try-playbook-at")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      // Every control has a name a screen reader says.
      for (const label of ["What the customer reports", "Customer tier", "Customers affected", "Refund or credit requested (USD)", "Opened at", "The customer asked to escalate"]) {
        expect(await sarah.getByLabel(label, { exact: true }).count(), label).toBe(1);
      }
    });
    await step(sarah, "fill it in with the keyboard and simulate", async () => {
      await sarah.keyboard.type("Photo upload fails for Acme: drivers are unable to use the app <img src=x onerror=\"window.__typed=1\">");
      await tabTo(sarah, "try-playbook-tier");
      // Type-ahead on the focused select picks Enterprise.
      await sarah.keyboard.type("Ent");
      expect(await sarah.inputValue("#try-playbook-tier")).toBe("enterprise");
      await tabTo(sarah, "try-playbook-field-customers_affected");
      await sarah.keyboard.type("12");
      await tabTo(sarah, "try-playbook-at");
      await retype(sarah, "2026-12-24T18:00-08:00");
      await tabTo(sarah, "try-playbook-asked");
      await sarah.keyboard.press("Tab");
      expect(await sarah.evaluate<string>("document.activeElement.textContent")).toBe("Simulate");
      await sarah.keyboard.press("Enter");
      await expectText(sarah.locator("#try-playbook .try-result h3"), "Deadlines");
    });
    await step(sarah, "the answer: Sev 2, Tier 3 told, the deadlines counted on Tier 2 hours with Christmas skipped", async () => {
      // A screen reader hears the gist; the rest is read on at will.
      expect(await sarah.locator("#try-playbook-status").textContent()).toBe(
        "Sev 2 · High, Bug, Tier 2; first response due Thu 2026-12-24 19:00 PST. The full answer follows the form.",
      );
      expect(await sarah.locator("#try-playbook-status").getAttribute("role")).toBe("status");
      const result = sarah.locator("#try-playbook .try-result");
      const text = (await result.textContent()) ?? "";
      expect(text).toContain("Sev 2 · High");
      expect(text).toContain("Tier 3");
      expect(await result.locator("h4").allTextContents()).toEqual([
        "First response: Thu 2026-12-24 19:00 PST",
        "Progress updates: Sat 2026-12-26 10:00 PST",
        "Resolution: Sat 2026-12-26 14:00 PST",
        "Level budget: Sat 2026-12-26 14:00 PST",
      ]);
      expect(text).toContain("Enterprise × 0.5: 2 h becomes 1 h");
      expect(await result.locator(".try-steps li").allTextContents()).toContain(
        "skips Thu 2026-12-24 20:00 PST → Sat 2026-12-26 08:00 PST: Thu 2026-12-24 after closing at 20:00; Fri 2026-12-25 is a holiday; Sat 2026-12-26 before opening at 08:00",
      );
      expect(await result.locator(".try-checklist li").allTextContents()).toContain("Multiple customers: list every related customer ticket");
      // The playbook lines: each caption's file:line holds the first line shown, as written.
      const lines = result.locator("figure.try-line");
      const captions = await lines.locator("figcaption").allTextContents();
      expect(captions.some((c) => c.endsWith("(rule multiple-customers)"))).toBe(true);
      for (let i = 0; i < captions.length; i++) {
        const m = /:(\d+)(?:–\d+)? \((.+)\)$/.exec(captions[i]!)!;
        const shown = ((await lines.nth(i).locator("pre").textContent()) ?? "").split("\n");
        const first = shown.find((l) => !l.trim().startsWith("#"))!;
        expect(FLEET_LINES[Number(m[1]) - 1], captions[i]).toBe(first);
      }
      // Typed markup is text: no element made of it, nothing run.
      expect(await dialog(sarah).locator("img").count()).toBe(0);
      expect(await sarah.evaluate<unknown>("window.__typed")).toBeUndefined();
      await expectNoBlockingViolations(sarah, "with Try the playbook open and answered");
    });
    await step(sarah, "a time that is not one is answered in words, and the form stays", async () => {
      await tabTo(sarah, "try-playbook-at");
      await retype(sarah, "Christmas Eve");
      await sarah.keyboard.press("Enter");
      await expectText(sarah.locator("#try-playbook-problem"), "Opened at 'Christmas Eve' is not an ISO-8601 time; write e.g. 2026-03-06T19:30:00-08:00");
      expect(await sarah.locator("#try-playbook-problem").getAttribute("role")).toBe("alert");
    });
    await step(sarah, "Escape closes it and focus goes back to the button", async () => {
      await sarah.keyboard.press("Escape");
      await dialog(sarah).waitFor({ state: "hidden" });
      expect(await sarah.evaluate<string>("document.activeElement.textContent")).toBe("Try the playbook");
    });
  }, 90_000);

  it("takes the time from the sandbox clock, also after time travel", async () => {
    const dana = await session.windowAs("U0DANA");
    const openedAt = async () => {
      await button(dana).focus();
      await dana.keyboard.press("Enter");
      await dialog(dana).waitFor({ state: "visible" });
      const value = await dana.inputValue("#try-playbook-at");
      await dana.keyboard.press("Escape");
      await dialog(dana).waitFor({ state: "hidden" });
      return Date.parse(value);
    };
    const before = await openedAt();
    await dana.locator('button[data-travel="86400000"]').click();
    await dana.locator("#clock.travelled").waitFor();
    const after = await openedAt();
    // A day later, give or take the minute or two the test takes.
    expect(Math.abs(after - before - 86_400_000)).toBeLessThanOrEqual(3 * 60_000);
    await dana.locator("#real-time").click();
  }, 60_000);
});
