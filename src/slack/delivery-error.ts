import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from "@slack/web-api";
import { CHANNEL_WAIT_ERRORS } from "../domain/channel-wait.js";
import { ChannelNotFoundError } from "./channel-directory.js";

export type DeliveryFailure =
  /**
   * `auth`: the token itself is refused; nothing can be sent until it works again.
   * `waitsForChannel`: the channel is missing or the bot is not in it; someone has to create it or
   * invite the bot, and the message waits for that.
   */
  | { retry: true; code: string; retryAfterMs?: number; auth?: true; waitsForChannel?: true }
  | { retry: false; code: string };

/** Slack platform errors that mean "try again later" rather than "this will never work". */
const TRANSIENT_PLATFORM_ERRORS = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited", "team_added_to_org"]);

/** The channel is not there for the bot: a person can fix that, and then the message can go. */
const CHANNEL_ERRORS = new Set<string>(CHANNEL_WAIT_ERRORS);

/** The token or the workspace is refused: every call would fail the same way until someone fixes it. */
export const AUTH_ERRORS = new Set(["invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"]);

/** Sorts a failed Web API call into retry-later or give-up, keeping Slack's own error code. */
export function classifyDeliveryError(err: unknown): DeliveryFailure {
  if (err instanceof ChannelNotFoundError) return { retry: true, code: err.message, waitsForChannel: true };
  if (err instanceof WebAPIRateLimitedError) return { retry: true, code: "ratelimited", retryAfterMs: err.retryAfter * 1000 };
  if (err instanceof WebAPIPlatformError) {
    const code = err.data.error;
    if (AUTH_ERRORS.has(code)) return { retry: true, code, auth: true };
    if (CHANNEL_ERRORS.has(code)) return { retry: true, code, waitsForChannel: true };
    return TRANSIENT_PLATFORM_ERRORS.has(code) ? { retry: true, code } : { retry: false, code };
  }
  if (err instanceof WebAPIHTTPError) {
    const transient = err.statusCode >= 500 || err.statusCode === 408 || err.statusCode === 429;
    return { retry: transient, code: `http_${err.statusCode}` };
  }
  if (err instanceof WebAPIRequestError) return { retry: true, code: `network: ${err.original.message}` };
  // Anything else is most likely our own bug; keep retrying (with a capped backoff) so a fix can land.
  return { retry: true, code: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}

/** True when a platform error means we cannot reach the user in that channel, so a DM is the way. */
export function isUnreachableChannel(err: unknown): boolean {
  if (!(err instanceof WebAPIPlatformError)) return false;
  return ["channel_not_found", "not_in_channel", "user_not_in_channel", "is_archived", "restricted_action", "cannot_dm_bot"].includes(
    err.data.error,
  );
}
