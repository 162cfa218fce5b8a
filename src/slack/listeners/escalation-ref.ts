import { z } from "zod";

const zEscalationRef = z.coerce.number().int().positive();

/** Button values and modal metadata carry the escalation's numeric id. */
export function parseEscalationRef(value: unknown): number | undefined {
  const parsed = zEscalationRef.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
