const PREFIX = "ESC-";

/** The id people say out loud: ESC-0042. Padded to four digits, growing past them. */
export function formatEscalationId(id: number): string {
  return `${PREFIX}${String(id).padStart(4, "0")}`;
}

export function parseEscalationId(ref: string): number | undefined {
  const m = /^ESC-(\d+)$/i.exec(ref.trim());
  if (!m?.[1]) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
