/**
 * Shared by every Web API method family: Slack's answer shapes, reading arguments as they arrive
 * on the wire (strings, or numbers for some clients), id shapes and cursor pagination.
 */

export type Json = Record<string, any>;

export const ok = (body: Json = {}): Json => ({ ok: true, ...body });
export const slackError = (error: string, extra: Json = {}): Json => ({ ok: false, error, ...extra });

/** A non-empty string argument (numbers accepted, as Slack does for ts-like fields). */
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);

/** A comma-separated list argument such as `users`, trimmed, empties dropped. */
export const list = (v: unknown): string[] =>
  (str(v) ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);

export const CHANNEL_ID = /^[CGD][A-Z0-9]+$/;
export const USER_ID = /^[UW][A-Z0-9]+$/;

/** Opaque cursors like Slack's base64 ones. */
export function paginate<T>(all: readonly T[], a: Json, maxPage: number, defaultPage = maxPage): { items: T[]; next: string } | { error: Json } {
  let offset = 0;
  const cursor = str(a.cursor);
  if (cursor !== undefined) {
    const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
    if (!m) return { error: slackError("invalid_cursor") };
    offset = Number(m[1]);
  }
  const requested = Number(a.limit);
  const size = Number.isFinite(requested) && requested > 0 ? Math.min(requested, maxPage) : Math.min(defaultPage, maxPage);
  const items = all.slice(offset, offset + size);
  const next = offset + size < all.length ? Buffer.from(`offset:${offset + size}`).toString("base64") : "";
  return { items, next };
}
