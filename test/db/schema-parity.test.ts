import { Column, getTableColumns, is, SQL, StringChunk, type Table } from "drizzle-orm";
import { getTableConfig as pgTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as pg from "../../src/db/schema.pg.js";
import * as sqlite from "../../src/db/schema.js";

/**
 * Repositories are written once and run on SQLite's tables (schema.ts) or PostgreSQL's
 * (schema.pg.ts), so the two must describe the same tables: this fails when they drift apart,
 * naming the table and what differs. Types differ by design (bigint for integer instants, jsonb for
 * JSON text, boolean for 0/1); what each column reads as in TypeScript must not.
 */

/** SQL text of a default or partial-index condition, with the casts PostgreSQL's JSON needs removed. */
function sqlText(value: SQL): string {
  return value.queryChunks
    .map((chunk) => (is(chunk, StringChunk) ? chunk.value.join("") : is(chunk, Column) ? chunk.name : String(chunk)))
    .join("")
    .replace(/::jsonb$/, "");
}

interface Shape {
  name: string;
  /** TS property -> column as the database sees it. */
  columns: Record<string, { name: string; dataType: string; enumValues?: string[]; notNull: boolean; hasDefault: boolean; default: unknown; primary: boolean; unique?: string }>;
  indexes: { name?: string; columns: string[]; unique: boolean; where?: string }[];
  foreignKeys: { columns: string[]; table: string; foreignColumns: string[] }[];
  primaryKeys: string[][];
  uniqueConstraints: { name?: string; columns: string[] }[];
}

type Config = ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>;
type IndexColumn = Config["indexes"][number]["config"]["columns"][number];

const indexColumn = (c: IndexColumn): string => (is(c, SQL) ? sqlText(c) : (c as { name: string }).name);
const byName = <T extends { name?: string }>(a: T, b: T): number => (a.name ?? "").localeCompare(b.name ?? "");

function shape(table: Table, config: Config): Shape {
  const columns = Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, c]) => [
      key,
      {
        name: c.name,
        dataType: c.dataType,
        ...(c.enumValues ? { enumValues: [...c.enumValues] } : {}),
        notNull: c.notNull,
        hasDefault: c.hasDefault,
        default: is(c.default, SQL) ? sqlText(c.default) : c.default,
        primary: c.primary,
        ...(c.isUnique ? { unique: c.uniqueName } : {}),
      },
    ]),
  );
  return {
    name: config.name,
    columns,
    indexes: config.indexes
      .map(({ config: i }) => ({ name: i.name, columns: i.columns.map(indexColumn), unique: i.unique, ...(i.where ? { where: sqlText(i.where) } : {}) }))
      .sort(byName),
    foreignKeys: config.foreignKeys.map((fk) => {
      const ref = fk.reference();
      return { columns: ref.columns.map((c) => c.name), table: getTableConfigName(ref.foreignTable), foreignColumns: ref.foreignColumns.map((c) => c.name) };
    }),
    primaryKeys: config.primaryKeys.map((pk) => pk.columns.map((c) => c.name)),
    uniqueConstraints: config.uniqueConstraints.map((u) => ({ name: u.name, columns: u.columns.map((c) => c.name) })).sort(byName),
  };
}

const getTableConfigName = (t: Table): string => (is(t, PgTable) ? pgTableConfig(t).name : sqliteTableConfig(t as SQLiteTable).name);

/** Every table a schema module exports, by export name. */
function shapes(module: Record<string, unknown>): Record<string, Shape> {
  const tables: Record<string, Shape> = {};
  for (const [key, value] of Object.entries(module)) {
    if (is(value, SQLiteTable)) tables[key] = shape(value, sqliteTableConfig(value));
    else if (is(value, PgTable)) tables[key] = shape(value, pgTableConfig(value));
  }
  return tables;
}

/** Per exported table, the row it reads as and the row it takes on insert. */
type RowTypes<M> = {
  [K in keyof M as M[K] extends Table ? K : never]: M[K] extends Table ? { select: M[K]["$inferSelect"]; insert: M[K]["$inferInsert"] } : never;
};

const sqliteTables = shapes(sqlite);
const pgTables = shapes(pg);

describe("the PostgreSQL schema", () => {
  it("has the same tables under the same export names", () => {
    expect(Object.keys(pgTables).sort()).toEqual(Object.keys(sqliteTables).sort());
    expect(Object.keys(sqliteTables).length).toBeGreaterThan(0);
  });

  describe.each(Object.keys(sqliteTables))("table %s", (key) => {
    it("has the same columns: names, nullability, defaults, keys and what they read as", () => {
      expect(pgTables[key]?.columns).toEqual(sqliteTables[key]?.columns);
      expect(pgTables[key]?.name).toEqual(sqliteTables[key]?.name);
    });

    it("has the same indexes, foreign keys and constraints", () => {
      const { columns: _pg, ...pgRest } = pgTables[key]!;
      const { columns: _sqlite, ...sqliteRest } = sqliteTables[key]!;
      expect(pgRest).toEqual(sqliteRest);
    });
  });

  it("gives every table the same row types as SQLite's, read and insert alike", () => {
    // Checked by the type checker (npm run typecheck); nothing happens at run time.
    expectTypeOf<RowTypes<typeof pg>>().toEqualTypeOf<RowTypes<typeof sqlite>>();
    expectTypeOf<RowTypes<typeof pg>["escalations"]["select"]["alsoCategories"]>().toEqualTypeOf<string[]>();
  });
});
