import { readdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type SandboxConfig } from "../../src/config.js";
import { silentLogger } from "../support/log-capture.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/run.js";
import { browserAvailable, escalateFromComposer, launch, openChannel, openWindow, step } from "./browser.js";

/**
 * The page's own files as the browser gets them: every ES module and emoji image served with its
 * type from the assets folder (folders included), nothing outside it, and in Chromium, under the
 * page's CSP, every emoji image on a post actually drawn.
 */

const PUBLIC = "src/sandbox/public";

let sandbox: RunningSandbox;
let browser: Browser | undefined;
let base: string;

beforeAll(async () => {
  const config = loadConfig({ PORT: "0", SANDBOX_DATABASE_PATH: ":memory:", SCHEDULER_INTERVAL_MS: "600000", LOG_LEVEL: "error" }) as SandboxConfig;
  sandbox = await startSandbox(config, { logger: silentLogger(), bot: { postIntervalMs: 0, outboxPollMs: 50 } });
  base = `http://localhost:${sandbox.port}`;
  if (browserAvailable()) browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

describe("the sandbox page's files", () => {
  it.each([
    ...readdirSync(PUBLIC)
      .filter((f) => f.endsWith(".js"))
      .map((f) => [f, "text/javascript"]),
    ...readdirSync(`${PUBLIC}/emoji`).map((f) => [`emoji/${f}`, "image/svg+xml"]),
    ["app.css", "text/css"],
  ])("serves %s as %s", async (file, type) => {
    const res = await fetch(`${base}/sandbox/assets/${file}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain(type);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    await res.arrayBuffer();
  });

  it.each([
    "..%2f..%2fconfig.ts",
    "emoji/..%2f..%2fpage%2fserver.ts",
    "emoji/%2e%2e/%2e%2e/page/server.ts",
    "%2e%2e%2f%2e%2e%2fpage%2fserver.ts",
    "..%5c..%5cpage%5cserver.ts",
    "emoji/.hidden.svg",
    "emoji/red_circle.svg%00.js",
    "nope.js",
    "emoji/",
    "emoji",
    "a/b/c/d.js",
  ])("refuses %s", async (path) => {
    const res = await fetch(`${base}/sandbox/assets/${path}`);
    expect(res.status).toBe(404);
    await res.arrayBuffer();
  });
});

describe.skipIf(!browserAvailable())("emoji images in Chromium", () => {
  it("draws every emoji of a post and of the page itself, under the page's own CSP", async () => {
    const sarah = await openWindow(browser!, `${base}/`, "U0SARAH");
    await step(sarah, "see an escalation's post with its emoji drawn", async () => {
      await escalateFromComposer(sarah, "/escalate Production down: no driver can log in", "Globex");
      await openChannel(sarah, "fleet-engineering");
      await sarah.locator("article.msg img.bk-emoji").first().waitFor();
      // Every image has loaded (a blocked or missing one has no natural size) and says what it is.
      const images = await sarah.evaluate<{ src: string; alt: string; inPost: boolean; drawn: boolean }[]>(`Promise.all(
        [...document.querySelectorAll("img.bk-emoji, img.emoji")].map(async (img) => {
          await img.decode().catch(() => undefined);
          return { src: img.getAttribute("src"), alt: img.alt, inPost: img.classList.contains("bk-emoji"), drawn: img.complete && img.naturalWidth > 0 };
        }),
      )`);
      expect(images.length).toBeGreaterThan(3);
      expect(images.filter((i) => !i.drawn)).toEqual([]);
      // In posts each says its shortcode; the page's own (the clock's, the app's avatar) are beside words.
      expect(images.filter((i) => i.inPost && !/^:[a-z0-9_+-]+:$/.test(i.alt))).toEqual([]);
      expect(images.some((i) => i.alt === ":red_circle:")).toBe(true);
      expect(images.some((i) => !i.inPost && i.src.endsWith("/stopwatch.svg"))).toBe(true);
    });
    await sarah.context().close();
  }, 60_000);
});
