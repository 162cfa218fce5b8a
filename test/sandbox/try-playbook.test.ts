import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { loadConfig, type SandboxConfig } from "../../src/config.js";
import { DEFAULT_POLICY_FILE } from "../../src/policy/loader.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/run.js";
import { silentLogger } from "../support/log-capture.js";

/**
 * The sandbox page's "Try the playbook" endpoints over HTTP: the form's choices from the playbook
 * the sandbox runs, the same report as `policy simulate --json`, the sandbox clock's now (travelled
 * too) when no time is given, bad input answered in the form's words, cross-origin posts refused.
 */

let sandbox: RunningSandbox;
let base: string;

beforeAll(async () => {
  const config = loadConfig({ PORT: "0", SANDBOX_DATABASE_PATH: ":memory:", SCHEDULER_INTERVAL_MS: "600000", LOG_LEVEL: "error" }) as SandboxConfig;
  sandbox = await startSandbox(config, { logger: silentLogger(), bot: { postIntervalMs: 0, outboxPollMs: 50 } });
  base = `http://127.0.0.1:${sandbox.port}/sandbox/api/`;
}, 60_000);
afterAll(async () => {
  await sandbox.stop();
});

const post = async (body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}playbook/simulate`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const TEXT = "Photo upload fails for Acme: drivers are unable to use the app";

describe("Try the playbook in the sandbox", () => {
  it("offers the playbook's tiers and fields, and the sandbox clock's now", async () => {
    const form = (await (await fetch(`${base}playbook`)).json()) as Record<string, unknown>;
    expect(form).toMatchObject({ name: "Fleet Management iOS", zone: "America/Los_Angeles", defaultTier: "standard" });
    expect(form.tiers).toEqual([{ id: "enterprise", label: "Enterprise" }, { id: "standard", label: "Standard" }, { id: "trial", label: "Trial" }]);
    expect(form.fields).toEqual([
      { id: "customers_affected", label: "Customers affected", kind: "number", hint: "How many customers report the same issue (1 if only this one)" },
      { id: "refund_amount", label: "Refund or credit requested (USD)", kind: "number", hint: "Amount the customer asks for, if any" },
    ]);
    const now = Date.parse(String(form.now));
    expect(Math.abs(now - sandbox.clock.now())).toBeLessThan(60_000);
  });

  it("answers with the same report as policy simulate --json", async () => {
    const r = await post({ text: TEXT, tier: "enterprise", fields: { customers_affected: "12", refund_amount: "" }, at: "2026-12-24T18:00-08:00", customerRequested: false });
    expect(r.status).toBe(200);
    const out: string[] = [];
    runCli(["policy", "simulate", "--policy", DEFAULT_POLICY_FILE, "--text", TEXT, "--tier", "enterprise", "--field", "customers_affected=12", "--at", "2026-12-24T18:00-08:00", "--json"], { out: (l) => out.push(l), err: () => undefined });
    expect(r.body).toEqual({ ok: true, report: JSON.parse(out.join("\n")) });
  });

  it("opens at the sandbox clock's now when no time is given, time travel included", async () => {
    sandbox.clock.advance(3 * 86_400_000);
    try {
      const before = sandbox.clock.now();
      const r = await post({ text: "The customer asked us to escalate: the export button is broken", customerRequested: true });
      const report = r.body.report as { openedAt: { iso: string }; route: { level: { id: string } }; lines: { what: string }[]; reasons: string[] };
      const opened = Date.parse(report.openedAt.iso);
      expect(opened).toBeGreaterThanOrEqual(before);
      expect(opened - before).toBeLessThan(10_000);
      // The customer's request: the next tier from Tier 1 (Tier 2) and the Support Manager, the trigger's line cited.
      expect(report.route.level.id).toBe("tier2");
      expect(report.lines.map((l) => l.what)).toContain("customer asked for escalation");
    } finally {
      sandbox.clock.backToRealTime();
    }
  });

  it("answers bad input in the form's words, and refuses a post from another site", async () => {
    expect(await post({ text: "x", tier: "gold" })).toEqual({ status: 400, body: { ok: false, error: "Tier 'gold' is not a tier of Fleet Management iOS; use one of: enterprise, standard, trial" } });
    expect((await post({ text: "x", fields: { customers_affected: "many" } })).body.error).toBe(
      "Field 'customers_affected=many': customers_affected is a number; write e.g. customers_affected=5000",
    );
    expect((await post({ text: "x", fields: { vip: true } })).body.error).toBe("Field 'vip=yes': 'vip' is not a field of Fleet Management iOS; use one of: customers_affected, refund_amount");
    expect((await post({ text: "x", at: "tomorrow" })).body.error).toBe("Opened at 'tomorrow' is not an ISO-8601 time; write e.g. 2026-03-06T19:30:00-08:00");
    expect((await post({ tier: "enterprise" })).status).toBe(400);
    expect((await post({ text: "x" }, { origin: "http://evil.example" })).status).toBe(403);
  });
});
