/** Narrowing helpers for Block Kit JSON, which arrives untyped from the API and may be anything. */

export type Json = Record<string, unknown>;

export const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export const records = (v: unknown): Json[] => list(v).filter(isRecord);

/** A whole number, from a number or a numeric string (Slack sends some limits as strings). */
export function int(v: unknown): number | undefined {
  const n = typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === "number" && Number.isSafeInteger(n) ? n : undefined;
}

/** A decimal as the string Slack sent, when it is one (number_input bounds and values). */
export function decimal(v: unknown): string | undefined {
  const s = typeof v === "number" && Number.isFinite(v) ? String(v) : str(v)?.trim();
  return s !== undefined && /^-?\d+(\.\d+)?$/.test(s) ? s : undefined;
}
