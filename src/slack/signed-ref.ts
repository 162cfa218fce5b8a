import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { formatEscalationId, parseEscalationId } from "../domain/escalation-id.js";

/**
 * What the bot hands to Slack about an escalation and gets back on a click or a form submit (button
 * values, the checklist's block id, private_metadata) names it by its public id with an HMAC
 * signature: `ESC-0042.<sig>`. Anyone can send the app a payload (a forged view_submission, an old
 * message's button after the database was lost and ESC-0001 means another escalation), so what does
 * not verify is refused, never guessed at.
 */

/** 16 bytes of HMAC-SHA256 (128 bits), base64url: 22 characters. */
const SIG_BYTES = 16;
const SIG_CHARS = 22;
/** Slack allows 3,000 characters of private_metadata; ours is about 50, so anything bigger is not ours. */
export const MAX_METADATA_CHARS = 200;

/** The key as plain data (it crosses to the delivery thread), with the installation it signs for. */
export interface RefKey {
  /** HMAC key, hex. */
  key: string;
  /** `team:bot user` of this database's installation; "" before it is recorded. */
  installation: string;
}

/**
 * The database's own key always takes part, so a database that was lost and recreated (a new key)
 * never accepts the buttons of the old one's messages, even with the same environment key. The
 * environment's key, when given, is mixed in so a copy of the database file alone cannot forge.
 * Without either (the first start could not reach Slack) a key for this process only: its messages'
 * buttons are refused as out of date after a restart, which is safe.
 */
export function resolveRefKey(
  envKey: string | undefined,
  installation: { teamId: string; botUserId: string; signingKey: string } | undefined,
): RefKey & { processOnly: boolean } {
  const dbKey = installation?.signingKey;
  const key = envKey ? createHmac("sha256", envKey).update(dbKey ?? "").digest("hex") : (dbKey ?? randomBytes(32).toString("hex"));
  return { key, installation: installation ? `${installation.teamId}:${installation.botUserId}` : "", processOnly: !envKey && !dbKey };
}

/**
 * `{"ref": "ESC-…", "sig": "…"}` and nothing else. Checked by hand, not with zod: the delivery thread
 * loads this module to sign buttons, and zod would add a tenth of a second to every start of it.
 */
function metadataShape(value: unknown): { ref: string; sig: string } | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const { ref, sig, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof ref !== "string" || typeof sig !== "string") return undefined;
  return ref.length <= 40 && sig.length === SIG_CHARS ? { ref, sig } : undefined;
}

/** Signs and verifies escalation references; deterministic, so views that use it stay pure. */
export class RefSigner {
  private readonly key: Buffer;

  constructor(private readonly refKey: RefKey) {
    this.key = Buffer.from(refKey.key, "hex");
  }

  /** Names the key without revealing it: the same key, the same fingerprint. */
  fingerprint(): string {
    return createHash("sha256").update(this.key).update(this.refKey.installation).digest("hex").slice(0, 12);
  }

  /** `ESC-0042.<sig>`: a button value, or the tail of a block id. */
  sign(escalationId: number): string {
    const ref = formatEscalationId(escalationId);
    return `${ref}.${this.signature(ref)}`;
  }

  /** `{"ref":"ESC-0042","sig":"…"}` for a form's private_metadata. */
  metadata(escalationId: number): string {
    const ref = formatEscalationId(escalationId);
    return JSON.stringify({ ref, sig: this.signature(ref) });
  }

  /** The escalation a signed value names, or undefined for anything else (a bare "42" included). */
  verify(value: string | undefined): number | undefined {
    const dot = value?.lastIndexOf(".") ?? -1;
    if (value === undefined || dot < 0 || value.length > 64) return undefined;
    return this.check(value.slice(0, dot), value.slice(dot + 1));
  }

  /** The escalation a form's private_metadata names, or undefined when it is unsigned, forged or too big. */
  verifyMetadata(raw: string | undefined): number | undefined {
    if (!raw || raw.length > MAX_METADATA_CHARS) return undefined;
    try {
      const parsed = metadataShape(JSON.parse(raw));
      return parsed ? this.check(parsed.ref, parsed.sig) : undefined;
    } catch {
      return undefined;
    }
  }

  private check(ref: string, sig: string): number | undefined {
    const id = parseEscalationId(ref);
    if (id === undefined || ref !== formatEscalationId(id)) return undefined;
    const expected = Buffer.from(this.signature(ref));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
  }

  private signature(ref: string): string {
    return createHmac("sha256", this.key).update(`escalation-ref\n${this.refKey.installation}\n${ref}`).digest().subarray(0, SIG_BYTES).toString("base64url");
  }
}
