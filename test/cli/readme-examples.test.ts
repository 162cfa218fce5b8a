import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { tempDatabasePath } from "../support/db.js";

/**
 * The README's `npx escalation-bot …` lines, typed as a newcomer would after `npm ci`: through npx,
 * against the built command (the run's global setup builds dist/ as `npm ci` does). A line that
 * stops working, or a README that names a command the product lacks, fails here.
 *
 * Once per `npm test` (SQLite): the commands' own database tests run on both engines
 * (test/cli/db-cli.test.ts).
 */

const ROOT = new URL("../../", import.meta.url).pathname;
const run = promisify(execFile);

/** Each `npx escalation-bot` command of the README's sh blocks, continuation lines joined. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((block) => block.replace(/\\\n\s*/g, "").split("\n"))
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line.startsWith("npx escalation-bot "));
}

/**
 * What a newcomer puts in place of the README's placeholders: a playbook that exists, a file name.
 * Lines left out need what a test machine has not got: a Slack token, or "..." for "any options".
 */
function asTyped(line: string, backup: string): string | undefined {
  if (line.includes("...")) return undefined;
  return line.replaceAll("policies/my-playbook.yml", "policies/fleet-management.yml").replace(/ backup FILE$/, ` backup ${backup}`);
}

const onThisEngine = process.env.TEST_ENGINE !== "postgres";

describe.runIf(onThisEngine)("the README's escalation-bot commands", () => {
  const commands = readmeCommands();

  it("are found in the README: policy check, explain and simulate, db status, migrate and backup", () => {
    for (const expected of ["policy check", "policy explain", "policy simulate", "db status", "db migrate", "db backup"]) {
      expect(commands.some((c) => c.startsWith(`npx escalation-bot ${expected}`)), expected).toBe(true);
    }
  });

  it("each run as typed and succeed", async () => {
    const databasePath = tempDatabasePath();
    const backup = `${databasePath}.backup`;
    // Without Slack or database settings of the caller's: the README's commands on a new database.
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATABASE_PATH: databasePath };
    // `db status` answers 1 while migrations are pending: the database is made the way start-up makes it.
    await run("npx", ["escalation-bot", "db", "migrate"], { cwd: ROOT, env });
    const ran: string[] = [];
    for (const line of commands) {
      const typed = asTyped(line, backup);
      if (!typed) continue;
      const result = await run("sh", ["-c", typed], { cwd: ROOT, env }).catch((err: { code?: number; stdout?: string; stderr?: string }) => err);
      expect({ typed, code: result && "code" in result ? result.code : 0, stderr: result.stderr }).toEqual({ typed, code: 0, stderr: "" });
      expect(result.stdout, typed).not.toBe("");
      ran.push(typed);
    }
    expect(ran.length).toBeGreaterThanOrEqual(6);
    // npx starts npm and then the command: about 1.5 s each alone, several times that beside other files.
  }, 180_000);
});
