import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTION } from "../../src/slack/ids.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { blockAction } from "../support/signed-request.js";
import { signedRef } from "../support/refs.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

async function command(text: string) {
  const before = h.fake.callsTo("response_url").length;
  const res = await h.slack.slashCommand({ text, response_url: h.fake.responseUrl });
  expect(res.status).toBe(200);
  const [answer] = (await h.fake.waitForCount("response_url", before + 1)).slice(before);
  expect(answer!.args.response_type).toBe("ephemeral");
  return JSON.stringify(answer!.args);
}

async function open(fields: Parameters<typeof escalationSubmission>[0]) {
  await h.slack.interaction(escalationSubmission(fields));
  await h.fake.waitForCount("chat.postEphemeral", h.fake.callsTo("chat.postEphemeral").length + 1);
  await h.bot.deliverer.drain();
}

describe("/escalate help, list and ESC-…", () => {
  it("help says what the command can do", async () => {
    const text = await command("help");
    expect(text).toContain("/escalate list");
    expect(text).toContain("Fleet Management iOS");
    expect(h.fake.callsTo("views.open")).toHaveLength(0);
  });

  it("list shows open escalations most severe first, with links, and hides restricted details", async () => {
    expect(await command("list")).toContain("No open escalations");
    await open({ severity: "sev3", summary: "Report totals are off by one day" });
    await open({ severity: "sev1", summary: "Production down for every driver" });
    await open({ severity: undefined, customer: "Globex", summary: "They can see another user's data in exports" });
    h.clock.advanceMinutes(30);
    const text = await command("list");
    expect(text).toContain("Open escalations: 3");
    const order = ["ESC-0002", "ESC-0003", "ESC-0001"].map((id) => text.indexOf(`|${id}>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order[0]! < order[2]!).toBe(true);
    expect(text).toContain("https://sandbox.slack.test/archives/");
    expect(text).toContain("restricted Security incident (details in #security-alerts)");
    expect(text).not.toContain("Globex");
    // How long ago is Slack's to count when the reply is read (never baked in).
    expect(text).toMatch(/opened <!date\^\d+\^\{ago\}\|/);
  });

  it("ESC-0001 shows where it stands and its latest events; an unknown id is said plainly", async () => {
    await open({ severity: "sev2", summary: "Fuel reports export empty files" });
    const post = h.fake.callsTo("chat.postMessage").find((c) => c.args.channel === "C0TIER2" && c.args.thread_ts === undefined)!;
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), userId: "U0ENG", channelId: "C0TIER2", messageTs: String(post.response?.ts) }));
    await h.fake.waitFor("chat.update");
    const text = await command("ESC-0001");
    expect(text).toContain("Fuel reports export empty files");
    expect(text).toContain("with <@U0ENG>");
    expect(text).toContain("opened by <@U0AGENT>");
    expect(text).toContain("acknowledged by <@U0ENG>");
    expect(await command("ESC-0099")).toContain("There is no ESC-0099.");
  });
});
