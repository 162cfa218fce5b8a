import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import type { DatabaseLocation } from "./connection.js";
import type { Db } from "./database.js";
import { querySql } from "./dialect.js";
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from "./migrations-folder.js";
import { redactUrl } from "./postgres-problems.js";

/** What an operator asks of the database outside the bot: which migrations it has, a backup. */

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

interface JournalEntry {
  tag: string;
  when: number;
}

function journal(engine: Db["engine"]): JournalEntry[] {
  const folder = engine === "postgres" ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS;
  return (JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as { entries: JournalEntry[] }).entries;
}

/**
 * The committed migrations this database has run and those still to run. Drizzle records each
 * applied migration with its journal time and runs those later than the last one recorded.
 */
export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  const table = db.engine === "postgres" ? sql`drizzle.__drizzle_migrations` : sql`__drizzle_migrations`;
  const last = await db.read(async (tx) => {
    try {
      const rows = await querySql(tx, sql`SELECT max(created_at) AS last FROM ${table}`);
      return rows[0]?.last === null || rows[0]?.last === undefined ? undefined : Number(rows[0].last);
    } catch {
      return undefined; // never migrated: the table does not exist yet
    }
  });
  const entries = journal(db.engine);
  return {
    applied: entries.filter((e) => last !== undefined && e.when <= last).map((e) => e.tag),
    pending: entries.filter((e) => last === undefined || e.when > last).map((e) => e.tag),
  };
}

/** What the database holds, in numbers an operator checks after a migration or a restore. */
export async function contents(db: Db): Promise<{ escalations: number; open: number; outboxPending: number }> {
  return db.read(async (tx) => {
    const [row] = await querySql(
      tx,
      sql`SELECT (SELECT count(*) FROM escalations) AS escalations,
        (SELECT count(*) FROM escalations WHERE status <> 'resolved') AS open,
        (SELECT count(*) FROM outbox WHERE status IN ('pending', 'held')) AS pending`,
    );
    return { escalations: Number(row?.escalations ?? 0), open: Number(row?.open ?? 0), outboxPending: Number(row?.pending ?? 0) };
  });
}

/**
 * A consistent copy of the database while the bot runs: SQLite's online backup into a new file, or
 * pg_dump's custom format (restore with pg_restore) for PostgreSQL.
 */
export async function backup(location: DatabaseLocation, file: string): Promise<void> {
  if (existsSync(file)) throw new Error(`${file} exists already: choose a new file name for the backup`);
  if (location.engine === "sqlite") {
    if (!existsSync(location.path)) throw new Error(`DATABASE_PATH: ${location.path} does not exist, so there is nothing to back up`);
    const source = new Database(location.path, { readonly: true, fileMustExist: true });
    try {
      await source.backup(file);
    } finally {
      source.close();
    }
    return;
  }
  await new Promise<void>((resolve, reject) => {
    // The password goes in the environment: on the command line, `ps` would show it to anyone on the host.
    const url = new URL(location.url);
    const password = decodeURIComponent(url.password);
    url.password = "";
    const env = password ? { ...process.env, PGPASSWORD: password } : process.env;
    const dump = spawn("pg_dump", ["--format=custom", "--file", file, "--dbname", url.toString()], { stdio: ["ignore", "ignore", "pipe"], env });
    let stderr = "";
    dump.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    dump.on("error", (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === "ENOENT" ? "pg_dump is not installed: install PostgreSQL's client tools (apt-get install postgresql-client) and run again" : err.message)),
    );
    dump.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`pg_dump of ${redactUrl(location.url)} failed (exit ${code}): ${stderr.trim().replaceAll(location.url, redactUrl(location.url))}`)),
    );
  });
}
