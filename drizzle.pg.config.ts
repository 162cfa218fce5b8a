import { defineConfig } from "drizzle-kit";

/** PostgreSQL's migrations, from its twin of schema.ts (drizzle.config.ts is SQLite's). */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.pg.ts",
  out: "./migrations/pg",
});
