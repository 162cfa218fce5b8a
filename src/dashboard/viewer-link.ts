import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The dashboard link App Home hands one person: `/dashboard?link=<token>`, where the token names the
 * viewer and when the link stops working, signed with the bot's own key. The dashboard shows a
 * restricted escalation's details only to viewers the playbook lets see it, so the viewer must be
 * someone Slack vouched for (they clicked the button), not whoever holds a URL from last month.
 */

/** How long a freshly made link opens the dashboard. */
export const VIEWER_LINK_TTL_MS = 15 * 60_000;

/** A Slack user id; anything else in a token is refused before the signature is looked at. */
const USER_ID = /^[UW][A-Z0-9]{2,20}$/;
const SIG_BYTES = 16;

export interface ViewerLink {
  userId: string;
  /** Epoch ms after which the link is refused. */
  expiresAt: number;
}

export type ViewerLinkCheck = ({ ok: true } & ViewerLink) | { ok: false; reason: "malformed" | "bad signature" | "expired" };

/** The key for links, apart from the one that signs buttons: a button value is never a link. */
function linkKey(key: string): Buffer {
  return createHmac("sha256", Buffer.from(key, "hex")).update("dashboard viewer link").digest();
}

function signature(key: string, body: string): Buffer {
  return createHmac("sha256", linkKey(key)).update(body).digest().subarray(0, SIG_BYTES);
}

/** `U123.1767225600000.<sig>`: the viewer, the expiry and 128 bits of HMAC, base64url. */
export function signViewerLink(link: ViewerLink, key: string): string {
  if (!USER_ID.test(link.userId)) throw new Error(`not a Slack user id: ${link.userId}`);
  const body = `${link.userId}.${Math.floor(link.expiresAt)}`;
  return `${body}.${signature(key, body).toString("base64url")}`;
}

/** Who a link names, if it is ours, unchanged and not expired at `now`. */
export function verifyViewerLink(token: string | undefined, key: string, now: number): ViewerLinkCheck {
  const parts = token?.split(".") ?? [];
  if (parts.length !== 3 || token!.length > 120) return { ok: false, reason: "malformed" };
  const [userId, expiry, sig] = parts as [string, string, string];
  if (!USER_ID.test(userId) || !/^\d{1,15}$/.test(expiry)) return { ok: false, reason: "malformed" };
  const given = Buffer.from(sig, "base64url");
  const expected = signature(key, `${userId}.${expiry}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad signature" };
  const expiresAt = Number(expiry);
  if (now >= expiresAt) return { ok: false, reason: "expired" };
  return { ok: true, userId, expiresAt };
}
