import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { captureLogs } from "../support/log-capture.js";
import { bearerMatches, serveMetrics, type MetricsSource } from "../../src/metrics/metrics-endpoint.js";

const TOKEN = "s3cret-token-0123456789";

describe("bearerMatches", () => {
  it.each([
    [`Bearer ${TOKEN}`, true],
    [`bearer ${TOKEN}`, true],
    [`Bearer  ${TOKEN} `, true],
    [undefined, false],
    ["", false],
    ["Bearer", false],
    ["Bearer ", false],
    [TOKEN, false],
    [`Basic ${TOKEN}`, false],
    [`Bearer ${TOKEN.slice(0, -1)}`, false],
    [`Bearer ${TOKEN}0`, false],
    [`Bearer ${TOKEN} extra`, false],
    [`Bearer ${TOKEN.toUpperCase()}`, false],
  ])("%j → %s", (header, ok) => {
    expect(bearerMatches(header, TOKEN)).toBe(ok);
  });
});

describe("serveMetrics", () => {
  let server: Server | undefined;
  const logs: string[] = [];
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    logs.length = 0;
  });

  async function serve(source: MetricsSource, token: string | undefined): Promise<string> {
    server = createServer(serveMetrics(source, token, captureLogs("info", logs).logger));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  }

  it("does not read the database for a request without the token", async () => {
    let scrapes = 0;
    const url = await serve({ scrape: async () => (scrapes++, { contentType: "text/plain", body: "m 1\n" }) }, TOKEN);
    expect((await fetch(url)).status).toBe(401);
    expect(scrapes).toBe(0);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect([ok.status, await ok.text(), scrapes]).toEqual([200, "m 1\n", 1]);
  });

  it("answers 503 with a plain sentence, and logs why, when the figures cannot be read", async () => {
    const url = await serve({ scrape: () => Promise.reject(new Error("The database connection is not open")) }, undefined);
    const res = await fetch(url);
    expect(res.status).toBe(503);
    const body = await res.text();
    expect(body).toContain("could not be read from the database");
    expect(body).not.toMatch(/at \w+ \(|\.ts:\d+/);
    expect(logs.join("\n")).toMatch(/metrics.scrape_failed .*The database connection is not open/);
  });
});
