import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signViewerLink } from "../../src/dashboard/viewer-link.js";
import type { Actor } from "../../src/domain/permissions.js";
import { csvLine } from "../../src/domain/csv.js";
import { dur, pct } from "../../src/domain/metrics-render.js";
import { severityLabel, tierLabel } from "../../src/domain/playbook/lookup.js";
import { ReportService } from "../../src/services/report-service.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { DEFAULT_CHANNELS } from "../support/test-slack.js";

/**
 * GET /dashboard on the real bot (Slack mode, a fake Slack over HTTP): who gets in (a bearer token,
 * the login link's cookie, App Home's signed viewer links; nobody else), what each sees of a
 * restricted escalation, and figures equal to `escalation-bot report`'s for the same period.
 */

const TOKEN = "dashboard-test-token-0123456789";
const MIKE = "U0MIKE"; // an engineer: may not see the security incident
const OMAR = "U0OMAR"; // the security officer: may
const SARAH = "U0AGENT";
const manager = (userId: string): Actor => ({ userId, roles: new Set(["support-manager"]), channels: new Set() });
// The harness's clock starts 2026-01-15 16:00 UTC: 08:00 in the playbook's Los Angeles.
const PERIOD = "since=2026-01-15&until=2026-01-16";

let h: Harness;
let base: string;

interface Table {
  id: string;
  caption: string;
  columns: string[];
  rows: { header: string; cells: string[] }[];
}
interface Data {
  bySeverity: unknown;
  byTier: unknown;
  topCustomers: { names: string[]; count: number }[];
  repeatCustomers: { names: string[]; count: number }[];
  restrictedHidden: number;
  open: Table;
  tables: Table[];
  charts: { id: string; x: number[]; series: { label: string; values: (number | null)[] }[] }[];
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers, redirect: "manual" });
const bearer = { authorization: `Bearer ${TOKEN}` };
const sessionOf = (res: Response) => /dashboard_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0];
const link = (userId: string, expiresAt: number) => signViewerLink({ userId, expiresAt }, h.bot.dashboardKey);
async function data(headers: Record<string, string>, query = PERIOD): Promise<Data> {
  const res = await get(`/dashboard/data.json?${query}`, headers);
  expect(res.status).toBe(200);
  return (await res.json()) as Data;
}
async function signInWith(userId: string): Promise<Record<string, string>> {
  const res = await get(`/dashboard?link=${encodeURIComponent(link(userId, h.clock.now() + 60_000))}`);
  expect(res.status).toBe(200);
  const cookie = sessionOf(res);
  expect(cookie).toBeDefined();
  return { cookie: cookie! };
}

beforeAll(async () => {
  h = await startHarness({
    env: { DASHBOARD_TOKEN: TOKEN },
    fake: {
      users: [
        { id: SARAH, name: "sarah", realName: "Sarah Chen" },
        { id: MIKE, name: "mike", realName: "Mike Weber" },
        { id: OMAR, name: "omar", realName: "Omar Haddad", email: "security@fleetmanagement.com" },
        { id: "U0DANA", name: "dana", realName: "Dana Park" },
      ],
      channels: DEFAULT_CHANNELS.map((c) => (c.id === "C0SEC" ? { ...c, is_private: true, members: ["U0BOT", OMAR] } : c)),
    },
  });
  base = h.baseUrl;
  const open = async (fields: Record<string, string>) => {
    await h.slack.interaction(escalationSubmission(fields));
    return (await h.bot.escalations.get((await h.bot.db.read(async (tx) => (await tx.q.select().from(tx.t.escalations)).length)))!)!;
  };
  const acme = await open({ customer: "Acme Corp", severity: "sev2", tier: "enterprise" });
  h.clock.advanceMinutes(10);
  await h.bot.escalations.acknowledge(acme.id, manager("U0DANA"));
  h.clock.advanceMinutes(50);
  expect((await h.bot.escalations.resolve(acme.id, manager("U0DANA"), { resolution: "Restarted workers", rootCause: "Queue full" })).kind).toBe("resolved");
  const breach = await open({ customer: "Zebracorp", severity: "sev1", summary: "Zebracorp reports a data breach: another fleet's trips visible", category: "security" });
  expect(breach.restricted).toBe(true);
  h.clock.advanceMinutes(5);
  await h.bot.escalations.acknowledge(breach.id, manager("U0DANA"));
  await open({ customer: "ACME Corporation.", severity: "sev3", tier: "standard" });
  await open({ customer: "=HYPERLINK(\"http://evil.test\")", severity: "sev3", tier: "standard" });
  h.clock.advanceMinutes(30);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe("dashboard access", () => {
  it("refuses anyone without the token, a session or a link: a page saying how to get in, never the data", async () => {
    const page = await get("/dashboard");
    expect(page.status).toBe(401);
    const html = await page.text();
    expect(html).toContain("Home");
    expect(html).toContain("DASHBOARD_TOKEN");
    expect(html).not.toContain("Acme");
    for (const path of [`/dashboard/data.json?${PERIOD}`, "/dashboard/open.json", `/dashboard/export.csv?${PERIOD}`]) {
      const res = await get(path);
      expect(res.status, path).toBe(401);
      expect(await res.text()).not.toContain("Acme");
    }
    expect((await get("/dashboard/data.json", { authorization: "Bearer not-the-token-at-all" })).status).toBe(401);
    expect((await get("/dashboard/data.json", { cookie: "dashboard_session=t.abc.99999999999999.AAAA" })).status).toBe(401);
  });

  it("serves the page's script and uPlot to anyone (they hold no data), and nothing else from the folder", async () => {
    const js = await get("/dashboard/assets/uPlot.iife.min.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect((await get("/dashboard/assets/dashboard.js")).status).toBe(200);
    expect((await get("/dashboard/assets/..%2Froutes.ts")).status).toBe(404);
    expect((await get("/dashboard/assets/routes.ts")).status).toBe(404);
  });

  it("answers the bearer token", async () => {
    const res = await get("/dashboard", bearer);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await res.text()).toContain('<form id="filters"');
  });

  it("a login link with the token sets a signed HttpOnly, SameSite=Strict cookie that opens the dashboard; a wrong one sets nothing", async () => {
    const wrong = await get("/dashboard/login?token=nope-nope-nope-nope");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const res = await get(`/dashboard/login?token=${TOKEN}`);
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/dashboard/);
    expect(await res.text()).toContain('http-equiv="refresh"');
    const cookie = sessionOf(res)!;
    expect((await get("/dashboard", { cookie })).status).toBe(200);
    // A cookie changed by hand is not ours.
    const [kind, who, expiry, sig] = cookie.split("=")[1]!.split(".") as [string, string, string, string];
    const flipped = `${sig[0] === "A" ? "B" : "A"}${sig.slice(1)}`;
    expect((await get("/dashboard", { cookie: `dashboard_session=${kind}.${who}.${expiry}.${flipped}` })).status).toBe(401);
    // Nor one whose expiry was moved on.
    expect((await get("/dashboard", { cookie: `dashboard_session=${kind}.${who}.${Number(expiry) + 86_400_000}.${sig}` })).status).toBe(401);
  });

  it("a viewer link from App Home signs its person in; an expired or forged one is refused", async () => {
    const ok = await get(`/dashboard?link=${encodeURIComponent(link(MIKE, h.clock.now() + 60_000))}&tier=enterprise`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("/dashboard?tier=enterprise");
    expect((await get("/dashboard", { cookie: sessionOf(ok)! })).status).toBe(200);

    const expired = await get(`/dashboard?link=${encodeURIComponent(link(MIKE, h.clock.now() - 1))}`);
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain("expired");
    expect(expired.headers.get("set-cookie")).toBeNull();

    const [user, expiry, sig] = link(MIKE, h.clock.now() + 60_000).split(".");
    const forged = await get(`/dashboard?link=${encodeURIComponent(`${OMAR}.${expiry}.${sig}`)}`);
    expect(user).toBe(MIKE);
    expect(forged.status).toBe(401);
    expect(forged.headers.get("set-cookie")).toBeNull();
    const otherKey = await get(`/dashboard?link=${encodeURIComponent(signViewerLink({ userId: OMAR, expiresAt: h.clock.now() + 60_000 }, "ab".repeat(32)))}`);
    expect(otherKey.status).toBe(401);
  });
});

describe("dashboard figures", () => {
  it("are the report's for the same period, by severity and by tier", async () => {
    const d = await data(bearer);
    const reports = new ReportService({ db: h.bot.db, policy: h.bot.policy });
    const period = { since: Date.parse("2026-01-15T08:00:00Z"), until: Date.parse("2026-01-16T08:00:00Z") };
    const strip = ({ breaches: _b, topCustomers: _t, repeatCustomers: _r, ...rest }: Awaited<ReturnType<ReportService["report"]>>) => rest;
    const bySeverity = strip(await reports.report(period, "severity"));
    const byTier = strip(await reports.report(period, "tier"));
    expect(d.bySeverity).toEqual(bySeverity);
    expect(d.byTier).toEqual(byTier);
    expect(bySeverity.volume.total).toBe(4);
    expect(bySeverity.overall.mttaMs).toBe(7.5 * 60_000);
    // The table shows the report's own cells.
    const table = d.tables.find((t) => t.id === "by-severity")!;
    expect(table.rows.at(-1)).toEqual({ header: "all", cells: ["4", "7 min", "1 h", expect.stringMatching(/%/), expect.any(String), expect.any(String)] });
    // Each day's volume adds up to the period's.
    const volume = d.charts.find((c) => c.id === "volume")!;
    expect(volume.series[0]!.values.reduce((a, b) => a! + b!, 0)).toBe(4);
  });

  it("filters by severity, tier and category", async () => {
    const sev3 = await data(bearer, `${PERIOD}&severity=sev3`);
    expect((sev3.bySeverity as { volume: { total: number } }).volume.total).toBe(2);
    // Only the two Sev 3 ones are open under that filter (the Sev 1 is open too, without it).
    expect(sev3.open.rows.map((r) => r.cells[0])).toEqual([expect.stringMatching(/^Sev 3/), expect.stringMatching(/^Sev 3/)]);
    const security = await data(bearer, `${PERIOD}&category=security`);
    expect((security.bySeverity as { volume: { total: number } }).volume.total).toBe(1);
    const bad = await get(`/dashboard/data.json?${PERIOD}&tier=platinum`, bearer);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/tier must be one of/);
    expect((await get("/dashboard/data.json?since=yesterday", bearer)).status).toBe(400);
    // The page still opens, with the default period, and says what was wrong (as text).
    const page = await get("/dashboard?since=<b>yesterday</b>", bearer);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("since must be a span such as 7d");
    expect(html).toContain("&lt;b&gt;yesterday&lt;/b&gt;");
    expect(html).not.toContain("<b>yesterday");
  });

  it("shows a token holder restricted escalations only as counts: in the list, the customers and the CSV", async () => {
    const d = await data(bearer);
    const text = JSON.stringify({ open: d.open, tables: d.tables, top: d.topCustomers });
    expect(text).not.toContain("Zebracorp");
    expect(d.restrictedHidden).toBe(1);
    expect(d.open.rows.find((r) => r.header === "Restricted")?.cells[0]).toMatch(/^1 restricted escalation/);
    expect(d.topCustomers.map((c) => c.names[0])).toEqual(["Acme Corp", "=HYPERLINK(\"http://evil.test\")"]);
    expect(d.repeatCustomers).toEqual([expect.objectContaining({ names: ["Acme Corp", "ACME Corporation."], count: 2 })]);
    const csv = await (await get(`/dashboard/export.csv?${PERIOD}`, bearer)).text();
    expect(csv).not.toContain("Zebracorp");
    expect(csv).toContain("1 restricted escalation");
    // A customer's name a spreadsheet would run as a formula is text.
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it("shows a link viewer the playbook keeps out of a restricted escalation only its count, and the security officer its details", async () => {
    const mike = await data(await signInWith(MIKE));
    expect(JSON.stringify(mike)).not.toContain("Zebracorp");
    expect(mike.restrictedHidden).toBe(1);
    const omar = await data(await signInWith(OMAR));
    expect(omar.restrictedHidden).toBe(0);
    const row = omar.open.rows.find((r) => r.cells.includes("Zebracorp"))!;
    // Its owner by name (Slack's users.info), not by id.
    expect(row.cells[5]).toMatch(/Dana|dana/);
    expect(omar.topCustomers.some((c) => c.names.includes("Zebracorp"))).toBe(true);
    // Both see the same figures: the restricted one counts in them for everyone.
    expect(omar.bySeverity).toEqual(mike.bySeverity);
  });

  it("the CSV's figures by severity and by tier are the report's", async () => {
    const csv = await (await get(`/dashboard/export.csv?${PERIOD}`, bearer)).text();
    const reports = new ReportService({ db: h.bot.db, policy: h.bot.policy });
    const period = { since: Date.parse("2026-01-15T08:00:00Z"), until: Date.parse("2026-01-16T08:00:00Z") };
    for (const [by, caption] of [
      ["severity", "The period by severity: volume, MTTA, MTTR and SLA compliance"],
      ["tier", "SLA compliance by tier: volume, MTTA, MTTR and targets met"],
    ] as const) {
      const report = await reports.report(period, by);
      const cell = (row: string, column: string) => {
        const prefix = `${csvLine([caption, row, column])},`;
        return csv.split("\r\n").find((l) => l.startsWith(prefix))?.slice(prefix.length);
      };
      expect(cell("all", "opened")).toBe(String(report.overall.opened));
      expect(cell("all", "MTTA")).toBe(dur(report.overall.mttaMs));
      expect(cell("all", "MTTR")).toBe(dur(report.overall.mttrMs));
      expect(cell("all", "first response")).toBe(pct(report.overall.firstResponse));
      expect(cell("all", "resolution")).toBe(pct(report.overall.resolution));
      const label = (key: string) => (by === "severity" ? severityLabel(h.bot.policy, key) : tierLabel(h.bot.policy, key));
      for (const g of report.groups) expect(cell(label(g.key), "opened"), `${by} ${g.key}`).toBe(String(g.figures.opened));
    }
  });

  it("the CSV is what the page's tables hold, cell by cell", async () => {
    const d = await data(bearer);
    const csv = await (await get(`/dashboard/export.csv?${PERIOD}`, bearer)).text();
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("table,row,column,value");
    const cells = [d.open, ...d.tables].flatMap((t) => t.rows.flatMap((r) => r.cells.map(() => t.caption)));
    expect(lines.length - 1).toBe(cells.length);
  });
});
