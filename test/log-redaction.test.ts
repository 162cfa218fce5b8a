import { describe, expect, it } from "vitest";
import { keepOutOfLogs, redactLogText } from "../src/log-redaction.js";
import { createLogger } from "../src/logger.js";

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
  it("redacts every entry it writes, objects and errors included", () => {
    const written: string[] = [];
    const logger = createLogger("debug", "t", (l) => written.push(l));
    logger.debug("http request body:", { token: "xoxb-1-2", text: "Globex" });
    logger.error(new Error("failed for xoxb-1-2"));
    expect(written).toHaveLength(2);
    expect(written.join("\n")).not.toMatch(/xoxb-|Globex/);
  });
});
