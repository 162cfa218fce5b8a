import { afterEach, expect, it } from "vitest";
import { loadConfig, type SandboxConfig } from "../../src/config.js";
import { silentLogger } from "../support/log-capture.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/run.js";
import { eventually } from "../support/eventually.js";
import { filledForm } from "../support/forms.js";
import { parsePrometheusText, sampleValue, sumOf } from "../support/prometheus-text.js";

/** The sandbox serves GET /metrics on its page's port, open (METRICS_TOKEN is not read there). */

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

it("serves the bot's metrics beside the page, without a token, and they follow what people do", async () => {
  const config = loadConfig({ PORT: "0", SANDBOX_DATABASE_PATH: ":memory:", SCHEDULER_INTERVAL_MS: "600000", LOG_LEVEL: "error", METRICS_TOKEN: "ignored-in-the-sandbox-0123" }) as SandboxConfig;
  sandbox = await startSandbox(config, { logger: silentLogger(), bot: { postIntervalMs: 0, outboxPollMs: 50 } });
  const url = `http://127.0.0.1:${sandbox.port}/metrics`;
  const read = async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    return parsePrometheusText(await res.text());
  };
  expect(sumOf(await read(), "escalation_bot_open_escalations")).toBe(0);

  const ws = sandbox.emulator.workspace;
  const people = sandbox.emulator.interactions;
  expect(await people.compose("U0SARAH", ws.channelByName("support-escalation")!.id, "/escalate photo uploads fail with 503 for drivers")).toEqual({ ok: true });
  const modal = await eventually(() => sandbox!.emulator.views.top("U0SARAH"), "the escalation form");
  expect(await people.submitView("U0SARAH", modal.view.id, filledForm(modal.view, { customer: { customer: "Acme Corp" } }))).toEqual({ kind: "closed" });

  const m = await read();
  const esc = (await sandbox.bot().escalations.get(1))!;
  expect(sampleValue(m, "escalation_bot_escalations_opened_total", { severity: esc.severity })).toBe(1);
  expect(sampleValue(m, "escalation_bot_open_escalations", { severity: esc.severity, level: esc.level, status: "open" })).toBe(1);
  expect(sampleValue(m, "escalation_bot_request_ack_seconds", { kind: "command" }, "escalation_bot_request_ack_seconds_count")).toBe(1);
  // The page itself is still served at its own paths.
  expect((await fetch(`http://127.0.0.1:${sandbox.port}/`)).status).toBe(200);
});
