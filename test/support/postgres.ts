import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { POSTGRES_MIGRATIONS } from "../../src/db/migrations-folder.js";

/**
 * Throw-away PostgreSQL databases for tests: each test gets a database of its own, copied
 * (CREATE DATABASE ... TEMPLATE) from a template that is migrated once, which costs tens of
 * milliseconds instead of a migration per test.
 *
 * Names, all under the role's control and nobody else's:
 *   escalation_test_tpl_<hash>            the migrated template; <hash> is the migrations folder's
 *   escalation_test_build_<hash>_<pid>    a template being migrated, renamed when complete
 *   escalation_test_db_<run>_<pid>_<n>_<time>   a test's database
 */

/** What scripts/postgres-for-tests.sh sets up; TEST_POSTGRES_URL points elsewhere. */
export const DEFAULT_TEST_POSTGRES_URL = "postgres://escalation_test:escalation_test@127.0.0.1:5432/postgres";

/** The admin URL: its role may create databases; its database is only used to run CREATE/DROP DATABASE. */
export function testPostgresUrl(): string {
  return process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
}

export interface TestDatabase {
  /** A postgres:// URL for this database alone. */
  url: string;
  /** Drops the database, disconnecting whoever is still connected. Safe to call twice. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Defaults to testPostgresUrl(). */
  adminUrl?: string;
  /** Defaults to the committed migrations/pg. */
  migrationsFolder?: string;
  /** How to migrate the template; defaults to migratePostgres from src/db/postgres-migrate.ts. */
  migrate?: (url: string) => Promise<void>;
}

const TEMPLATE_PREFIX = "escalation_test_tpl_";
const BUILD_PREFIX = "escalation_test_build_";
const DATABASE_PREFIX = "escalation_test_db_";
/** Leftovers of crashed runs, and templates nobody has used, go after this long. */
const STALE_MS = 60 * 60 * 1000;
/** Serialises template builds across processes (and worktrees) sharing a server. */
const TEMPLATE_LOCK = "7311950427153001";

/**
 * One id per vitest run (set by test/support/postgres-global-setup.ts, which drops this run's
 * databases when the run ends); a process of its own outside vitest.
 */
const RUN = process.env.TEST_POSTGRES_RUN || randomBytes(3).toString("hex");
let counter = 0;

/** A fresh, migrated database of its own. */
export async function createTestDatabase(opts: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = opts.adminUrl ?? testPostgresUrl();
  let { migrate, migrationsFolder } = opts;
  if (!migrate || !migrationsFolder) {
    // Imported only here so the template machinery does not depend on the application's code.
    const module = await import("../../src/db/postgres-migrate.js");
    migrationsFolder ??= POSTGRES_MIGRATIONS;
    const folder = migrationsFolder;
    migrate ??= (url) => module.migratePostgres(url, folder);
  }
  const template = await ensureTemplate(adminUrl, migrate, migrationsFolder);
  const name = `${DATABASE_PREFIX}${RUN}_${process.pid}_${++counter}_${Math.floor(Date.now() / 1000).toString(36)}`;
  await withRetryWhileInUse(() => admin(adminUrl).query(`create database ${ident(name)} template ${ident(template)}`));
  let dropped: Promise<void> | undefined;
  return {
    url: databaseUrl(adminUrl, name),
    drop: () => (dropped ??= dropDatabase(adminUrl, name)),
  };
}

const templates = new Map<string, Promise<string>>();

/**
 * The migrated template for `migrationsFolder` on the server at `adminUrl`, made once: the first
 * process to get there builds it under an advisory lock while the others wait, then finds it.
 * Returns the template's name. `migrate` must apply exactly the migrations in `migrationsFolder`,
 * whose content names the template, so a changed migration makes a new one.
 */
export function ensureTemplate(adminUrl: string, migrate: (url: string) => Promise<void>, migrationsFolder?: string): Promise<string> {
  const key = `${adminUrl}\n${migrationsFolder ?? ""}`;
  let template = templates.get(key);
  if (!template) {
    template = (async () => {
      const folder = migrationsFolder ?? POSTGRES_MIGRATIONS;
      return buildTemplate(adminUrl, migrate, `${TEMPLATE_PREFIX}${folderHash(folder)}`);
    })();
    // A failure is not remembered: the next test tries again and reports its own error.
    template.catch(() => templates.delete(key));
    templates.set(key, template);
  }
  return template;
}

async function buildTemplate(adminUrl: string, migrate: (url: string) => Promise<void>, template: string): Promise<string> {
  if (await sweep(admin(adminUrl), template)) return template;
  // A client of its own: a session-level advisory lock belongs to one connection.
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`select pg_advisory_lock(${TEMPLATE_LOCK})`);
    if (await exists(client, template)) return template;
    // Holding the lock, no build is in progress: any build database is a crashed one's.
    for (const name of await namesLike(client, BUILD_PREFIX)) await client.query(`drop database if exists ${ident(name)} with (force)`);
    // Built under another name and renamed when complete, so a half-migrated template is never found.
    const build = `${BUILD_PREFIX}${template.slice(TEMPLATE_PREFIX.length)}_${process.pid}`;
    await client.query(`create database ${ident(build)} template template0`);
    await migrate(databaseUrl(adminUrl, build));
    await withRetryWhileInUse(() => client.query(`alter database ${ident(build)} rename to ${ident(template)}`));
    await touch(client, template);
    return template;
  } finally {
    await client.query(`select pg_advisory_unlock(${TEMPLATE_LOCK})`).catch(() => undefined);
    await client.end();
  }
}

/**
 * Best effort, at template time: drops test databases older than an hour (left by runs that
 * crashed) and templates of other migrations nobody has used for an hour; marks ours as used.
 * Says whether ours exists.
 */
async function sweep(pool: pg.Pool, template: string): Promise<boolean> {
  const now = Date.now();
  const { rows } = await pool.query<{ datname: string; note: string | null }>(
    "select datname, shobj_description(oid, 'pg_database') as note from pg_database where datname like $1 or datname like $2",
    [likePrefix(DATABASE_PREFIX), likePrefix(TEMPLATE_PREFIX)],
  );
  const stale = rows.filter(({ datname, note }) => {
    if (datname.startsWith(DATABASE_PREFIX)) return now - parseInt(datname.slice(datname.lastIndexOf("_") + 1), 36) * 1000 > STALE_MS;
    return datname !== template && !(now - usedAt(note) < STALE_MS);
  });
  await Promise.all(stale.map(({ datname }) => pool.query(`drop database if exists ${ident(datname)} with (force)`).catch(() => undefined)));
  const ours = rows.find(({ datname }) => datname === template);
  // Once in a while is enough, and each touch waits for copies in progress.
  if (ours && now - usedAt(ours.note) > STALE_MS / 4) await touch(pool, template).catch(() => undefined);
  return ours !== undefined;
}

async function touch(db: pg.Pool | pg.Client, template: string): Promise<void> {
  await db.query(`comment on database ${ident(template)} is 'used ${Date.now()}'`);
}

function usedAt(note: string | null): number {
  return Number(/^used (\d+)$/.exec(note ?? "")?.[1] ?? 0);
}

/**
 * FORCE ends the test's leftover connections, but a role that is not a superuser may not end an
 * autovacuum worker's (42501, "must be a member of the role whose process is being terminated").
 * The worker is done in a moment, so wait and try again; if it is still there, the run's teardown
 * drops the database instead of failing a test that passed.
 */
async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(adminUrl).query(`drop database if exists ${ident(name)} with (force)`);
      return;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== "42501" && code !== "55006") throw err;
      if (attempt === 6) return;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

/** Drops every database of a run; the global teardown's, when the run ends. */
export async function dropRunDatabases(adminUrl: string, run: string): Promise<void> {
  const pool = admin(adminUrl);
  const names = await namesLike(pool, `${DATABASE_PREFIX}${run}_`);
  await Promise.all(names.map((name) => pool.query(`drop database if exists ${ident(name)} with (force)`).catch(() => undefined)));
}

/** Closes this process's admin connections (they do not keep it alive in the meantime). */
export async function closeAdminConnections(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((pool) => pool.end()));
}

const pools = new Map<string, pg.Pool>();

/** A small pool per admin URL, for CREATE and DROP DATABASE (which cannot run in a transaction). */
function admin(adminUrl: string): pg.Pool {
  let pool = pools.get(adminUrl);
  if (!pool) {
    pool = new pg.Pool({ connectionString: adminUrl, max: 4, allowExitOnIdle: true });
    // An idle client losing its server (a test's FORCE, a restart) must not crash the process.
    pool.on("error", () => undefined);
    pools.set(adminUrl, pool);
  }
  return pool;
}

async function exists(db: pg.Pool | pg.Client, name: string): Promise<boolean> {
  const { rowCount } = await db.query("select 1 from pg_database where datname = $1", [name]);
  return rowCount === 1;
}

async function namesLike(db: pg.Pool | pg.Client, prefix: string): Promise<string[]> {
  const { rows } = await db.query<{ datname: string }>("select datname from pg_database where datname like $1", [likePrefix(prefix)]);
  return rows.map((row) => row.datname);
}

function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\_%]/g, "\\$&")}%`;
}

/**
 * A template cannot be copied, nor a database renamed, while anyone is connected to it; PostgreSQL
 * waits five seconds for them, and a connection just closed may not have gone yet.
 */
async function withRetryWhileInUse<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if ((err as { code?: string }).code !== "55006" || attempt === 5) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** A hash of every file in the folder (names and content), so any change makes a new template. */
function folderHash(folder: string): string {
  if (!existsSync(folder)) throw new Error(`no PostgreSQL migrations at ${folder}`);
  const hash = createHash("sha256");
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${rel}${entry.name}/`);
      else hash.update(`${rel}${entry.name}\0`).update(readFileSync(path)).update("\0");
    }
  };
  walk(folder, "");
  return hash.digest("hex").slice(0, 16);
}

/** `adminUrl` pointed at database `name` (same server, role and password). */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Our names are [a-z0-9_] only; quoting keeps them literal all the same. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
