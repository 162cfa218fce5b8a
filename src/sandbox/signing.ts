import { createHmac } from "node:crypto";

/**
 * Signs a request body the way Slack signs what it sends to an app
 * (https://api.slack.com/authentication/verifying-requests-from-slack):
 *   X-Slack-Signature = "v0=" + hex(HMAC-SHA256(secret, `v0:${timestamp}:${rawBody}`))
 */
export function computeSlackSignature(signingSecret: string, timestampSec: number, rawBody: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest("hex")}`;
}

export interface SigningOptions {
  /** Sets X-Slack-Retry-Num and X-Slack-Retry-Reason: http_timeout, as Slack does on redelivery. */
  retryNum?: number;
  /** Sign with the wrong secret (well-formed header, wrong HMAC). */
  badSignature?: boolean;
  /** Request timestamp in unix seconds (default now). */
  timestamp?: number;
}

/** The headers Slack sends with `rawBody`. */
export function signedHeaders(
  signingSecret: string,
  rawBody: string,
  opts: SigningOptions = {},
  contentType = "application/x-www-form-urlencoded",
): Record<string, string> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const secret = opts.badSignature ? `${signingSecret}-wrong` : signingSecret;
  const headers: Record<string, string> = {
    "content-type": contentType,
    "x-slack-signature": computeSlackSignature(secret, timestamp, rawBody),
    "x-slack-request-timestamp": String(timestamp),
  };
  if (opts.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(opts.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  return headers;
}
