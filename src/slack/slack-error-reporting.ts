import type { FetchFunction } from "@slack/web-api";

/** Told of each Web API call Slack refused or that never got an answer: its method and code. */
export type SlackErrorSink = (method: string, code: string) => void;

/** Label values stay a small, known vocabulary: anything else is "other". */
const SAFE_LABEL = /^[A-Za-z0-9_.]{1,64}$/;
export const errorLabel = (value: string) => (SAFE_LABEL.test(value) ? value : "other");

/**
 * A fetch for the Web API client (its `fetch` option) that reports every failed attempt by method
 * and code, whoever made the call: Bolt's clients for the listeners as well as the deliverer's.
 * The client itself offers no hook for its errors, and Bolt builds its own clients from the options
 * it is given, so the transport is the one place that sees them all.
 *
 * Codes are Slack's (`channel_not_found`, `not_in_channel`, ...), `ratelimited` for a 429,
 * `http_<status>` for another status, `timeout` and `network` for calls that got no answer. The
 * response is read once, here; the client reads the same text.
 */
export function reportingSlackErrors(slackApiUrl: string, onError: SlackErrorSink, fetchFn: FetchFunction = globalThis.fetch as FetchFunction): FetchFunction {
  return async (url, init) => {
    const method = methodOf(String(url), slackApiUrl);
    let res;
    try {
      res = await fetchFn(url, init);
    } catch (err) {
      onError(method, err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError") ? "timeout" : "network");
      throw err;
    }
    if (res.status === 429) onError(method, "ratelimited");
    else if (res.status !== 200) onError(method, `http_${res.status}`);
    if (res.status !== 200 || !(res.headers.get("content-type") ?? "").includes("json")) return res;
    const text = await res.text();
    // Slack says ok:false at the top of the answer; parsed only when it may be there.
    if (text.includes('"ok":false')) {
      const code = platformError(text);
      if (code !== undefined) onError(method, errorLabel(code));
    }
    return {
      ok: res.ok,
      status: res.status,
      statusText: res.statusText,
      url: res.url,
      headers: res.headers,
      text: async () => text,
      json: async () => JSON.parse(text) as unknown,
      arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
    };
  };
}

/** `chat.postMessage` from `https://slack.com/api/chat.postMessage`; a file's upload URL is `file_upload`. */
function methodOf(url: string, slackApiUrl: string): string {
  if (!url.startsWith(slackApiUrl)) return "file_upload";
  return errorLabel(url.slice(slackApiUrl.length).split("?")[0]!);
}

function platformError(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { ok?: unknown; error?: unknown };
    if (body.ok !== false) return undefined;
    return typeof body.error === "string" ? body.error : "unknown";
  } catch {
    return undefined;
  }
}
