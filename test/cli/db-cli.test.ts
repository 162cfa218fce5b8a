import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { openTestDatabase, tempDatabasePath, testDatabase, type TestDatabase } from "../support/db.js";
import { ManualClock } from "../support/clock.js";
import { fleetPolicy } from "../support/policy.js";

async function run(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("escalation-bot db", () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await testDatabase();
  });
  afterEach(async () => {
    await database.drop();
  });

  it("migrate brings the database up to date and status says so, with what it holds", async () => {
    const migrated = await run(database.env, "db", "migrate");
    expect(migrated.code).toBe(0);
    expect(migrated.out).toMatch(/migration\(s\) applied, now at \d{4}_\w+/);

    const db = await openTestDatabase(database);
    await new EscalationService({ db, clock: new ManualClock(), policy: fleetPolicy }).open({
      input: { customer: "Acme", tier: "standard", summary: "Slow dashboard", fields: {} },
      reporterId: "U1",
      reporterChannelId: "C1",
      submissionKey: "V1",
    });
    await db.close();

    const status = await run(database.env, "db", "status");
    expect(status.code).toBe(0);
    expect(status.out).toContain(`engine:     ${database.location.engine}`);
    expect(status.out).toMatch(/migrations: \d+ applied \(last \d{4}_\w+\), 0 pending/);
    // Its post and the confirmation to the reporter.
    expect(status.out).toContain("contents:   1 escalations (1 open), 2 messages waiting to be sent (to Slack and the integrations)");
  });

  it("backup writes a copy, and will not overwrite a file", async () => {
    await run(database.env, "db", "migrate");
    const file = join(dirname(tempDatabasePath()), `backup-${Date.now()}.${database.location.engine === "sqlite" ? "db" : "dump"}`);
    const first = await run(database.env, "db", "backup", file);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const again = await run(database.env, "db", "backup", file);
    expect(again.code).toBe(1);
    expect(again.err).toContain("exists already");
    expect((await run(database.env, "db", "backup")).code).toBe(2);
  });
});

describe("escalation-bot db, on a database it cannot use", () => {
  it("names DATABASE_URL and the fix, without a stack trace", async () => {
    const notAUrl = await run({ DATABASE_URL: "mysql://x" }, "db", "status");
    expect(notAUrl.code).toBe(1);
    expect(notAUrl.err).toMatch(/^DATABASE_URL must be a PostgreSQL URL/);
    const refused = await run({ DATABASE_URL: "postgres://u:p@127.0.0.1:9/escalations" }, "db", "status");
    expect(refused.code).toBe(1);
    expect(refused.err).toBe("DATABASE_URL: nothing accepts connections at 127.0.0.1:9 (connection refused). Start PostgreSQL there, or correct the host and port in DATABASE_URL");
  });
});
