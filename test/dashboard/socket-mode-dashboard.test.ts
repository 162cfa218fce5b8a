import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchRoute } from "../../src/slack/route-match.js";
import { startHarness, type Harness } from "../support/harness.js";

/** In Socket Mode there is no HTTP receiver: the server beside /healthz serves the dashboard's routes. */
describe("the dashboard in Socket Mode", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { SLACK_APP_TOKEN: "xapp-1-socket-test", DASHBOARD_TOKEN: "socket-dashboard-token-0123456789" } });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it("refuses without the token, answers the bearer, serves its assets, and 404s the rest", async () => {
    expect((await fetch(`${h.baseUrl}/dashboard`)).status).toBe(401);
    const data = await fetch(`${h.baseUrl}/dashboard/data.json?since=7d`, { headers: { authorization: "Bearer socket-dashboard-token-0123456789" } });
    expect(data.status).toBe(200);
    expect(((await data.json()) as { bySeverity: { volume: { total: number } } }).bySeverity.volume.total).toBe(0);
    expect((await fetch(`${h.baseUrl}/dashboard/assets/uPlot.min.css`)).status).toBe(200);
    expect((await fetch(`${h.baseUrl}/dashboard/nothing/here`)).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe("matchRoute", () => {
  it.each([
    ["/dashboard", "/dashboard", {}],
    ["/dashboard", "/dashboard/", {}],
    ["/dashboard", "/dashboards", undefined],
    ["/dashboard/assets/:name", "/dashboard/assets/uPlot.min.css", { name: "uPlot.min.css" }],
    ["/dashboard/assets/:name", "/dashboard/assets/a/b", undefined],
    ["/dashboard/assets/:name", "/dashboard/assets/..%2Fx", { name: "../x" }],
    ["/sandbox/api/*rest", "/sandbox/api/home/open", { rest: ["home", "open"] }],
    ["/sandbox/api/*rest", "/sandbox/api", undefined],
  ])("%s against %s", (pattern, path, expected) => {
    expect(matchRoute(pattern, path)).toEqual(expected);
  });
});
