import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startBot } from "../../src/bot.js";
import { loadSlackConfig } from "../../src/config.js";
import { PolicyError } from "../../src/policy/loader.js";
import { DEFAULT_CHANNELS } from "../support/test-slack.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("the default playbook in the running bot", () => {
  it("the modal offers the playbook's options and explains its suggestion", async () => {
    h = await startHarness();
    await h.slack.slashCommand({ text: "Customer reports a data breach in trip exports" });
    const open = await h.fake.waitFor("views.open");
    const blocks = open.args.view.blocks as { block_id?: string; element?: { options?: { value: string }[] } }[];
    expect(blocks.find((b) => b.block_id === "severity")?.element?.options?.map((o) => o.value)).toEqual(["sev1", "sev2", "sev3", "sev4"]);
    expect(JSON.stringify(blocks)).toContain("The playbook suggests *Sev 1 · Critical* · Security incident — matched 'data breach'");
  });

  it("keeps a restricted escalation's details in its own channel; the others only learn it exists", async () => {
    h = await startHarness({ fake: { users: [{ id: "U0SECOFF", email: "security@fleetmanagement.com" }] } });
    const summary = "Globex admin can see another user's data: driver licence numbers of a different fleet";
    await h.slack.interaction(escalationSubmission({ customer: "Globex Logistics", summary, severity: undefined, impact: "PII exposure" }));
    await h.fake.waitFor("chat.postEphemeral");
    await h.bot.deliverer.drain();

    const posts = h.fake.posted();
    const detailed = posts.filter((p) => p.args.channel === "C0SEC" && !p.args.thread_ts);
    expect(detailed).toHaveLength(1);
    // A Sev 1: its war room is private, the only other place its details go.
    const room = (await h.bot.escalations.get(1))!.warRoomChannelId;
    expect(room && h.fake.workspace.channels.get(room)?.isPrivate).toBe(true);
    const detailText = JSON.stringify(detailed[0]!.args);
    expect(detailText).toContain("Globex Logistics");
    expect(detailText).toContain("<@U0SECOFF>"); // the role's email resolved to a mention

    const elsewhere = posts.filter((p) => p.args.channel !== "C0SEC" && p.args.channel !== room && String(p.args.channel).startsWith("C"));
    expect(elsewhere.map((p) => p.args.channel).sort()).toEqual(["C0ENG", "C0MGMT", "C0TIER2"]);
    for (const p of elsewhere) {
      const text = JSON.stringify(p.args);
      expect(text).not.toContain("Globex");
      expect(text).not.toContain("licence");
      expect(text).not.toContain("PII");
      expect(text).toContain("restricted Security incident escalation was opened");
    }
    // The security officer and CTO are told by DM at once, without the details either.
    const dms = posts.filter((p) => String(p.args.channel).startsWith("D"));
    expect(dms.map((p) => p.args.channel)).toContain("DU0SECOFF");
    for (const p of dms) expect(JSON.stringify(p.args)).not.toMatch(/Globex|licence|PII/);
    const confirmation = h.fake.callsTo("chat.postEphemeral")[0]!;
    expect(JSON.stringify(confirmation.args)).not.toContain("licence");
  });

  it("shows the SLA clocks in each reader's time zone and the reasons", async () => {
    h = await startHarness();
    await h.slack.interaction(escalationSubmission({ tier: "trial", severity: "sev2", summary: "Report export crashes for all depots" }));
    const post = await h.fake.waitFor("chat.postMessage", (c) => String(c.args.text).startsWith("ESC-"));
    const text = JSON.stringify(post.args.blocks);
    const esc = (await h.bot.escalations.get(1))!;
    expect(text).toContain(`first response by <!date^${esc.firstResponseDue / 1000}^`);
    expect(text).toContain("× 2 (Trial)");
    // Thursday 08:00 Pacific + 4 business hours (Sev 2's 2 h doubled for Trial).
    expect(new Date(esc.firstResponseDue).toISOString()).toBe("2026-01-15T20:00:00.000Z");
  });
});

describe("the post says why, with the playbook's words and the policy's assumptions", () => {
  it("Acme's uploads failing for all drivers: Sev 2 by the definition's “Major feature not working”; the calendar's NOTE said", async () => {
    h = await startHarness();
    const summary = "Acme Corp photo uploads fail with 503 for all drivers";
    await h.slack.interaction(escalationSubmission({ severity: undefined, summary, impact: "Inspections can't be completed with photos since 8 AM" }));
    const post = await h.fake.waitFor("chat.postMessage", (c) => String(c.args.text).startsWith("ESC-"));
    const esc = (await h.bot.escalations.get(1))!;
    expect(esc.severity).toBe("sev2");
    const why = (post.args.blocks as { elements?: { text?: string }[] }[]).flatMap((b) => b.elements ?? []).map((e) => e.text ?? "").find((t) => t.startsWith("Why: "))!;
    expect(why).toContain("Sev 2 · High by the playbook's definition (read: major ('fail')");
    expect(why).toContain("one customer's users ('all drivers')");
    expect(why).toContain("— “Major feature not working” (Resolution SLA Details)");
    expect(why).toContain("Bug: “Software doesn't work as designed” (Bug vs. Feature Request)");
    expect(why).toContain("assumed by the policy, not the playbook (calendar tier2-hours): the playbook does not say which days are");
  });
});

describe("another playbook from POLICY_FILE", () => {
  it("runs TeamFlow with no code change", async () => {
    const channels = [...DEFAULT_CHANNELS, { id: "C0TFSEC", name: "security-alerts-tf" }, { id: "C0TFESC", name: "support-escalation" }, { id: "C0TFCS", name: "customer-success" }];
    h = await startHarness({ env: { POLICY_FILE: new URL("../../policies/teamflow.yml", import.meta.url).pathname }, fake: { channels } });
    await h.slack.slashCommand({ text: "" });
    const open = await h.fake.waitFor("views.open");
    const tiers = (open.args.view.blocks as { block_id?: string; element?: { options?: { value: string }[] } }[]).find((b) => b.block_id === "tier");
    expect(tiers?.element?.options?.map((o) => o.value)).toEqual(h.bot.policy.tiers.map((t) => t.id));
    expect(h.bot.policy.name).toMatch(/TeamFlow/);
  });
});

describe("start-up with a broken playbook", () => {
  it("fails with the file, line, field and what is expected", async () => {
    const file = join(tmpdir(), `broken-playbook-${process.pid}.yml`);
    writeFileSync(file, "name: Broken\ndefaults: { severity: sev1, category: general, level: l1, tier: std }\nseverities:\n  - id: sev1\n    label: S1\n    firstResponse: 15m\n    progressUpdate: 1h\n    resolution: forever\n");
    const config = loadSlackConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", POLICY_FILE: file, DATABASE_PATH: ":memory:", PORT: "0" });
    const started = startBot(config);
    await expect(started).rejects.toBeInstanceOf(PolicyError);
    await expect(started).rejects.toThrow(`${file}:8:17 severities[0].resolution: "forever" is not a duration`);
  });
});
