import { randomBytes } from "node:crypto";

/**
 * The postgres project's global setup: names this run, so that whatever databases its test
 * processes leave behind (a test that never called drop(), a worker that was killed) are dropped
 * when the run ends. Test processes read the name from the environment they inherit.
 */
export default function setup(): () => Promise<void> {
  const run = randomBytes(3).toString("hex");
  process.env.TEST_POSTGRES_RUN = run;
  return async () => {
    const { closeAdminConnections, dropRunDatabases, testPostgresUrl } = await import("./postgres.js");
    try {
      await dropRunDatabases(testPostgresUrl(), run);
    } catch (err) {
      process.stderr.write(`could not drop this run's test databases (dropped within the hour by a later run): ${err instanceof Error ? err.message : String(err)}\n`);
    } finally {
      await closeAdminConnections();
    }
  };
}
