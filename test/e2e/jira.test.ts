import { afterEach, describe, expect, it } from "vitest";
import type { BlockAction } from "@slack/bolt";
import { runCli } from "../../src/cli/run.js";
import type { OutboxRow } from "../../src/db/schema.js";
import { ACTION, MORE } from "../../src/slack/ids.js";
import type { DeliveryThread } from "../../src/slack/delivery-thread.js";
import { moreValue } from "../../src/slack/views/escalation-actions.js";
import { allRows, testDatabase, type TestDatabase } from "../support/db.js";
import { eventually } from "../support/eventually.js";
import { startFakeJira, type FakeJira } from "../support/fake-integrations.js";
import { escalationSubmission, startHarness, type EscalationFields, type Harness } from "../support/harness.js";
import { signedRef } from "../support/refs.js";
import { blockAction } from "../support/signed-request.js";

/**
 * Create Jira issue, end to end: the real bot (signed Slack requests against the emulator, its
 * delivery thread, the engine's database) talking real HTTP to a local stand-in for Jira Cloud's
 * REST API v3. The Fleet playbook files in project FLEET, as Bugs, Sev 1 at Highest.
 */

const EMAIL = "escalations@fleetmanagement.com";
const TOKEN = "ATATT3xFfGF0-jira-api-token-0123456789";

let h: Harness | undefined;
let jira: FakeJira | undefined;
let database: TestDatabase | undefined;

afterEach(async () => {
  await h?.stop();
  await jira?.stop();
  await database?.drop();
  h = jira = database = undefined;
});

const jiraEnv = (j: FakeJira, token = TOKEN) => ({ JIRA_BASE_URL: j.url, JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: token, JIRA_PROJECT_KEY: "SUPPORT" });

async function start(): Promise<{ h: Harness; jira: FakeJira }> {
  jira = await startFakeJira(EMAIL, TOKEN, { FLEET: { name: "Fleet Management", issueTypes: ["Bug", "Task"] }, SUPPORT: { name: "Support", issueTypes: ["Task"] } });
  database = await testDatabase();
  h = await startHarness({ database, env: { ...jiraEnv(jira), LOG_LEVEL: "debug" } });
  return { h, jira };
}

async function open(f: EscalationFields, viewId: string): Promise<{ channel: string; ts: string }> {
  expect((await h!.slack.interaction(escalationSubmission(f, { viewId }))).status).toBe(200);
  const post = await h!.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-0001"));
  return { channel: post.args.channel as string, ts: post.response?.ts as string };
}

/** More actions → Create Jira issue, as Slack sends the choice. */
function chooseJira(post: { channel: string; ts: string }, userId: string) {
  const payload = blockAction({ actionId: ACTION.more, value: "", userId, channelId: post.channel, messageTs: post.ts }) as unknown as BlockAction;
  const value = moreValue(MORE.jira, signedRef(h!));
  payload.actions = [{ type: "overflow", action_id: ACTION.more, block_id: "escalation_actions", selected_option: { text: { type: "plain_text", text: "Create Jira issue" }, value }, action_ts: `${Date.now() / 1000}` }];
  return h!.slack.interaction(payload);
}

const ephemeralTo = (user: string, pattern: RegExp) => h!.fake.waitFor("chat.postEphemeral", (c) => c.args.user === user && pattern.test(String(c.args.text)));
const jiraRows = async (): Promise<OutboxRow[]> => (await allRows(h!.bot.db, "outbox")).filter((r) => r.queue === "jira");
const postBlocks = (post: { channel: string; ts: string }) => JSON.stringify(h!.fake.messages.get(`${post.channel}:${post.ts}`)?.blocks);
const healthz = async () => {
  const res = await fetch(`${h!.baseUrl}/healthz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; problems?: string[]; integrations?: Record<string, string> } };
};

describe("Create Jira issue", () => {
  it("files the bug report in the playbook's project; the key shows on the post, the escalation and its timeline; pressing again answers the key", async () => {
    const { h, jira } = await start();
    const post = await open({ severity: "sev1", summary: "Photo uploads fail for every driver", customer: "Acme Corp" }, "VJIRA");
    await h.bot.deliverer.drain();
    expect(postBlocks(post)).toContain(moreValue(MORE.jira, signedRef(h)));

    expect((await chooseJira(post, "U0ENG")).status).toBe(200);
    await ephemeralTo("U0ENG", /Filing ESC-0001 in Jira/);
    await eventually(async () => (await h.bot.escalations.get(1))?.jiraKey === "FLEET-1", "the key kept on the escalation");
    expect(jira.issues).toHaveLength(1);
    const issue = jira.issues[0]!;
    expect(issue.fields.project.key).toBe("FLEET");
    expect(issue.fields.issuetype.name).toBe("Bug");
    expect(issue.fields.priority?.name).toBe("Highest");
    expect(issue.fields.summary).toContain("ESC-0001");
    expect(issue.fields.summary).toContain("Photo uploads fail for every driver");
    expect(issue.fields.labels).toEqual(expect.arrayContaining(["escalation-bot", "support-escalation"]));
    expect(issue.fields.labels.some((l) => /^escalation-bot-t\w+-esc-0001$/.test(l))).toBe(true);
    expect(JSON.stringify(issue.fields.description)).toContain("codeBlock");
    // The export's bug report, in the playbook's template, as written.
    expect(JSON.stringify(issue.fields.description)).toContain("DESCRIPTION:\\nPhoto uploads fail for every driver");

    // The post links the key, and no longer offers the action; the thread and timeline say it.
    const link = `<${jira.url}/browse/FLEET-1|FLEET-1>`;
    await eventually(() => postBlocks(post).includes(link), "the key on the post");
    expect(postBlocks(post)).not.toContain(moreValue(MORE.jira, signedRef(h)));
    await h.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === post.ts && String(c.args.text).includes(link));
    const events = (await allRows(h.bot.db, "timelineEvents")).filter((e) => e.kind === "jira_issue_created");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: "U0ENG" });

    // A second press (a stale menu) or another person: the existing key, nothing new.
    expect((await chooseJira(post, "U0SARAH")).status).toBe(200);
    await ephemeralTo("U0SARAH", /ESC-0001 is already filed in Jira: <[^|]+\/browse\/FLEET-1\|FLEET-1>/);
    expect(jira.created()).toHaveLength(1);
    expect(await jiraRows()).toHaveLength(1);

    // The token never reached a log line, at debug; nor its basic-auth form.
    const logs = h.logs.join("\n");
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain(Buffer.from(`${EMAIL}:${TOKEN}`).toString("base64"));
    expect((await healthz()).body.integrations).toEqual({ jira: "ok" });
  });

  it("two presses before Jira answers make one issue: the second is told it is on its way", async () => {
    const { h, jira } = await start();
    const post = await open({ severity: "sev2" }, "VTWICE");
    await h.bot.deliverer.drain();
    jira.holdAnswers(1);
    await chooseJira(post, "U0ENG");
    await eventually(() => jira.issues.length === 1, "the issue made, its answer held");
    await chooseJira(post, "U0SARAH");
    await ephemeralTo("U0SARAH", /being filed in Jira already/);
    jira.release();
    await eventually(async () => (await h.bot.escalations.get(1))?.jiraKey === "FLEET-1", "the key kept");
    expect(jira.created()).toHaveLength(1);
  });

  it("a 429 waits its Retry-After, then the issue is made once", async () => {
    const { h, jira } = await start();
    const post = await open({ severity: "sev1" }, "V429");
    await h.bot.deliverer.drain();
    jira.failNext({ status: 429, headers: { "retry-after": "1" }, body: '{"errorMessages":["Rate limit exceeded"]}' });
    await chooseJira(post, "U0ENG");
    await eventually(async () => (await jiraRows())[0]?.lastError?.startsWith("http_429"), "the 429 recorded");
    expect((await jiraRows())[0]).toMatchObject({ status: "pending", attempts: 0 });
    h.clock.advance(1_000);
    await eventually(async () => (await h.bot.escalations.get(1))?.jiraKey === "FLEET-1", "the key kept after the wait", 5_000);
    // After a refused attempt the bot looks for the issue before it makes one (Jira may have taken it): a search, then the issue.
    expect(jira.received.map((r) => `${r.status} ${r.method} ${r.path.split("?")[0]}`)).toEqual(["429 POST /rest/api/3/issue", "200 POST /rest/api/3/search/jql", "201 POST /rest/api/3/issue"]);
    expect(jira.issues).toHaveLength(1);
  });

  it("a 401 parks Jira: healthz names it and the fix", async () => {
    const { h, jira } = await start();
    const post = await open({ severity: "sev1" }, "V401");
    await h.bot.deliverer.drain();
    jira.refuse({ status: 401, body: '{"errorMessages":["Client must be authenticated to access this resource."]}' });
    await chooseJira(post, "U0ENG");
    await eventually(async () => (await jiraRows())[0]?.status === "parked", "the issue parked");
    const health = await eventually(async () => {
      const got = await healthz();
      return got.status === 503 ? got : undefined;
    }, "healthz 503");
    expect(health.body.integrations).toEqual({ jira: "parked" });
    const problem = health.body.problems?.find((p) => p.startsWith("Jira is parked"));
    expect(problem).toContain("http_401");
    expect(problem).toContain("JIRA_API_TOKEN");
    expect(problem).toContain("escalation-bot integrations retry jira");
    // Pressing again says so, and makes nothing.
    await chooseJira(post, "U0SARAH");
    await ephemeralTo("U0SARAH", /Jira, which refused it \(http_401/);
    expect(jira.issues).toHaveLength(0);
  });

  it("a bot killed after Jira made the issue but before its bookkeeping finds it by its label: no second issue", async () => {
    const { h, jira } = await start();
    const post = await open({ severity: "sev1" }, "VKILL");
    await h.bot.deliverer.drain();
    jira.holdAnswers(1);
    await chooseJira(post, "U0ENG");
    await eventually(() => jira.issues.length === 1, "the issue made by Jira");
    expect((await jiraRows())[0]).toMatchObject({ status: "pending", sendingSince: expect.any(Number) });
    await (h.bot.deliverer as DeliveryThread).kill();
    jira.release();
    await eventually(async () => (await h.bot.escalations.get(1))?.jiraKey === "FLEET-1", "the key kept after the restart", 15_000);
    expect(jira.issues).toHaveLength(1);
    expect(jira.received.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual(["POST /rest/api/3/issue", "POST /rest/api/3/search/jql", "GET /rest/api/3/issue/FLEET-1"]);
    const event = (await allRows(h.bot.db, "timelineEvents")).find((e) => e.kind === "jira_issue_created");
    expect(event?.detail).toMatchObject({ key: "FLEET-1", found: true });
  });

  it("a restricted escalation's issue carries nothing of the customer or the summary", async () => {
    const { h, jira } = await start();
    expect((await h.slack.interaction(escalationSubmission({ severity: "sev1", category: "security", customer: "Zebracorp Logistics", summary: "ZEBRA-SUMMARY another user's data is visible", impact: "ZEBRA-IMPACT" }, { viewId: "VRESTRICTED" }))).status).toBe(200);
    const posted = await h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-0001"));
    const post = { channel: posted.args.channel as string, ts: posted.response?.ts as string };
    await h.bot.deliverer.drain();
    // Pressed where it is worked (its restricted channel), by someone who may see it.
    h.fake.addUser({ id: "U0OMAR" });
    await chooseJira(post, "U0OMAR");
    await eventually(async () => (await h.bot.escalations.get(1))?.jiraKey, "the key kept");
    const sent = jira.received.map((r) => r.body).join("\n");
    expect(sent).not.toMatch(/Zebracorp|ZEBRA-/);
    expect(jira.issues[0]!.fields.summary).toBe("Restricted escalation ESC-0001: details in Slack");
  });
});

describe("the export", () => {
  it("/escalate export says how to file the bug report in Jira, and once filed, its key", async () => {
    const { h } = await start();
    const post = await open({ severity: "sev2" }, "VEXPORT");
    await h.bot.deliverer.drain();
    const exportSays = async () => {
      const before = h.fake.callsTo("response_url").length;
      expect((await h.slack.slashCommand({ text: "export ESC-0001", response_url: h.fake.responseUrl, user_id: "U0ENG", channel_id: post.channel })).status).toBe(200);
      const [answer] = (await h.fake.waitForCount("response_url", before + 1, 15_000)).slice(before);
      return String(answer!.args.text);
    };
    expect(await exportSays()).toContain("To file its bug report in Jira, choose *Create Jira issue* on its post");
    await chooseJira(post, "U0ENG");
    await eventually(async () => (await h.bot.escalations.get(1))?.jiraKey === "FLEET-1", "the key kept");
    expect(await exportSays()).toContain("It is filed in Jira as FLEET-1.");
  });
});

describe("escalation-bot integrations check", () => {
  it("reads Jira's myself and the project, each reported; a wrong token or project fails with what to check", async () => {
    jira = await startFakeJira(EMAIL, TOKEN, { SUPPORT: { name: "Support", issueTypes: ["Bug"] } });
    const run = async (env: Record<string, string>) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(["integrations", "check"], { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
      return { code, out: out.join("\n"), err: err.join("\n") };
    };
    const ok = await run(jiraEnv(jira));
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`Jira: ok: ${jira.url} knows the token: it is ${EMAIL}`);
    expect(ok.out).toContain("Jira: ok: project SUPPORT (Support) is visible to that account");
    expect(jira.received.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /rest/api/3/myself", "GET /rest/api/3/project/SUPPORT"]);

    const bad = await run({ ...jiraEnv(jira, "ATATT-wrong-token-0000"), JIRA_PROJECT_KEY: "NOPE" });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("Jira: FAILED: GET /rest/api/3/myself");
    expect(bad.err).toContain("http_401");
    expect(bad.err).toContain("check JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN");
    expect(bad.err).not.toContain("ATATT-wrong-token-0000");

    const partial = await run({ JIRA_BASE_URL: jira.url, JIRA_EMAIL: EMAIL }).catch((e: Error) => ({ code: -1, out: "", err: e.message }));
    expect(partial.err).toContain("JIRA_API_TOKEN, JIRA_PROJECT_KEY: are required when JIRA_BASE_URL, JIRA_EMAIL are set");
  });
});
