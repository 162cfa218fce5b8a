import { signedHeaders } from "./signing.js";
import type { EnvelopeType, SocketHub } from "./socket-mode.js";

/**
 * How the workspace reaches the app: over the app's Socket Mode connection when it has one, else
 * as a signed HTTP POST to its request URL, exactly as Slack does. Slack waits 3 seconds for the
 * acknowledgement and tells the person when none comes.
 */

export const ACK_TIMEOUT_MS = 3_000;

export interface AppEndpoint {
  requestUrl: string;
  signingSecret: string;
}

export type AppAnswer =
  /** The app acknowledged; `body` is what it answered with (a response_action, a message, or nothing). */
  | { ok: true; body: unknown }
  /** Slack's own wording of what went wrong, e.g. "operation_timeout" or "dispatch_failed". */
  | { ok: false; error: "operation_timeout" | "dispatch_failed" | "no_app_connected" };

export class AppLink {
  private endpoint: AppEndpoint | undefined;

  constructor(private readonly socket: SocketHub) {}

  /** Where HTTP requests go (set once the app listens). */
  connectHttp(endpoint: AppEndpoint | undefined): void {
    this.endpoint = endpoint;
  }

  /**
   * Sends a slash command (`fields` form-encoded), an interaction payload or an Events API
   * callback, and waits for the acknowledgement.
   */
  async send(type: EnvelopeType, payload: Record<string, unknown>): Promise<AppAnswer> {
    if (this.socket.connected) {
      const answer = await this.socket.send(type, payload, ACK_TIMEOUT_MS);
      return answer.acked ? { ok: true, body: answer.payload } : { ok: false, error: "operation_timeout" };
    }
    if (!this.endpoint) return { ok: false, error: "no_app_connected" };
    const { body, contentType } = encode(type, payload);
    try {
      const res = await fetch(this.endpoint.requestUrl, {
        method: "POST",
        body,
        headers: signedHeaders(this.endpoint.signingSecret, body, {}, contentType),
        signal: AbortSignal.timeout(ACK_TIMEOUT_MS),
      });
      const text = await res.text();
      if (res.status !== 200) return { ok: false, error: "dispatch_failed" };
      return { ok: true, body: parseBody(text) };
    } catch (err) {
      return { ok: false, error: err instanceof Error && err.name === "TimeoutError" ? "operation_timeout" : "dispatch_failed" };
    }
  }
}

function encode(type: EnvelopeType, payload: Record<string, unknown>): { body: string; contentType: string } {
  switch (type) {
    case "slash_commands":
      return {
        body: new URLSearchParams(Object.entries(payload).map(([k, v]): [string, string] => [k, String(v)])).toString(),
        contentType: "application/x-www-form-urlencoded",
      };
    case "interactive":
      return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: "application/x-www-form-urlencoded" };
    case "events_api":
      return { body: JSON.stringify(payload), contentType: "application/json" };
  }
}

/** An empty body is a plain ack; JSON is a response; anything else is text Slack shows as is. */
function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { text };
  }
}
