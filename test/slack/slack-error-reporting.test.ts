import type { FetchFunction } from "@slack/web-api";
import { WebClient, WebAPIPlatformError } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { reportingSlackErrors } from "../../src/slack/slack-error-reporting.js";

const API = "https://slack.example/api/";

/** A fetch that answers every call with `status`, `body` and `headers`, or fails as `fail` says. */
function answering(status: number, body: string, headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" }, fail?: Error): FetchFunction {
  return async () => {
    if (fail) throw fail;
    return new Response(body, { status, headers }) as unknown as Awaited<ReturnType<FetchFunction>>;
  };
}

async function reported(method: string, underlying: FetchFunction, url = `${API}${method}`): Promise<string[]> {
  const seen: string[] = [];
  const fetchFn = reportingSlackErrors(API, (m, code) => seen.push(`${m} ${code}`), underlying);
  await fetchFn(url, { method: "POST" }).then((r) => r.text()).catch(() => undefined);
  return seen;
}

describe("reportingSlackErrors", () => {
  it.each([
    ["Slack's ok:false", answering(200, '{"ok":false,"error":"channel_not_found"}'), ["chat.postMessage channel_not_found"]],
    ["a rate limit", answering(429, '{"ok":false,"error":"ratelimited"}', { "retry-after": "3" }), ["chat.postMessage ratelimited"]],
    ["an HTTP error", answering(503, "unavailable", { "content-type": "text/plain" }), ["chat.postMessage http_503"]],
    ["no answer", answering(0, "", {}, new TypeError("fetch failed")), ["chat.postMessage network"]],
    ["a call that timed out", answering(0, "", {}, Object.assign(new Error("timed out"), { name: "TimeoutError" })), ["chat.postMessage timeout"]],
    ["an odd error code", answering(200, '{"ok":false,"error":"<!channel> injected"}'), ["chat.postMessage other"]],
    ["a success", answering(200, '{"ok":true,"ts":"1.2","message":{"text":"\\"ok\\":false"}}'), []],
    ["a success whose nested object says ok:false", answering(200, '{"ok":true,"item":{"ok":false}}'), []],
  ])("%s", async (_, underlying, expected) => {
    expect(await reported("chat.postMessage", underlying)).toEqual(expected);
  });

  it("names a file's upload URL by what it is, not by its address", async () => {
    expect(await reported("", answering(500, "no", { "content-type": "text/plain" }), "https://files.example/upload/v1/abc123")).toEqual(["file_upload http_500"]);
  });

  it("leaves the answer whole for the Web API client, which still throws Slack's error", async () => {
    const seen: string[] = [];
    const client = new WebClient("xoxb-test", {
      slackApiUrl: API,
      retryConfig: { retries: 0 },
      fetch: reportingSlackErrors(API, (m, code) => seen.push(`${m} ${code}`), answering(200, '{"ok":false,"error":"not_in_channel"}')),
    });
    const err = await client.chat.postMessage({ channel: "C1", text: "hi" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebAPIPlatformError);
    expect((err as WebAPIPlatformError).data.error).toBe("not_in_channel");
    expect(seen).toEqual(["chat.postMessage not_in_channel"]);

    const ok = new WebClient("xoxb-test", { slackApiUrl: API, fetch: reportingSlackErrors(API, () => seen.push("?"), answering(200, '{"ok":true,"channel":"C1","ts":"1.5"}')) });
    expect(await ok.chat.postMessage({ channel: "C1", text: "hi" })).toMatchObject({ ok: true, channel: "C1", ts: "1.5" });
    expect(seen).toHaveLength(1);
  });
});
