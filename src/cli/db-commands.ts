import { databaseLocation } from "../config.js";
import { openDatabase, type DatabaseLocation } from "../db/connection.js";
import { backup, contents, migrationStatus } from "../db/maintenance.js";
import type { CliIo } from "./policy-commands.js";

/** The bot's database as the environment names it: DATABASE_URL (PostgreSQL), else DATABASE_PATH (SQLite). */
export function locationFromEnv(env: NodeJS.ProcessEnv): DatabaseLocation {
  const url = env.DATABASE_URL?.trim();
  if (url && !/^postgres(ql)?:\/\/./.test(url)) {
    throw new Error("DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/escalations (leave it unset for SQLite at DATABASE_PATH)");
  }
  return databaseLocation({ databaseUrl: url || undefined, databasePath: env.DATABASE_PATH?.trim() || "./data/escalations.db" });
}

/** `db migrate`: applies what is pending (the bot does this at start too) and says where it stands. */
export async function dbMigrate(location: DatabaseLocation, io: CliIo): Promise<number> {
  const db = await openDatabase(location, { migrate: false });
  const before = await migrationStatus(db);
  await db.close();
  const migrated = await openDatabase(location);
  try {
    const after = await migrationStatus(migrated);
    io.out(`${migrated.engine} ${migrated.location}: ${before.pending.length} migration(s) applied, now at ${after.applied.at(-1) ?? "(none)"}`);
    return 0;
  } finally {
    await migrated.close();
  }
}

/** `db status`: which migrations ran and which wait, and what the database holds. */
export async function dbStatus(location: DatabaseLocation, io: CliIo): Promise<number> {
  const db = await openDatabase(location, { migrate: false });
  try {
    const status = await migrationStatus(db);
    io.out(`engine:     ${db.engine}`);
    io.out(`database:   ${db.location}`);
    io.out(`migrations: ${status.applied.length} applied${status.applied.length ? ` (last ${status.applied.at(-1)})` : ""}, ${status.pending.length} pending${status.pending.length ? `: ${status.pending.join(", ")} (escalation-bot db migrate, or start the bot)` : ""}`);
    if (status.applied.length > 0) {
      const c = await contents(db);
      io.out(`contents:   ${c.escalations} escalations (${c.open} open), ${c.outboxPending} messages waiting to be sent (to Slack and the integrations)`);
    }
    return status.pending.length > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}

/** `db backup FILE`: a consistent copy while the bot runs. */
export async function dbBackup(location: DatabaseLocation, file: string | undefined, io: CliIo): Promise<number> {
  if (!file) {
    io.err("db backup needs the file to write: escalation-bot db backup FILE");
    return 2;
  }
  await backup(location, file);
  io.out(`backed up ${location.engine === "sqlite" ? location.path : "the PostgreSQL database"} to ${file}${location.engine === "postgres" ? " (restore with pg_restore)" : ""}`);
  return 0;
}
