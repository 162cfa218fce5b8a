import { afterEach, describe, expect, it } from "vitest";
import { postJson } from "../../src/integrations/http-post.js";
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from "../support/fake-integrations.js";

/** The integrations' one HTTP call, sorted: sent, try again later, or never as it is (a real local server). */

let server: FakeWebhookReceiver | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("postJson", () => {
  it("a 2xx is sent; 429 (with its Retry-After), 5xx and 408 are tried again; 400, 401, 403, 404 are not", async () => {
    server = await startFakeWebhookReceiver();
    expect(await postJson(server.url, "{}", {})).toMatchObject({ ok: true, status: 202 });
    server.failNext(
      { status: 429, headers: { "retry-after": "7" } },
      { status: 503, body: "down" },
      { status: 408 },
      { status: 400, body: '{"errors":["Invalid routing key"]}' },
      { status: 401 },
      { status: 403 },
      { status: 404, body: "" },
    );
    expect(await postJson(server.url, "{}", {})).toMatchObject({ ok: false, retry: true, retryAfterMs: 7_000 });
    expect(await postJson(server.url, "{}", {})).toEqual({ ok: false, retry: true, code: "http_503: down" });
    expect(await postJson(server.url, "{}", {})).toMatchObject({ ok: false, retry: true });
    expect(await postJson(server.url, "{}", {})).toEqual({ ok: false, retry: false, code: 'http_400: {"errors":["Invalid routing key"]}' });
    for (const status of [401, 403]) expect(await postJson(server.url, "{}", {})).toMatchObject({ ok: false, retry: false, code: expect.stringMatching(new RegExp(`^http_${status}`)) });
    expect(await postJson(server.url, "{}", {})).toEqual({ ok: false, retry: false, code: "http_404" });
  });

  it("a call left unanswered past its timeout, and a refused connection, are tried again", async () => {
    server = await startFakeWebhookReceiver();
    server.holdAnswers(1);
    expect(await postJson(server.url, "{}", {}, { timeoutMs: 200 })).toEqual({ ok: false, retry: true, code: "timeout" });
    const url = server.url;
    await server.stop();
    server = undefined;
    expect(await postJson(url, "{}", {})).toMatchObject({ ok: false, retry: true, code: expect.stringMatching(/^network: ECONNREFUSED/) });
  });
});
