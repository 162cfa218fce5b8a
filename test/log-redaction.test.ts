import { describe, expect, it } from "vitest";
import { keepOutOfLogs, redactLogText, secretsOf } from "../src/log-redaction.js";
import { chooseLogFormat, createLogger, forwardingLogger, relayEntry } from "../src/logger.js";
import { slackLogger } from "../src/slack/slack-logger.js";
import { captureLogs } from "./support/log-capture.js";

describe("redactLogText", () => {
  it("removes Slack tokens of every kind, wherever they appear", () => {
    const line = "http request headers: Authorization: Bearer xoxb-123-456-abcDEF; app xapp-1-A0-99-ff; user xoxp-9-9; refresh xoxe-1-abc";
    const out = redactLogText(line);
    for (const token of ["xoxb-", "xapp-", "xoxp-", "xoxe-"]) expect(out).not.toContain(token);
    expect(out).toContain("http request headers: Authorization: Bearer [redacted]");
  });

  it("removes secrets the process was told to keep out, and Socket Mode tickets", () => {
    keepOutOfLogs("s3cr3t-signing-value", undefined, "abc");
    expect(redactLogText("verifying with s3cr3t-signing-value failed")).toBe("verifying with [redacted] failed");
    // Too short to be told from ordinary words: left alone.
    expect(redactLogText("abc")).toBe("abc");
    expect(redactLogText('{"ok":true,"url":"wss://example.test/link/?ticket=T-123&app_id=A1"}')).not.toContain("T-123");
  });

  it("removes a dashboard link's token (a short-lived credential) from a logged request body", () => {
    const out = redactLogText('http request body: {"view":{"blocks":[{"elements":[{"url":"https://esc.example.com/dashboard?link=U0MIKE.1768494300000.LS057clPRxG3Xf"}]}]}}');
    expect(out).toContain("https://esc.example.com/dashboard?link=[redacted]");
    expect(out).not.toContain("LS057clPRxG3Xf");
    // A permalink is not a link token.
    expect(redactLogText("see https://acme.slack.com/archives/C1/p123?permalink=1")).toContain("permalink=1");
  });

  it("removes typed text from request and response bodies, keeping their shape and ids", () => {
    const body = {
      channel: "C0SEC",
      text: "ESC-0001 Sev 1 — Globex: another user's data is visible",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "*Summary*\nanother user's data is visible" }, fields: [{ type: "mrkdwn", text: "Globex" }] }],
      metadata: { event_type: "escalation_bot_outbox", event_payload: { key: "post:1" } },
    };
    const out = redactLogText(`http request body: ${JSON.stringify(body)}`);
    expect(out).not.toMatch(/Globex|another user/);
    expect(out.startsWith("http request body: ")).toBe(true);
    const parsed = JSON.parse(out.slice("http request body: ".length));
    expect(parsed).toMatchObject({ channel: "C0SEC", text: "[redacted]", metadata: { event_payload: { key: "post:1" } } });
    expect(parsed.blocks[0].text).toEqual({ type: "mrkdwn", text: "[redacted]" });
  });

  it("drops a form's typed values, command text and private_metadata, also inside a JSON string", () => {
    const payload = {
      type: "view_submission",
      token: "verification-token",
      user: { id: "U0AGENT" },
      view: { id: "V1", callback_id: "escalation_modal", private_metadata: '{"draft":"Globex"}', state: { values: { summary: { summary: { type: "plain_text_input", value: "Globex breach" } } } } },
    };
    const socket = `Received a message on the WebSocket: ${JSON.stringify({ envelope_id: "e1", payload: { command: "/escalate", text: "Globex breach", response_url: "https://hooks.slack.test/commands/T/1/secret" } })}`;
    const form = `body: ${JSON.stringify({ payload: JSON.stringify(payload) })} (done)`;
    for (const line of [socket, form]) {
      const out = redactLogText(line);
      expect(out).not.toMatch(/Globex|verification-token|hooks\.slack\.test/);
    }
    expect(redactLogText(form)).toContain("escalation_modal");
    expect(redactLogText(form).endsWith(" (done)")).toBe(true);
  });

  it("drops JSON it cannot read rather than risk printing it", () => {
    expect(redactLogText('Unable to parse (will ignore): {"text":"Globex brea')).toBe("Unable to parse (will ignore): [redacted: unreadable JSON]");
    expect(redactLogText('odd: {"text": Globex} tail')).toBe("odd: [redacted: unreadable JSON] tail");
  });

  it("leaves the bot's own lines as they are", () => {
    const lines = [
      "escalation.submit escalation=ESC-0001 user=U0AGENT outcome=created",
      'outbox.released rows=2 reason="their post was settled before the last stop"',
      "[ERROR] a bracketed word and a {brace} are not JSON",
    ];
    for (const line of lines) expect(redactLogText(line)).toBe(line);
  });
});

describe("the logger", () => {
  it("redacts every entry it writes, objects and errors included, in JSON and pretty alike", () => {
    const { logger, lines, json } = captureLogs("debug");
    const bolt = slackLogger(logger, "bolt");
    bolt.debug("http request body:", { token: "xoxb-1-2", text: "Globex" });
    bolt.error(new Error("failed for xoxb-1-2"));
    logger.error({ err: new Error('failed for xoxb-1-2: {"text":"Globex"}') }, "outbox.failed");
    expect(json).toHaveLength(3);
    expect(lines).toHaveLength(3);
    expect([...json, ...lines].join("\n")).not.toMatch(/xoxb-|Globex/);
    expect(JSON.parse(json[0]!)).toMatchObject({ name: "bolt", msg: 'http request body: {"token":"[redacted]","text":"[redacted]"}' });
    expect(JSON.parse(json[1]!)).toMatchObject({ name: "bolt", err: { type: "Error", message: "failed for [redacted]" } });
  });

  it("censors fields that name a secret or typed text, with pino's redaction", () => {
    const { logger, json, lines } = captureLogs();
    logger.info(
      { escalation: "ESC-0001", token: "t0ken-value", password: "hunter22", summary: "Globex breach", headers: { authorization: "Bearer abc123", host: "slack.test" } },
      "escalation.submit",
    );
    const entry = JSON.parse(json[0]!);
    expect(entry).toMatchObject({ escalation: "ESC-0001", token: "[redacted]", password: "[redacted]", summary: "[redacted]", headers: { authorization: "[redacted]", host: "slack.test" } });
    expect(lines[0]).not.toMatch(/t0ken-value|hunter22|Globex|abc123/);
  });

  it("keeps every secret of the configuration out, by the name of its setting, and database passwords", () => {
    const config = {
      slackSigningSecret: "signing-secret-value",
      metricsToken: "metrics-token-value",
      webhookSecret: "webhook-secret-value",
      databaseUrl: "postgres://bot:db-pass-w0rd@db.internal:5432/escalations",
      databasePath: "./data/escalations.db",
      metadataSigningKey: "metadata-signing-key-value",
      jiraProjectKey: "SUPPORT",
      port: 3000,
    };
    // A Jira project key is an id, not a secret: SUPPORT-12 stays readable.
    expect(secretsOf(config)).toEqual(["signing-secret-value", "metrics-token-value", "webhook-secret-value", "db-pass-w0rd", "metadata-signing-key-value"]);
    keepOutOfLogs(...secretsOf(config));
    const { logger, json, lines } = captureLogs();
    logger.warn({ error: "401 for Bearer metrics-token-value", problem: "signed with webhook-secret-value" }, "signing-secret-value leaked?");
    slackLogger(logger, "web-api").warn("connecting to postgres://bot:db-pass-w0rd@db.internal:5432/escalations");
    // A URL's password is kept out even when the URL is not this process's.
    logger.warn({ error: "connect postgres://other:elsewhere-pw@10.0.0.9/x failed" }, "db.unreachable");
    const all = [...json, ...lines].join("\n");
    for (const secret of [...secretsOf(config), "elsewhere-pw"]) expect(all).not.toContain(secret);
    expect(all).toContain("postgres://bot:[redacted]@db.internal:5432/escalations");
  });

  it("writes each action's fields as JSON keys, and as key=value on one pretty line", () => {
    const { logger, json, lines } = captureLogs();
    logger.info({ escalation: "ESC-0001", user: "U0AGENT", outcome: "created", playbook: "Fleet Management iOS", ms: 12 }, "escalation.submit");
    const entry = JSON.parse(json[0]!);
    expect(entry).toMatchObject({ level: 30, msg: "escalation.submit", escalation: "ESC-0001", user: "U0AGENT", outcome: "created", ms: 12 });
    expect(typeof entry.time).toBe("string");
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: escalation\.submit escalation=ESC-0001 user=U0AGENT outcome=created playbook="Fleet Management iOS" ms=12$/);
  });

  it("writes errors' messages, and their stacks only at debug", () => {
    const info = captureLogs("info");
    info.logger.error({ err: new TypeError("bad thing") }, "request.failed");
    expect(JSON.parse(info.json[0]!).err).toEqual({ type: "TypeError", message: "bad thing" });
    expect(info.lines[0]).toContain('request.failed error="TypeError: bad thing"');
    const debug = captureLogs("debug");
    debug.logger.error({ err: new TypeError("bad thing") }, "request.failed");
    expect(JSON.parse(debug.json[0]!).err.stack).toMatch(/^TypeError: bad thing\n\s+at /);
    expect(debug.lines[0]!.split("\n")[1]).toMatch(/^\s+at /);
  });

  it("writes nothing below LOG_LEVEL; Bolt's setLevel and getLevel move its own child only", () => {
    const { logger, json } = captureLogs("warn");
    logger.info({ outcome: "created" }, "escalation.submit");
    logger.warn({ row: 1 }, "outbox.retry");
    const bolt = slackLogger(logger, "bolt");
    expect(bolt.getLevel()).toBe("warn");
    bolt.info("hidden");
    bolt.setLevel("debug" as Parameters<typeof bolt.setLevel>[0]);
    expect(bolt.getLevel()).toBe("debug");
    bolt.debug("now shown");
    logger.debug("still hidden");
    bolt.setName("web-api:WebClient:0");
    bolt.debug("renamed");
    expect(json.map((l) => JSON.parse(l).msg)).toEqual(["outbox.retry", "now shown", "renamed"]);
    // One `name` per entry, even after a rename.
    expect(json[2]!.match(/"name":/g)).toHaveLength(1);
    expect(JSON.parse(json[2]!)).toMatchObject({ name: "web-api:WebClient:0", level: 20 });
  });

  it("relays the delivery thread's entries to the main logger with their level and fields", () => {
    const { logger, json, lines } = captureLogs("info");
    const sent: string[] = [];
    const thread = forwardingLogger("info", (entry) => sent.push(entry));
    thread.warn({ row: 7, kind: "post", escalation: 3, error: "ratelimited for xoxb-9-9", in_ms: 1000 }, "outbox.retry");
    thread.error({ err: new Error("boom") }, "delivery.stop_failed");
    thread.debug({ row: 8 }, "outbox.sent");
    expect(sent).toHaveLength(2);
    for (const entry of sent) relayEntry(logger, entry);
    expect(JSON.parse(json[0]!)).toMatchObject({ level: 40, msg: "outbox.retry", row: 7, kind: "post", escalation: 3, error: "ratelimited for [redacted]", in_ms: 1000 });
    expect(JSON.parse(json[1]!)).toMatchObject({ level: 50, msg: "delivery.stop_failed", err: { type: "Error", message: "boom" } });
    expect(lines[0]).toContain("WARN: outbox.retry row=7 kind=post escalation=3");
    // One time and one pid per entry: the main thread's.
    expect(json[0]!.match(/"time":/g)).toHaveLength(1);
  });

  it("chooses pretty for the sandbox and a terminal, JSON otherwise, unless told", () => {
    expect(chooseLogFormat("json", true)).toBe("json");
    expect(chooseLogFormat("pretty", false)).toBe("pretty");
    expect(chooseLogFormat(undefined, true)).toBe("pretty");
    expect(chooseLogFormat(undefined, false)).toBe(process.stderr.isTTY ? "pretty" : "json");
  });

  it("writes finished lines to the sink it is given, one entry each, in the format asked", () => {
    const pretty: string[] = [];
    const json: string[] = [];
    createLogger({ level: "info", format: "pretty", write: (l) => pretty.push(l) }).info({ outcome: "done" }, "sandbox.reset");
    createLogger({ level: "info", format: "json", write: (l) => json.push(l) }).info({ outcome: "done" }, "sandbox.reset");
    expect(pretty).toEqual([expect.stringMatching(/INFO: sandbox\.reset outcome=done$/)]);
    expect(JSON.parse(json[0]!)).toMatchObject({ msg: "sandbox.reset", outcome: "done" });
  });
});
