import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type SandboxConfig } from "../../src/config.js";
import { signViewerLink } from "../../src/dashboard/viewer-link.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/run.js";
import { silentLogger } from "../support/log-capture.js";

/** In the sandbox the dashboard is open, shown for the person the page (or App Home's link) names. */
describe("the dashboard in the sandbox", () => {
  let sandbox: RunningSandbox;
  let base: string;
  beforeAll(async () => {
    const config = loadConfig({ PORT: "0", SANDBOX_DATABASE_PATH: ":memory:", SCHEDULER_INTERVAL_MS: "600000", LOG_LEVEL: "error" }) as SandboxConfig;
    sandbox = await startSandbox(config, { logger: silentLogger(), bot: { postIntervalMs: 0, outboxPollMs: 50 } });
    base = `http://127.0.0.1:${sandbox.port}`;
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
  });

  it("is open, shown for the person `as` names", async () => {
    const page = await fetch(`${base}/dashboard?as=U0SARAH`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="as" value="U0SARAH"');
    expect(html).toMatch(/shown for .*U0SARAH/);
    const data = (await (await fetch(`${base}/dashboard/data.json?as=U0SARAH`)).json()) as { viewer: unknown };
    expect(data.viewer).toEqual({ kind: "person", userId: "U0SARAH" });
    expect(((await (await fetch(`${base}/dashboard/data.json`)).json()) as { viewer: unknown }).viewer).toEqual({ kind: "token" });
  });

  it("turns App Home's link into the view of the person it names; a bad one shows nobody's", async () => {
    const token = signViewerLink({ userId: "U0SARAH", expiresAt: sandbox.clock.now() + 60_000 }, sandbox.bot().dashboardKey);
    const res = await fetch(`${base}/dashboard?link=${encodeURIComponent(token)}&tier=enterprise`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/dashboard?tier=enterprise&as=U0SARAH");
    const bad = await fetch(`${base}/dashboard?link=U0SARAH.1.AAAA`, { redirect: "manual" });
    expect(bad.headers.get("location")).toBe("/dashboard");
  });
});
