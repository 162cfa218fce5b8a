import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * The dashboard's session cookie: who the browser is (the token's holder, or the Slack user a
 * viewer link named) until when, signed with a key derived from the bot's own. A token session also
 * carries a fingerprint of DASHBOARD_TOKEN, so changing the token ends every session it opened.
 */

export const SESSION_COOKIE = "dashboard_session";
/** How long a login lasts; a link viewer's rights are still decided afresh on every request. */
export const SESSION_TTL_MS = 8 * 60 * 60_000;

export type SessionViewer = { kind: "token" } | { kind: "person"; userId: string };
export interface Session {
  viewer: SessionViewer;
  expiresAt: number;
}

const USER_ID = /^[UW][A-Z0-9]{2,20}$/;
const SIG_BYTES = 16;

const sessionKey = (key: string) => createHmac("sha256", Buffer.from(key, "hex")).update("dashboard session").digest();
const sign = (key: string, body: string) => createHmac("sha256", sessionKey(key)).update(body).digest().subarray(0, SIG_BYTES);
/** Eight bytes of the token's hash: enough to tell tokens apart, useless to guess one. */
const fingerprint = (token: string | undefined) => (token ? createHash("sha256").update(token).digest("base64url").slice(0, 11) : "none");

/** `t.<fingerprint>.<expiry>.<sig>` or `u.<user>.<expiry>.<sig>`. */
export function signSession(session: Session, key: string, dashboardToken: string | undefined): string {
  const who = session.viewer.kind === "token" ? `t.${fingerprint(dashboardToken)}` : `u.${session.viewer.userId}`;
  const body = `${who}.${Math.floor(session.expiresAt)}`;
  return `${body}.${sign(key, body).toString("base64url")}`;
}

/** The session a cookie value names, if we signed it, it has not expired and (for a token session) the token is unchanged. */
export function verifySession(value: string | undefined, key: string, dashboardToken: string | undefined, now: number): Session | undefined {
  const parts = value?.split(".") ?? [];
  if (parts.length !== 4 || value!.length > 200) return undefined;
  const [kind, who, expiry, sig] = parts as [string, string, string, string];
  if (!/^\d{1,15}$/.test(expiry)) return undefined;
  const given = Buffer.from(sig, "base64url");
  const expected = sign(key, `${kind}.${who}.${expiry}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const expiresAt = Number(expiry);
  if (now >= expiresAt) return undefined;
  if (kind === "t") return dashboardToken !== undefined && who === fingerprint(dashboardToken) ? { viewer: { kind: "token" }, expiresAt } : undefined;
  if (kind === "u" && USER_ID.test(who)) return { viewer: { kind: "person", userId: who }, expiresAt };
  return undefined;
}

/** Constant-time comparison of a presented secret with the configured one (hashes first, so lengths leak nothing). */
export function sameSecret(given: string | undefined, expected: string | undefined): boolean {
  if (given === undefined || expected === undefined) return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The Set-Cookie header for a session: HttpOnly, SameSite=Strict, for the dashboard's paths only; Secure behind https. */
export function sessionCookie(value: string, maxAgeMs: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/dashboard; Max-Age=${Math.floor(maxAgeMs / 1000)}; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}

/** A cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}
