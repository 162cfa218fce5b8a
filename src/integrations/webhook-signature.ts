import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * How the webhook's events are signed (README "Outbound webhooks"): HMAC-SHA256 with WEBHOOK_SECRET
 * over `v1:` + the timestamp (Unix seconds) + `:` + the raw body, hex, sent as
 * `X-Escalation-Bot-Signature: v1=<hex>` beside `X-Escalation-Bot-Timestamp`.
 */

export const WEBHOOK_HEADERS = {
  timestamp: "X-Escalation-Bot-Timestamp",
  signature: "X-Escalation-Bot-Signature",
  delivery: "X-Escalation-Bot-Delivery",
  event: "X-Escalation-Bot-Event",
} as const;

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`v1:${timestamp}:${body}`).digest("hex")}`;
}

/** The headers of one signed event. */
export function signedHeaders(secret: string, body: string, nowMs: number, deliveryId: string, type: string): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [WEBHOOK_HEADERS.signature]: webhookSignature(secret, timestamp, body),
    [WEBHOOK_HEADERS.delivery]: deliveryId,
    [WEBHOOK_HEADERS.event]: type,
  };
}

/** The receiver's side, for the bot's own check and tests: true when the signature is the secret's. */
export function verifyWebhookSignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(webhookSignature(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
