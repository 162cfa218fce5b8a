import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

/**
 * Migrations are forward-only: once released, a migration's file and its journal entry never
 * change, since databases out there have run it and will not run it again. Each engine's folder
 * (migrations/sqlite, migrations/pg) has its own released.json with what was released; this fails
 * when the tree no longer matches it.
 */
const MIGRATIONS = fileURLToPath(new URL("../../migrations/", import.meta.url));
/** One folder per engine; one with no released.json yet (pg) is only checked for order and journal. */
const ENGINES = ["sqlite", "pg"] as const;

interface Manifest {
  files: Record<string, string>;
  journal: { tag: string; when: number }[];
}
interface Journal {
  entries: { tag: string; when: number }[];
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;
const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");
const FORWARD_ONLY = "migrations are forward-only; add a new migration instead";

/**
 * What is wrong with the migrations in `folder` against its released.json (none released when it has
 * none), one sentence each, naming the folder as `shown`.
 */
function releasedMigrationProblems(folder: string, shown = "migrations"): string[] {
  const manifestPath = join(folder, "released.json");
  const manifest = existsSync(manifestPath) ? readJson<Manifest>(manifestPath) : { files: {}, journal: [] };
  const journal = readJson<Journal>(join(folder, "meta/_journal.json")).entries;
  const problems: string[] = [];

  for (const [file, hash] of Object.entries(manifest.files)) {
    const path = join(folder, file);
    if (!existsSync(path)) problems.push(`${shown}/${file} is missing but was released: ${FORWARD_ONLY}`);
    else if (sha256(path) !== hash) problems.push(`${shown}/${file} changed after release: ${FORWARD_ONLY}`);
  }
  manifest.journal.forEach((released, i) => {
    const entry = journal[i];
    if (!entry) problems.push(`${shown}/meta/_journal.json lost entry ${i} (${released.tag}) after release: ${FORWARD_ONLY}`);
    else if (entry.tag !== released.tag || entry.when !== released.when) {
      problems.push(`${shown}/meta/_journal.json entry ${i} changed after release (was ${released.tag} at ${released.when}, now ${entry.tag} at ${entry.when}): ${FORWARD_ONLY}`);
    }
  });
  // Drizzle runs only the migrations whose "when" is later than the newest one a database has run:
  // an entry dated earlier than the one before it is silently skipped on every existing database.
  journal.forEach((entry, i) => {
    const before = journal[i - 1];
    if (before && entry.when <= before.when) {
      problems.push(`${shown}/meta/_journal.json: ${entry.tag} has "when" ${entry.when}, not later than ${before.tag}'s ${before.when}; existing databases would skip it: set it later than ${before.when}`);
    }
  });
  for (const entry of journal) {
    if (!existsSync(join(folder, `${entry.tag}.sql`))) problems.push(`${shown}/${entry.tag}.sql is in the journal but not in ${shown}/`);
  }
  const journaled = new Set(journal.map((e) => `${e.tag}.sql`));
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".sql"))) {
    if (!journaled.has(file)) problems.push(`${shown}/${file} is not in ${shown}/meta/_journal.json, so no database would run it`);
  }
  return problems;
}

describe("released migrations", () => {
  it.each(ENGINES)("of %s are all still in the tree exactly as released, and new ones come after them", (engine) => {
    expect(releasedMigrationProblems(join(MIGRATIONS, engine), `migrations/${engine}`)).toEqual([]);
  });

  it("the SQLite manifest still lists every migration released so far, file and journal entry alike", () => {
    const manifest = readJson<Manifest>(join(MIGRATIONS, "sqlite/released.json"));
    expect(manifest.journal.map((e) => e.tag).slice(0, 5)).toEqual([
      "0000_init",
      "0001_delivery_queues",
      "0002_channel_id_queues",
      "0003_decisions",
      "0004_receipts_installation",
    ]);
    expect(Object.keys(manifest.files)).toEqual(manifest.journal.map((e) => `${e.tag}.sql`));
  });

  describe("the check, on a migrations folder of its own", () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    });
    /** Two released migrations, as the manifest says they were. */
    const released = (): string => {
      const folder = (dir = mkdtempSync(join(tmpdir(), "released-migrations-")));
      mkdirSync(join(folder, "meta"));
      const entries = [
        { tag: "0000_init", when: 1_000 },
        { tag: "0001_delivery_queues", when: 2_000 },
      ];
      writeFileSync(join(folder, "0000_init.sql"), "CREATE TABLE `leases` (`name` text PRIMARY KEY NOT NULL);");
      writeFileSync(join(folder, "0001_delivery_queues.sql"), "ALTER TABLE `leases` ADD `holder` text;");
      writeFileSync(join(folder, "meta/_journal.json"), JSON.stringify({ entries }));
      const files = Object.fromEntries(entries.map((e) => [`${e.tag}.sql`, sha256(join(folder, `${e.tag}.sql`))]));
      writeFileSync(join(folder, "released.json"), JSON.stringify({ files, journal: entries }));
      return folder;
    };
    const editJournal = (folder: string, edit: (j: Journal) => void): void => {
      const journal = readJson<Journal>(join(folder, "meta/_journal.json"));
      edit(journal);
      writeFileSync(join(folder, "meta/_journal.json"), JSON.stringify(journal));
    };
    const addMigration = (folder: string, when: number): void => {
      writeFileSync(join(folder, "0002_next.sql"), "ALTER TABLE `leases` ADD `note` text;");
      editJournal(folder, (j) => j.entries.push({ tag: "0002_next", when }));
    };

    it("finds nothing wrong as released", () => {
      expect(releasedMigrationProblems(released())).toEqual([]);
    });

    it("names a released migration whose file was edited", () => {
      const folder = released();
      writeFileSync(join(folder, "0001_delivery_queues.sql"), "ALTER TABLE `leases` ADD `holder` text NOT NULL DEFAULT '';");
      expect(releasedMigrationProblems(folder)).toEqual([
        "migrations/0001_delivery_queues.sql changed after release: migrations are forward-only; add a new migration instead",
      ]);
    });

    it("names a released migration that was deleted, and its journal entry", () => {
      const folder = released();
      rmSync(join(folder, "0001_delivery_queues.sql"));
      editJournal(folder, (j) => j.entries.pop());
      expect(releasedMigrationProblems(folder)).toEqual([
        "migrations/0001_delivery_queues.sql is missing but was released: migrations are forward-only; add a new migration instead",
        "migrations/meta/_journal.json lost entry 1 (0001_delivery_queues) after release: migrations are forward-only; add a new migration instead",
      ]);
    });

    it("names a released journal entry whose date moved", () => {
      const folder = released();
      editJournal(folder, (j) => (j.entries[1]!.when = 3_000));
      expect(releasedMigrationProblems(folder)).toEqual([
        "migrations/meta/_journal.json entry 1 changed after release (was 0001_delivery_queues at 2000, now 0001_delivery_queues at 3000): migrations are forward-only; add a new migration instead",
      ]);
    });

    it("names a new migration dated before the last one, which existing databases would skip", () => {
      const folder = released();
      addMigration(folder, 1_500);
      expect(releasedMigrationProblems(folder)).toEqual([
        'migrations/meta/_journal.json: 0002_next has "when" 1500, not later than 0001_delivery_queues\'s 2000; existing databases would skip it: set it later than 2000',
      ]);
    });

    it("names a migration file that is not in the journal", () => {
      const folder = released();
      writeFileSync(join(folder, "0002_next.sql"), "ALTER TABLE `leases` ADD `note` text;");
      expect(releasedMigrationProblems(folder)).toEqual(["migrations/0002_next.sql is not in migrations/meta/_journal.json, so no database would run it"]);
    });

    it("checks an engine released never (no released.json) for order only", () => {
      const folder = released();
      rmSync(join(folder, "released.json"));
      expect(releasedMigrationProblems(folder)).toEqual([]);
      addMigration(folder, 1_500);
      expect(releasedMigrationProblems(folder)).toHaveLength(1);
    });

    it("accepts a new migration dated after the released ones", () => {
      const folder = released();
      addMigration(folder, 2_001);
      expect(releasedMigrationProblems(folder)).toEqual([]);
    });
  });
});
