import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, normalize } from "node:path";
import pg from "pg";
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

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

/** What makes a database for a test: a file that reaches one of these, or reads TEST_ENGINE itself, runs on each engine. */
const DATABASE_SUPPORT = ["test/support/db.ts", "test/support/postgres.ts"];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/**
 * The test files whose tests run on the engine under test. The others never open a database of
 * the run's engine (the domain, the playbooks, views, the renderer, the sandbox and its page, which
 * keep their own SQLite): on PostgreSQL they would run the very same code a second time.
 */
function engineTestFiles(): string[] {
  const files = testFiles("test");
  const imports = new Map(
    files.map((file) => {
      const text = readFileSync(file, "utf8");
      const local = [...text.matchAll(/from\s*"(\.[^"]+)"|import\(\s*"(\.[^"]+)"\s*\)/g)].map((m) => normalize(join(dirname(file), m[1] ?? m[2]!)).replace(/\.js$/, ".ts"));
      return [file, { local, readsEngine: text.includes("TEST_ENGINE") }];
    }),
  );
  // A plain walk per file: a hundred files, and support modules importing each other stay right.
  const reachesDatabase = (file: string, seen: Set<string> = new Set()): boolean => {
    if (DATABASE_SUPPORT.includes(file)) return true;
    const info = imports.get(file);
    if (!info || seen.has(file)) return false;
    seen.add(file);
    return info.readsEngine || info.local.some((next) => reachesDatabase(next, seen));
  };
  return files.filter((f) => f.endsWith(".test.ts") && reachesDatabase(f));
}

/**
 * Tests that assert how long something took in real time (a 429's pause, pacing between posts: a few
 * hundred milliseconds). They run after everything else, one file per engine at a time (a core
 * each), so that no other test competes for the cores while they measure the bot.
 */
const REAL_TIME = ["test/e2e/delivery-timing.test.ts"];

/**
 * The edge fuzz asserts real time too (every signed request answered within a second) and keeps both
 * cores busy for a few seconds: it runs last, on its own, so that it neither measures a busy machine
 * nor disturbs the pacing measured above.
 */
const FUZZ = ["test/e2e/edge-fuzz.test.ts"];

/**
 * The rest runs several files at once: most of a test's time is waiting (for HTTP, a delivery
 * thread, PostgreSQL, Chromium), so more test processes than cores keep the cores busy. Vitest's
 * default is one fewer than the cores: a single process on a 2-core machine.
 */
// One per core per engine (both engines' projects run side by side): at 1.5 per core the longest
// e2e and browser waits (a 3-second ack, a modal) came too close to their limits on 2 cores.
const PARALLEL_WORKERS = Math.max(2, availableParallelism());
/** The real-time files side by side: one core each. */
const REAL_TIME_WORKERS = Math.min(2, availableParallelism());

export default defineConfig(async () => {
  const url = await ((globalThis as WithDecision)[DECIDED] ??= postgresUrl());
  // Every file on SQLite, and those that reach a database again on PostgreSQL: TEST_ENGINE tells
  // the test support which database to make.
  const engines: { name: string; include: string[]; test: TestProjectInlineConfiguration["test"] }[] = [
    { name: "sqlite", include: testFiles("test").filter((f) => f.endsWith(".test.ts")), test: { env: { TEST_ENGINE: "sqlite" } } },
  ];
  if (url) {
    engines.push({
      name: "postgres",
      include: engineTestFiles(),
      test: {
        env: { TEST_ENGINE: "postgres", TEST_POSTGRES_URL: url },
        globalSetup: ["test/support/postgres-global-setup.ts"],
        // Every query is a round trip to a server, and each bot started opens its pools and checks
        // its migrations: tests that restart the bot several times need more than SQLite's 15 s.
        testTimeout: 30_000,
      },
    });
  }
  const projects: TestProjectInlineConfiguration[] = engines.flatMap(({ name, include, test }) => [
    {
      extends: true,
      test: {
        ...test,
        name,
        include,
        exclude: [...configDefaults.exclude, ...REAL_TIME, ...FUZZ],
        maxWorkers: PARALLEL_WORKERS,
        // A test process keeps the modules it imported for its next file: importing the app's
        // modules again for every file cost about half a second each. Each file still makes its
        // own databases, bots and fakes, and no test changes a module's state (no vi.mock).
        isolate: false,
        sequence: { groupOrder: 0 },
      },
    },
    {
      extends: true,
      test: { ...test, name: `${name}-real-time`, include: include.filter((f) => REAL_TIME.includes(f)), maxWorkers: REAL_TIME_WORKERS, sequence: { groupOrder: 1 } },
    },
    {
      extends: true,
      test: { ...test, name: `${name}-fuzz`, include: include.filter((f) => FUZZ.includes(f)), maxWorkers: REAL_TIME_WORKERS, sequence: { groupOrder: 2 } },
    },
  ]);
  return {
    test: {
      // Each project says which files are its own (a list here would be added to theirs).
      testTimeout: 15_000,
      projects,
      // dist/ built once, before any file: for the tests that run the built product, and the
      // delivery threads of every bot a test starts (test/support/built-worker.ts).
      globalSetup: ["test/support/build-global-setup.ts"],
      reporters: ["default", "./test/support/slowest-files-reporter.ts"],
    },
  };
});
