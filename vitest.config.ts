import pg from "pg";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/** scripts/postgres-for-tests.sh's server and role (test/support/postgres.ts has the same default). */
const DEFAULT_TEST_POSTGRES_URL = "postgres://escalation_test:escalation_test@127.0.0.1:5432/postgres";
const HOW = "run scripts/postgres-for-tests.sh (or set TEST_POSTGRES_URL to an admin URL whose role may CREATE DATABASE)";

/** Null when the server does not answer, else why not. */
async function connectError(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The PostgreSQL run happens when a server is there: TEST_POSTGRES_URL's, or the script's on the
 * default port. Without one it is skipped, except in CI (REQUIRE_POSTGRES=1), where that fails.
 */
async function postgresUrl(): Promise<string | undefined> {
  const given = process.env.TEST_POSTGRES_URL;
  const url = given || DEFAULT_TEST_POSTGRES_URL;
  const error = await connectError(url);
  if (error === null) return url;
  if (given) throw new Error(`TEST_POSTGRES_URL does not answer (${error}): ${HOW}`);
  if (process.env.REQUIRE_POSTGRES === "1") throw new Error(`REQUIRE_POSTGRES=1 but no PostgreSQL answers at 127.0.0.1:5432 (${error}): ${HOW}`);
  process.stderr.write(`PostgreSQL run skipped: no server at 127.0.0.1:5432 for the tests; to run it, ${HOW}\n`);
  return undefined;
}

/** Projects with `extends: true` load this file again: decide (and say so) once per run. */
const DECIDED = Symbol.for("escalation-bot.vitest.postgresUrl");
type WithDecision = typeof globalThis & { [DECIDED]?: Promise<string | undefined> };

export default defineConfig(async () => {
  const url = await ((globalThis as WithDecision)[DECIDED] ??= postgresUrl());
  // The same tests twice, once per engine: TEST_ENGINE tells the test support which database to make.
  const projects: TestProjectInlineConfiguration[] = [{ extends: true, test: { name: "sqlite", env: { TEST_ENGINE: "sqlite" } } }];
  if (url) {
    projects.push({
      extends: true,
      test: {
        name: "postgres",
        env: { TEST_ENGINE: "postgres", TEST_POSTGRES_URL: url },
        globalSetup: ["test/support/postgres-global-setup.ts"],
        // Every query is a round trip to a server, and each bot started opens its pools and checks
        // its migrations: tests that restart the bot several times need more than SQLite's 15 s.
        testTimeout: 30_000,
      },
    });
  }
  return {
    test: {
      include: ["test/**/*.test.ts"],
      testTimeout: 15_000,
      projects,
      // dist/ built once, before any file: for the tests that run the built product, and the
      // delivery threads of every bot a test starts (test/support/built-worker.ts).
      globalSetup: ["test/support/build-global-setup.ts"],
      reporters: ["default", "./test/support/slowest-files-reporter.ts"],
    },
  };
});
