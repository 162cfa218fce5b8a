import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { loadConfig, type SandboxConfig } from "../../src/config.js";
import { silentLogger } from "../support/log-capture.js";
import { startSandbox } from "../../src/sandbox/run.js";

/**
 * Real Chromium for the page tests: Debian's package, driven by playwright-core (which never
 * downloads a browser of its own). CHROMIUM_PATH points elsewhere when needed.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Without Chromium the browser tests cannot run. CI installs it (.ci/run) and sets
 * REQUIRE_BROWSER=1, so there a missing browser fails the run instead of skipping it.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.REQUIRE_BROWSER === "1") throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package or set CHROMIUM_PATH`);
  process.stderr.write(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)\n`);
  return false;
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Running as root in CI needs --no-sandbox; the rest keeps Chromium off a network it cannot reach.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Where a failed step leaves its screenshot. */
export const FAILURE_DIR = "test-results/browser";

/** Runs one named step; if it fails, saves what the page looked like and rethrows. */
export async function step<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const path = `${FAILURE_DIR}/${name.replace(/[^a-z0-9]+/gi, "-")}.png`;
    mkdirSync(dirname(path), { recursive: true });
    await page.screenshot({ path, fullPage: true }).catch(() => undefined);
    throw new Error(`step "${name}" failed (screenshot: ${path}): ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * A window of its own (own localStorage) on the sandbox page at `base`, acting as `personId`, once
 * ready. Each is a new context of the one browser a test file launches.
 */
export async function openWindow(browser: Browser, base: string, personId: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  // Page-side code is passed as text: this project's TypeScript has no DOM types outside the page.
  await context.addInitScript({ content: `localStorage.setItem("sandbox.as", ${JSON.stringify(personId)})` });
  const page = await context.newPage();
  page.on("pageerror", (err) => {
    throw err;
  });
  await page.goto(base);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

export async function openChannel(page: Page, name: string): Promise<void> {
  await page.locator(".nav-item", { hasText: new RegExp(`^\\W*${name}$`) }).click();
  await expectText(page.locator("#conv-title"), `#${name}`);
}

export async function expectText(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 10_000 });
}

/** Types the command, submits the form once empty (the customer is required), then with `customer`. */
export async function escalateFromComposer(page: Page, command: string, customer: string): Promise<void> {
  await page.fill("#composer-input", command);
  await page.press("#composer-input", "Enter");
  await page.waitForSelector("#modal:not([hidden])");
  await page.click("#modal-submit");
  // The customer is required: the form says so under the field and stays open.
  await expectText(page.locator('[data-block-id="customer"] .bk-error'), /./);
  await page.fill('[data-block-id="customer"] input', customer);
  await page.click("#modal-submit");
  await page.waitForSelector("#modal", { state: "hidden" });
}

/**
 * For a test file: the sandbox (in memory, its clock still) and one browser, started before the
 * file's tests and stopped after them; `windowAs` opens a window of its own in that browser,
 * acting as `personId` (closed with the rest).
 */
export function sandboxInBrowser(): { windowAs(personId: string, options?: BrowserContextOptions): Promise<Page> } {
  let stopSandbox: (() => Promise<void>) | undefined;
  let browser: Browser | undefined;
  let base = "";
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    const config = loadConfig({ PORT: "0", SANDBOX_DATABASE_PATH: ":memory:", SCHEDULER_INTERVAL_MS: "600000", LOG_LEVEL: "error" }) as SandboxConfig;
    const sandbox = await startSandbox(config, { logger: silentLogger(), bot: { postIntervalMs: 0, outboxPollMs: 50 } });
    stopSandbox = () => sandbox.stop();
    base = `http://localhost:${sandbox.port}/`;
    if (browserAvailable()) browser = await launch();
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await stopSandbox?.();
  });
  return {
    windowAs: async (personId, options = {}) => {
      if (!browser) throw new Error("no browser: the file's tests run only where browserAvailable()");
      const page = await openWindow(browser, base, personId, options);
      contexts.push(page.context());
      return page;
    },
  };
}
