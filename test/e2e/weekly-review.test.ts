import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { locationFromEnv } from "../../src/cli/db-commands.js";
import { reportCommand } from "../../src/cli/report-command.js";
import { ManualClock } from "../support/clock.js";
import { manager } from "../support/actors.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { DEFAULT_CHANNELS, startTestSlack, type RecordedCall, type SlackEmulator } from "../support/test-slack.js";
import { readManifest } from "../../src/sandbox/manifest.js";
import { fleetPolicy } from "../support/policy.js";

/**
 * The weekly escalation review, driven by the real scheduler tick against the emulator: posted once
 * when the clock passes Monday 09:00 (Los Angeles), still once after a restart, late (and saying so)
 * after downtime over a Monday, and with the figures the report CLI prints for the same week.
 *
 * WEEKLY_REVIEW_OUT=/tmp/weekly-review.txt keeps the text of the post the first test makes, and the report's CSV.
 */

const REVIEW_CHANNEL = { id: "C0REVIEW", name: "fleet-escalation-review" };
const MONDAY_0901 = "2026-01-19T17:01:00Z"; // Monday 19 January 2026, 09:01 in Los Angeles
const WEEK = { since: "2026-01-12T09:00-08:00", until: "2026-01-19T09:00-08:00" };

let database: TestDatabase | undefined;
let slack: SlackEmulator | undefined;
const running: Harness[] = [];

afterEach(async () => {
  for (const h of running.splice(0)) await h.stop();
  await slack?.stop();
  await database?.drop();
  slack = undefined;
  database = undefined;
});

/** The bot on the kept database and workspace: a restart is a second call. */
async function start(at?: string): Promise<Harness> {
  database ??= await testDatabase();
  slack ??= await startTestSlack({
    botEvents: readManifest().botEvents,
    channels: [...DEFAULT_CHANNELS, REVIEW_CHANNEL],
    users: [{ id: "U0MIKE", name: "mike", realName: "Mike Weber", tz: "America/Los_Angeles" }],
  });
  const h = await startHarness({ database, slack });
  running.push(h);
  if (at) h.clock.set(at);
  return h;
}

async function stop(h: Harness): Promise<void> {
  running.splice(running.indexOf(h), 1);
  await h.stop();
}

async function tick(h: Harness) {
  const result = await h.bot.clocks.tick();
  await h.bot.deliverer.drain();
  return result;
}

const reviewPosts = () => slack!.posted(REVIEW_CHANNEL.id);
const blockTexts = (call: RecordedCall): string[] =>
  (call.args.blocks as { text?: { text: string }; elements?: { text: string }[] }[]).flatMap((b) => [b.text?.text ?? "", ...(b.elements ?? []).map((e) => e.text)]).filter(Boolean);

/** Last week's work: three escalations over two tiers, one acknowledged late, one resolved. */
async function lastWeeksWork(h: Harness): Promise<void> {
  h.clock.set("2026-01-13T17:00:00Z"); // Tuesday 09:00 in Los Angeles
  await h.slack.interaction(escalationSubmission({ customer: "Acme Corp", tier: "enterprise", severity: "sev2", summary: "Photo uploads fail for every driver" }));
  await h.slack.interaction(escalationSubmission({ customer: "ACME Corporation", tier: "standard", severity: "sev3", summary: "Trip export misses the last day" }));
  await h.slack.interaction(escalationSubmission({ customer: "Globex <!channel>", tier: "standard", severity: "sev3", summary: "Reports load slowly" }));
  await h.fake.waitForCount("chat.postMessage", 3);
  h.clock.advanceMinutes(10);
  await h.bot.escalations.acknowledge(1, manager("U0MIKE"));
  h.clock.advanceMinutes(50);
  await tick(h); // the scheduler runs through the week as it would
  await h.bot.escalations.acknowledge(2, manager("U0DANA"));
  h.clock.advanceMinutes(60);
  expect((await h.bot.escalations.resolve(1, manager("U0MIKE"), { resolution: "Restarted the upload workers", rootCause: "Queue full" })).kind).toBe("resolved");
  await tick(h);
}

describe("the weekly escalation review", () => {
  it("crossing Monday 09:00 posts it once in the review channel; a second tick and a restart post nothing more; the report prints the same figures", async () => {
    const first = await start();
    expect((await tick(first)).review).toMatchObject({ kind: "baseline" }); // Thursday 15 January: the week under way is its start
    await lastWeeksWork(first);
    first.clock.set("2026-01-19T16:59:00Z");
    expect((await tick(first)).review).toBeUndefined();
    expect(reviewPosts()).toHaveLength(0);

    first.clock.set(MONDAY_0901);
    expect((await tick(first)).review).toMatchObject({ kind: "posted", late: false, skipped: 0 });
    expect(reviewPosts()).toHaveLength(1);
    expect((await tick(first)).review).toBeUndefined();

    await stop(first);
    const again = await start(MONDAY_0901);
    again.clock.advanceMinutes(5);
    expect((await tick(again)).review).toBeUndefined();
    expect(reviewPosts()).toHaveLength(1);

    const post = reviewPosts()[0]!;
    const texts = blockTexts(post);
    const all = texts.join("\n");
    if (process.env.WEEKLY_REVIEW_OUT) writeFileSync(process.env.WEEKLY_REVIEW_OUT, `${post.args.text}\n\n${texts.join("\n\n")}\n`);
    expect(post.args.text).toBe("Weekly escalation review: 12 Jan – 19 Jan 2026");
    expect(all).not.toContain("Posted late");
    expect(all).toContain("*Volume:* 3 opened (+3 on the week before)");
    expect(all).not.toContain("<!channel>");
    expect(all).toContain("Acme Corp / ACME Corporation 2 (ESC-0001, ESC-0002)");

    // The report CLI for the same week, as CSV: each tier's figures are the post's.
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    expect(await reportCommand(["--since", WEEK.since, "--until", WEEK.until, "--by", "tier", "--format", "csv"], io, locationFromEnv(database!.env), database!.env, new ManualClock(Date.parse(MONDAY_0901)))).toBe(0);
    if (process.env.WEEKLY_REVIEW_OUT) writeFileSync(process.env.WEEKLY_REVIEW_OUT, `\n$ escalation-bot report --since ${WEEK.since} --until ${WEEK.until} --by tier --format csv\n${out.join("\n")}\n`, { flag: "a" });
    const [header, ...rows] = out.join("\n").trim().split("\n").map((l) => l.split(","));
    const col = (row: string[], name: string) => row[header!.indexOf(name)]!;
    const share = (row: string[], name: string) => {
      const met = Number(col(row, `${name}_met`));
      const missed = Number(col(row, `${name}_missed`));
      return met + missed === 0 ? "—" : `${Math.round((met / (met + missed)) * 100)}% (${met}/${met + missed})`;
    };
    const table = /```([\s\S]*)```/.exec(all)![1]!.split("\n").map((l) => l.split(/ {2,}/));
    const label = (key: string) => (key === "all" ? "all" : fleetPolicy.tiers.find((t) => t.id === key)!.label);
    expect(rows.length).toBe(3); // enterprise, standard, all
    for (const row of rows) {
      const posted = table.find((r) => r[0] === label(row[0]!));
      expect(posted, `the post's row for ${row[0]}`).toEqual([label(row[0]!), col(row, "opened"), col(row, "mtta") || "—", col(row, "mttr") || "—", share(row, "first_response"), share(row, "updates"), share(row, "resolution")]);
    }
    expect(table.find((r) => r[0] === "all")![1]).toBe("3");

    // The App Home shows Mike the same table, for the same week.
    expect(await again.fake.homeTabs.open("U0MIKE")).toEqual({ ok: true });
    const home = await again.fake.waitFor("views.publish", (c) => c.args.user_id === "U0MIKE");
    const homeText = JSON.stringify(home.args.view);
    expect(homeText).toContain("Last week by tier");
    const homeTable = (JSON.parse(/"(```[^"]*```)"/.exec(homeText)![0]) as string).slice(3, -3).split("\n").map((l) => l.split(/ {2,}/));
    expect(homeTable).toEqual(table);
  });

  it("down over a Monday: one late post when it is back, saying so; down for weeks: still one, saying how many were not posted", async () => {
    const first = await start();
    expect((await tick(first)).review).toMatchObject({ kind: "baseline" });
    await stop(first);

    // Back on Tuesday: Monday 09:00 passed while nothing ran.
    const back = await start("2026-01-20T18:00:00Z");
    expect((await tick(back)).review).toMatchObject({ kind: "posted", late: true, skipped: 0 });
    expect((await tick(back)).review).toBeUndefined();
    expect(reviewPosts()).toHaveLength(1);
    const late = reviewPosts()[0]!;
    expect(late.args.text).toBe("Weekly escalation review: 12 Jan – 19 Jan 2026 · Posted late: the bot was not running at Monday 09:00 (Mon 19 Jan 2026 09:00).");
    expect(blockTexts(late).join("\n")).toContain(":warning: *Posted late: the bot was not running at Monday 09:00 (Mon 19 Jan 2026 09:00).*");
    await stop(back);

    // Down from then to Tuesday 10 February: 26 January, 2 and 9 February passed; only the last is posted.
    const later = await start("2026-02-10T18:00:00Z");
    expect((await tick(later)).review).toMatchObject({ kind: "posted", late: true, skipped: 2 });
    expect((await tick(later)).review).toBeUndefined();
    expect(reviewPosts()).toHaveLength(2);
    const text = blockTexts(reviewPosts()[1]!).join("\n");
    expect(reviewPosts()[1]!.args.text).toContain("Weekly escalation review: 2 Feb – 9 Feb 2026 · Posted late");
    expect(text).toContain("2 earlier weeks were not reviewed");
  });
});
