import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { first, type Db, type Tx } from "./database.js";
import { greatest } from "./dialect.js";
import type { InstallationRow } from "./schema.js";

/** The installation table holds one row: this database's. */
const ROW_ID = 1;

/** 32 random bytes, as hex: a full-strength HMAC-SHA256 key. */
const SIGNING_KEY_BYTES = 32;

/** Which Slack installation this database belongs to, the lowest escalation id it may hand out, and its signing key. */
export class InstallationRepo {
  constructor(private readonly tx: Tx) {}

  async get(): Promise<InstallationRow | undefined> {
    const i = this.tx.t.installation;
    return first(await this.tx.q.select().from(i).where(eq(i.id, ROW_ID)));
  }

  /**
   * Records the installation the first time a database meets Slack, with a fresh signing key.
   * A row already there is kept as it is (another process may have written it first).
   */
  async create(marker: { teamId: string; botUserId: string; createdAt: number }): Promise<InstallationRow> {
    const i = this.tx.t.installation;
    await this.tx.q
      .insert(i)
      .values({ id: ROW_ID, ...marker, signingKey: randomBytes(SIGNING_KEY_BYTES).toString("hex") })
      .onConflictDoNothing({ target: i.id });
    return (await this.get())!;
  }

  /** Raises the lowest id the next escalation may have; never lowers it. */
  async raiseEscalationIdFloor(floor: number): Promise<void> {
    const i = this.tx.t.installation;
    await this.tx.q
      .update(i)
      .set({ escalationIdFloor: greatest(this.tx, i.escalationIdFloor, floor) })
      .where(eq(i.id, ROW_ID));
  }
}

/**
 * The database's key for signing what the bot hands to Slack and gets back (private_metadata,
 * button values), or undefined before the installation is recorded (the first start could not
 * reach Slack).
 */
export async function readSigningKey(db: Db): Promise<Buffer | undefined> {
  const row = await db.read((tx) => new InstallationRepo(tx).get());
  return row ? Buffer.from(row.signingKey, "hex") : undefined;
}
