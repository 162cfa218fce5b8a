import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

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
