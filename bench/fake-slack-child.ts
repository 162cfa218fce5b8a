/**
 * The fake Slack in a process of its own, so that the end-to-end benchmark measures the bot's work
 * and not also the fake's (as a real Slack would be elsewhere). Started with forkChild(); argv[2]
 * is an optional JSON list of extra channels ({ id, name }).
 *
 * Besides the Web API it plays the part of Slack that hands out trigger ids: the load generator,
 * which sends the slash commands Slack would send, asks `POST {triggersUrl}` with
 * { user, count } for fresh ids (valid 3 s, once, as the emulator's own). And it notes when each
 * views.open arrives, by trigger id, for the "views.open after receipt" figure.
 *
 * Requests: seedMessages { count } (the bot's posts of the first `count` seeded escalations, so
 * their updates and thread replies land), viewsOpened (what arrived since the last ask).
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { EMULATOR_IDS } from "../src/sandbox/identity.js";
import { DEFAULT_CHANNELS, startTestSlack, type RecordedCall } from "../test/support/test-slack.js";
import { serveParent } from "./processes.js";
import { BENCH_PEOPLE, SEEDED_MESSAGE_CHANNEL, seededMessageTs } from "./seed.js";

export interface FakeSlackReady {
  url: string;
  triggersUrl: string;
}

/** views.open calls by trigger id: when each arrived (ms since the epoch) and whether Slack took it. */
export interface ViewsOpened {
  triggers: string[];
  at: number[];
  ok: boolean[];
}

const extraChannels = JSON.parse(process.argv[2] ?? "[]") as { id: string; name: string }[];
const fake = await startTestSlack({ channels: [...DEFAULT_CHANNELS, ...extraChannels], pageSize: 200, users: BENCH_PEOPLE });
// Recording every call is for tests; here it would only grow memory.
setInterval(() => fake.reset(), 1_000).unref();

let opened: ViewsOpened = { triggers: [], at: [], ok: [] };
fake.events.on("call", (call: RecordedCall) => {
  if (call.method !== "views.open") return;
  opened.triggers.push(String(call.args.trigger_id));
  opened.at.push(performance.timeOrigin + performance.now());
  opened.ok.push(call.response?.ok === true);
});

const triggers = createServer((req, res) => {
  void readJson(req).then(
    (body) => {
      const { user, count } = body as { user: string; count: number };
      const ids = Array.from({ length: Math.min(Math.max(1, count), 10_000) }, () => fake.views.issueTrigger(user));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ids }));
    },
    () => res.writeHead(400).end(),
  );
});
await new Promise<void>((resolve) => triggers.listen(0, "127.0.0.1", resolve));

serveParent(
  {
    seedMessages: ({ count }: { count: number }) => {
      for (let id = 1; id <= count; id++) {
        fake.workspace.post({ channel: SEEDED_MESSAGE_CHANNEL, ts: seededMessageTs(id), user: EMULATOR_IDS.botUserId, botId: EMULATOR_IDS.botId, text: "seeded escalation" });
      }
      return count;
    },
    viewsOpened: () => {
      const taken = opened;
      opened = { triggers: [], at: [], ok: [] };
      return taken;
    },
  },
  { url: fake.url, triggersUrl: `http://127.0.0.1:${(triggers.address() as AddressInfo).port}/triggers` } satisfies FakeSlackReady,
  async () => {
    triggers.closeAllConnections();
    triggers.close();
    await fake.stop();
  },
);

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch (err) {
        reject(err);
      }
    });
    req.on("error", reject);
  });
}
