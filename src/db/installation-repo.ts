import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "./connection.js";
import { installation, type InstallationRow } from "./schema.js";

/** The installation table holds one row: this database's. */
const ROW_ID = 1;

/** 32 random bytes, as hex: a full-strength HMAC-SHA256 key. */
const SIGNING_KEY_BYTES = 32;

/** Which Slack installation this database belongs to, the lowest escalation id it may hand out, and its signing key. */
export class InstallationRepo {
  constructor(private readonly db: Db) {}

  get(): InstallationRow | undefined {
    return this.db.select().from(installation).where(eq(installation.id, ROW_ID)).get();
  }

  /**
   * Records the installation the first time a database meets Slack, with a fresh signing key.
   * A row already there is kept as it is (another process may have written it first).
   */
  create(marker: { teamId: string; botUserId: string; createdAt: number }): InstallationRow {
    this.db
      .insert(installation)
      .values({ id: ROW_ID, ...marker, signingKey: randomBytes(SIGNING_KEY_BYTES).toString("hex") })
      .onConflictDoNothing({ target: installation.id })
      .run();
    return this.get()!;
  }

  /** Raises the lowest id the next escalation may have; never lowers it. */
  raiseEscalationIdFloor(floor: number): void {
    this.db
      .update(installation)
      .set({ escalationIdFloor: sql`MAX(${installation.escalationIdFloor}, ${floor})` })
      .where(eq(installation.id, ROW_ID))
      .run();
  }
}

/**
 * The database's key for signing what the bot hands to Slack and gets back (private_metadata,
 * button values), or undefined before the installation is recorded (the first start could not
 * reach Slack).
 */
export function readSigningKey(db: Db): Buffer | undefined {
  const row = new InstallationRepo(db).get();
  return row ? Buffer.from(row.signingKey, "hex") : undefined;
}
