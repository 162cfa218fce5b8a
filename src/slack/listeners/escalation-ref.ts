import { z } from "zod";

const zEscalationRef = z.coerce.number().int().positive();

/** Button values and modal metadata carry the escalation's numeric id. */
export function parseEscalationRef(value: unknown): number | undefined {
  const parsed = zEscalationRef.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Modals about one escalation carry `{ "escalationId": 42 }` in private_metadata. */
export function escalationIdFromMetadata(raw: string | undefined): number | undefined {
  try {
    return parseEscalationRef(z.object({ escalationId: z.unknown() }).parse(JSON.parse(raw ?? "null")).escalationId);
  } catch {
    return undefined;
  }
}
