/**
 * The integrations' one HTTP call: a JSON POST (or a GET: Jira's reads) with a timeout, its answer sorted into sent, try
 * again later (429 with its Retry-After, 5xx, 408, a timeout, the network) or never going to pass
 * as it is (401, 403, 404, 400...: a person must fix the configuration).
 */

export type PostOutcome =
  | { ok: true; status: number; body: string }
  | { ok: false; retry: true; code: string; retryAfterMs?: number }
  | { ok: false; retry: false; code: string };

/** How long one call may take before it counts as a failed attempt (retried later). */
export const INTEGRATION_CALL_TIMEOUT_MS = 10_000;
/** What of an answer's body is kept in the error (it says why, e.g. PagerDuty's "Invalid routing key"). */
const MAX_ERROR_BODY = 200;
/** A Retry-After beyond this is held to it: the outbox's own backoff never waits longer either. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs?: number; now?: () => number; method?: "POST" | "GET" } = {},
): Promise<PostOutcome> {
  const get = opts.method === "GET";
  let res: Response;
  try {
    res = await fetch(url, {
      method: get ? "GET" : "POST",
      headers: { ...(get ? { accept: "application/json" } : { "content-type": "application/json" }), "user-agent": "escalation-bot", ...headers },
      ...(get ? {} : { body }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? INTEGRATION_CALL_TIMEOUT_MS),
      redirect: "error",
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === "TimeoutError" || e.name === "AbortError") return { ok: false, retry: true, code: "timeout" };
    return { ok: false, retry: true, code: `network: ${e.cause?.code ?? e.cause?.message ?? e.message}` };
  }
  const text = await res.text().catch(() => "");
  if (res.ok) return { ok: true, status: res.status, body: text };
  const code = `http_${res.status}${text.trim() ? `: ${text.trim().replace(/\s+/g, " ").slice(0, MAX_ERROR_BODY)}` : ""}`;
  if (res.status === 429) {
    const after = retryAfterMs(res.headers.get("retry-after"), opts.now?.() ?? Date.now());
    return { ok: false, retry: true, code, ...(after !== undefined ? { retryAfterMs: after } : {}) };
  }
  if (res.status >= 500 || res.status === 408) return { ok: false, retry: true, code };
  return { ok: false, retry: false, code };
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header.trim());
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));
}
