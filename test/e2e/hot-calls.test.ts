import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTION } from "../../src/slack/ids.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { signedRef } from "../support/refs.js";
import { blockAction } from "../support/signed-request.js";
import { startTestSlack, type SlackEmulator } from "../support/test-slack.js";

/**
 * The running bot makes its hot calls (views.open from a listener, chat.postMessage from the
 * delivery thread, chat.update from both) by the hot-call path, and every other call through the
 * Web API client: a proxy between the bot and the emulator notes how each call was encoded (JSON
 * for the hot-call path, a form for the client).
 */

interface Wire {
  method: string;
  contentType: string;
}

/** Forwards to the emulator and notes each call's method and content type. */
async function wireTap(target: string): Promise<{ url: string; seen: Wire[]; stop(): Promise<void> }> {
  const seen: Wire[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const method = (req.url ?? "").replace(/^\/api\//, "");
      seen.push({ method, contentType: String(req.headers["content-type"] ?? "") });
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => ["content-type", "authorization", "user-agent"].includes(k))) as Record<string, string>;
      void fetch(`${target}${method}`, { method: "POST", headers, body: Buffer.concat(chunks) }).then(
        async (r) => res.writeHead(r.status, { "content-type": r.headers.get("content-type") ?? "application/json" }).end(await r.text()),
        () => res.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    seen,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

let fake: SlackEmulator;
let tap: Awaited<ReturnType<typeof wireTap>>;
let h: Harness;
beforeEach(async () => {
  fake = await startTestSlack();
  tap = await wireTap(fake.url);
  h = await startHarness({ slack: fake, env: { SLACK_API_URL: tap.url } });
});
afterEach(async () => {
  await h.stop();
  await tap.stop();
  await fake.stop();
});

const JSON_BODY = "application/json; charset=utf-8";
const FORM = "application/x-www-form-urlencoded";

describe("the bot's Web API calls", () => {
  it("go by the hot-call path for views.open, chat.postMessage and chat.update, and through the client otherwise", async () => {
    const command = await h.slack.slashCommand({ text: "Acme uploads fail", trigger_id: fake.views.issueTrigger("U0AGENT") });
    expect(command.status).toBe(200);
    const opened = await fake.waitFor("views.open");
    expect(opened.response).toMatchObject({ ok: true });

    expect((await h.slack.interaction(escalationSubmission({ summary: "Drivers cannot upload photos", severity: "sev2" }))).status).toBe(200);
    const post = await fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-"));
    const ts = post.response?.ts as string;
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), userId: "U0ENG", channelId: "C0TIER2", messageTs: ts }));
    await fake.waitFor("chat.update");
    await fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === ts);
    await h.bot.deliverer.drain();

    const hot = tap.seen.filter((w) => ["views.open", "chat.postMessage", "chat.update"].includes(w.method));
    const others = tap.seen.filter((w) => !hot.includes(w));
    expect(new Set(hot.map((w) => w.method))).toEqual(new Set(["views.open", "chat.postMessage", "chat.update"]));
    for (const w of hot) expect(w, w.method).toMatchObject({ contentType: JSON_BODY });
    // auth.test at start-up, the reporter's private confirmation, lookups: the Web API client's.
    expect(others.length).toBeGreaterThan(0);
    for (const w of others) expect(w.contentType, w.method).toBe(FORM);
    // Nothing failed on the way: every call the emulator answered was accepted.
    expect(fake.calls.filter((c) => ["views.open", "chat.postMessage", "chat.update"].includes(c.method) && c.response?.ok !== true)).toEqual([]);
  });
});
