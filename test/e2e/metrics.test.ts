/**
 * GET /metrics end to end: the real app (Bolt over signed HTTP, the delivery thread, the outbox, the
 * clock service) against the emulator, on the run's engine. Escalations are opened, Slack refuses
 * some calls (on the delivery thread and on the request thread), a resolution target is missed
 * after a clock move; each scrape is read with a strict parser of the text format and its values
 * held against what happened and against the database's rows.
 */
import { afterEach, describe, expect, it } from "vitest";
import { TimerRepo } from "../../src/db/timer-repo.js";
import { allRows, repoOn } from "../support/db.js";
import { eventually } from "../support/eventually.js";
import { harness, rowByKey, runCleanups, submit, TIER2 } from "../support/delivery-faults.js";
import type { Harness } from "../support/harness.js";
import { parsePrometheusText, sampleValue, sumOf, type MetricFamily } from "../support/prometheus-text.js";

afterEach(runCleanups);

const TOKEN = "metrics-token-0123456789abcdef";
const P = "escalation_bot_";
const SEV3: typeof TIER2 = { summary: "Trip report export is slow for one fleet", severity: "sev3" };

async function get(h: Harness, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${h.baseUrl}/metrics`, { headers });
}

async function scrape(h: Harness): Promise<Map<string, MetricFamily>> {
  const res = await get(h, { authorization: `Bearer ${TOKEN}` });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parsePrometheusText(await res.text());
}

/** What the open-escalations gauge must say, counted from the escalation rows themselves. */
async function openFromRows(h: Harness): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const e of await allRows(h.bot.db, "escalations")) {
    if (e.status === "resolved") continue;
    const key = `${e.severity} ${e.level} ${e.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function openFromScrape(m: Map<string, MetricFamily>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of m.get(`${P}open_escalations`)!.samples) {
    if (s.value !== 0) counts.set(`${s.labels.severity} ${s.labels.level} ${s.labels.status}`, s.value);
  }
  return counts;
}

/** Messages still to be sent, per destination, counted from the outbox rows. */
async function unsentFromRows(h: Harness): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const r of await allRows(h.bot.db, "outbox")) {
    if (r.status === "pending" || r.status === "held") counts.set(r.queue, (counts.get(r.queue) ?? 0) + 1);
  }
  return counts;
}

const unsentFromScrape = (m: Map<string, MetricFamily>) =>
  new Map(m.get(`${P}outbox_pending_messages`)!.samples.map((s) => [s.labels.destination!, s.value]));

describe("GET /metrics", () => {
  it("asks for the bearer token when METRICS_TOKEN is set, compared in full", async () => {
    const h = await harness({ env: { METRICS_TOKEN: TOKEN } });
    for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${TOKEN.slice(0, -1)}` }, { authorization: `Bearer ${TOKEN}x` }, { authorization: `Basic ${TOKEN}` }, { authorization: TOKEN }]) {
      const res = await get(h, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(await res.text()).not.toContain(P);
    }
    expect((await get(h, { authorization: `bearer ${TOKEN}` })).status).toBe(200);
    const m = await scrape(h);
    expect(m.get(`${P}open_escalations`)?.type).toBe("gauge");
    // The process's own figures are there too, under their standard names.
    expect(m.get("process_cpu_user_seconds_total")?.type).toBe("counter");
    // /healthz stays open for load balancers.
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });

  it("is open when no token is set", async () => {
    const h = await harness();
    const res = await get(h);
    expect(res.status).toBe(200);
    expect(parsePrometheusText(await res.text()).get(`${P}escalations_opened_total`)?.type).toBe("counter");
  });

  it("keeps each app's own figures when several run in one process", async () => {
    const [a, b] = [await harness({ env: { METRICS_TOKEN: TOKEN } }), await harness({ env: { METRICS_TOKEN: TOKEN } })];
    await submit(a.slack, TIER2);
    await a.bot.deliverer.drain();
    expect(sampleValue(await scrape(a), `${P}escalations_opened_total`, { severity: "sev2" })).toBe(1);
    const other = await scrape(b);
    expect(sampleValue(other, `${P}escalations_opened_total`, { severity: "sev2" })).toBe(0);
    expect(sampleValue(other, `${P}request_ack_seconds`, { kind: "view_submission" }, `${P}request_ack_seconds_count`)).toBeUndefined();
  });

  it("is served in Socket Mode too, beside /healthz, and times the envelopes acked on the socket", async () => {
    const h = await harness({ env: { SLACK_APP_TOKEN: "xapp-1-socket-test", METRICS_TOKEN: TOKEN }, fake: { users: [{ id: "U0AGENT" }] } });
    expect((await get(h)).status).toBe(401);
    h.fake.interactions.setCommands([{ command: "/escalate" }]);
    await eventually(async () => (await h.fake.interactions.compose("U0AGENT", "C0TIER1", "/escalate Acme photo uploads fail")).ok || undefined, "the socket");
    await eventually(() => h.fake.views.top("U0AGENT"), "the form");
    const m = await scrape(h);
    expect(sampleValue(m, `${P}request_ack_seconds`, { kind: "command" }, `${P}request_ack_seconds_count`)).toBe(1);
    expect(sumOf(m, `${P}open_escalations`)).toBe(0);
  });

  it("reports escalations opened and open, Slack's refusals from both threads, what waits to be sent, a breach and the scheduler's lag", async () => {
    const h = await harness({ env: { METRICS_TOKEN: TOKEN } });

    // Slack fails the first post on the delivery thread twice over: an HTTP 500, then ok:false.
    const postOf = (id: string) => (args: Record<string, unknown>) => String(args.text).startsWith(id);
    h.fake.fail("chat.postMessage", { status: 500, match: postOf("ESC-0001") });
    await submit(h.slack, TIER2, { viewId: "VSEV2" });
    await eventually(async () => (await rowByKey(h.bot, "post:1"))?.attempts === 1, "the first post's failed attempt");
    h.fake.fail("chat.postMessage", { error: "internal_error", match: postOf("ESC-0002") });
    await submit(h.slack, SEV3, { viewId: "VSEV3" });
    await eventually(async () => (await rowByKey(h.bot, "post:2"))?.attempts === 1, "the second post's failed attempt");
    // A repeated submit finds the first escalation: opened once.
    await submit(h.slack, TIER2, { viewId: "VSEV2" });
    // On the request thread, Bolt's client: the form cannot open.
    h.fake.fail("views.open", { error: "expired_trigger_id" });
    expect((await h.slack.slashCommand({ text: "" })).status).toBe(200);
    await h.fake.waitFor("chat.postEphemeral");
    // The command's listener is done once Slack's answer to its apology is back.
    const commandDone = async () => sampleValue(await scrape(h), `${P}request_duration_seconds`, { kind: "command" }, `${P}request_duration_seconds_count`);
    await eventually(async () => (await commandDone()) === 1, "the command's listener to finish");
    // The delivery thread's errors come to this thread as messages, like its log lines.
    const threadErrors = async () => sumOf(await scrape(h), `${P}slack_errors_total`, { method: "chat.postMessage" });
    await eventually(async () => (await threadErrors()) === 2, "the delivery thread's errors");

    h.clock.advance(1_500); // less than the first retry's 2 s
    let m = await scrape(h);

    expect(sampleValue(m, `${P}escalations_opened_total`, { severity: "sev2" })).toBe(1);
    expect(sampleValue(m, `${P}escalations_opened_total`, { severity: "sev3" })).toBe(1);
    expect(sampleValue(m, `${P}escalations_opened_total`, { severity: "sev1" })).toBe(0);

    const [sev2, sev3] = [(await h.bot.escalations.get(1))!, (await h.bot.escalations.get(2))!];
    expect(sampleValue(m, `${P}open_escalations`, { severity: "sev2", level: sev2.level, status: "open" })).toBe(1);
    expect(sampleValue(m, `${P}open_escalations`, { severity: "sev3", level: sev3.level, status: "open" })).toBe(1);
    expect(sumOf(m, `${P}open_escalations`)).toBe(2);
    expect(openFromScrape(m)).toEqual(await openFromRows(h));
    expect(sumOf(m, `${P}open_escalations_breached`)).toBe(0);

    expect(sampleValue(m, `${P}slack_errors_total`, { method: "chat.postMessage", code: "http_500" })).toBe(1);
    expect(sampleValue(m, `${P}slack_errors_total`, { method: "chat.postMessage", code: "internal_error" })).toBe(1);
    expect(sampleValue(m, `${P}slack_errors_total`, { method: "views.open", code: "expired_trigger_id" })).toBe(1);
    // Besides those, only the lookups of the playbook's role e-mails this workspace has no one for.
    const others = m.get(`${P}slack_errors_total`)!.samples.filter((s) => !["chat.postMessage", "views.open"].includes(s.labels.method!));
    expect(others.map((s) => `${s.labels.method} ${s.labels.code}`)).toEqual(others.map(() => "users.lookupByEmail users_not_found"));

    // Both posts wait for their retry; the confirmations wait for the posts.
    const [post1, post2] = [(await rowByKey(h.bot, "post:1"))!, (await rowByKey(h.bot, "post:2"))!];
    expect(sampleValue(m, `${P}outbox_pending_messages`, { destination: post1.queue })).toBe(post1.queue === post2.queue ? 2 : 1);
    expect(sampleValue(m, `${P}outbox_pending_messages`, { destination: "user:U0AGENT" })).toBe(2);
    expect(unsentFromScrape(m)).toEqual(await unsentFromRows(h));
    for (const s of m.get(`${P}outbox_oldest_pending_age_seconds`)!.samples) expect(s.value).toBe(1.5);

    // Three requests answered: two submits and the repeat, one command.
    expect(sampleValue(m, `${P}request_ack_seconds`, { kind: "view_submission" }, `${P}request_ack_seconds_count`)).toBe(3);
    expect(sampleValue(m, `${P}request_ack_seconds`, { kind: "command" }, `${P}request_ack_seconds_count`)).toBe(1);
    expect(sampleValue(m, `${P}request_ack_seconds`, { kind: "view_submission" }, `${P}request_ack_seconds_sum`)).toBeGreaterThan(0);
    expect(sampleValue(m, `${P}request_duration_seconds`, { kind: "command" }, `${P}request_duration_seconds_count`)).toBe(1);
    expect(sampleValue(m, `${P}scheduler_overdue_timers`)).toBe(0);
    expect(sampleValue(m, `${P}scheduler_lag_seconds`)).toBe(0);

    // Slack recovers: nothing waits any more.
    h.clock.advance(500);
    await h.bot.deliverer.drain();
    await eventually(async () => (await unsentFromRows(h)).size === 0, "every message sent");
    m = await scrape(h);
    expect(m.get(`${P}outbox_pending_messages`)!.samples).toEqual([]);

    // The Sev 2's resolution target passes before the scheduler's tick: its clocks wait, and say how long.
    h.clock.set(new Date(sev2.resolutionDue + 90_000).toISOString());
    const due = await repoOn(h.bot.db, TimerRepo).due(h.clock.now(), 1_000);
    expect(due.map((t) => t.kind)).toContain("resolution_breach");
    m = await scrape(h);
    expect(sampleValue(m, `${P}scheduler_overdue_timers`)).toBe(due.length);
    expect(sampleValue(m, `${P}scheduler_lag_seconds`)).toBe((h.clock.now() - Math.min(...due.map((t) => t.dueAt))) / 1000);

    await h.bot.clocks.tick(h.clock.now());
    await h.bot.deliverer.drain();
    m = await scrape(h);
    expect((await h.bot.escalations.get(1))!.breachedAt).not.toBeNull();
    expect((await h.bot.escalations.get(2))!.breachedAt).toBeNull();
    expect(sampleValue(m, `${P}sla_breaches_total`, { severity: "sev2" })).toBe(1);
    expect(sampleValue(m, `${P}sla_breaches_total`, { severity: "sev3" })).toBe(0);
    expect(sumOf(m, `${P}open_escalations_breached`, { severity: "sev2" })).toBe(1);
    expect(sumOf(m, `${P}open_escalations_breached`, { severity: "sev3" })).toBe(0);
    // Missed first responses moved them up the ladder: the gauge follows the rows.
    expect(openFromScrape(m)).toEqual(await openFromRows(h));
    expect(sampleValue(m, `${P}scheduler_overdue_timers`)).toBe(0);
    expect(sampleValue(m, `${P}scheduler_lag_seconds`)).toBe(0);
  });
});
