import { describe, expect, it } from "vitest";
import { isMessageLink, plainTextOfMessage, prefillFromMessage } from "../../src/slack/source-message.js";

/** A Slack message's text as the escalation form takes it ("Escalate this message"). */

describe("plainTextOfMessage", () => {
  it.each([
    ["plain words", "Uploads fail", "Uploads fail"],
    ["typed markup stays as typed", "a &lt;b&gt; &amp; &lt;!channel&gt;", "a <b> & <!channel>"],
    ["a mention with its name", "ask <@U0ENG|eng>", "ask @eng"],
    ["a mention without one", "ask <@U0ENG>", "ask @U0ENG"],
    ["special mentions", "<!channel> <!here> <!everyone>", "@channel @here @everyone"],
    ["a user group", "<!subteam^S0T2|@tier2> and <!subteam^S0T3>", "@tier2 and @S0T3"],
    ["a date with its fallback", "since <!date^1700000000^{date_short}|Nov 14>", "since Nov 14"],
    ["a channel", "see <#C0TIER2|fleet-support-tier2> and <#C0ENG>", "see #fleet-support-tier2 and #C0ENG"],
    ["a link says where it goes", "<https://evil.example|Open the thread>", "Open the thread (https://evil.example)"],
    ["a bare link", "<https://status.example.com/>", "https://status.example.com/"],
    ["an e-mail address", "<mailto:john@acme.com|john@acme.com>", "john@acme.com"],
    ["an entity inside a link's words", "<https://x.example/?a=1&amp;b=2|a &amp; b>", "a & b (https://x.example/?a=1&b=2)"],
  ])("%s", (_name, text, plain) => {
    expect(plainTextOfMessage(text)).toBe(plain);
  });
});

describe("prefillFromMessage", () => {
  it("the first sentence is the summary, the whole text the details", () => {
    expect(prefillFromMessage("Acme Corp uploads fail since 9:00. 10 drivers are blocked!")).toEqual({
      summary: "Acme Corp uploads fail since 9:00.",
      details: "Acme Corp uploads fail since 9:00. 10 drivers are blocked!",
    });
  });

  it("the first line when it is one sentence, and nothing more when that is all", () => {
    expect(prefillFromMessage("Route planner shows yesterday's routes\nSeen by Globex and Initech")).toEqual({
      summary: "Route planner shows yesterday's routes",
      details: "Route planner shows yesterday's routes\nSeen by Globex and Initech",
    });
    expect(prefillFromMessage("  Fuel cards declined at every station  ")).toEqual({ summary: "Fuel cards declined at every station" });
  });

  it("a first sentence too short to say much gives way to the line", () => {
    expect(prefillFromMessage("Help! Acme cannot log in since the update")).toEqual({ summary: "Help! Acme cannot log in since the update" });
  });

  it("a long line is cut visibly to a summary's length; the details keep all of it", () => {
    const long = `Acme ${"very ".repeat(100)}slow`;
    const { summary, details } = prefillFromMessage(long);
    expect(summary).toHaveLength(300);
    expect(summary!.endsWith("…")).toBe(true);
    expect(details).toBe(long);
  });

  it("an empty message fills nothing", () => {
    expect(prefillFromMessage("")).toEqual({});
    expect(prefillFromMessage(" \n ")).toEqual({});
  });
});

describe("isMessageLink", () => {
  it.each([
    ["https://acme.slack.com/archives/C0TIER1/p1700000000000100", true],
    ["https://acme.slack.com/archives/C0TIER1/p1700000000000200?thread_ts=1700000000.000100&cid=C0TIER1", true],
    ["http://localhost:3000/archives/C0TIER1/p1700000000000100", true],
    ["https://evil.example|Open the thread> <!channel", false],
    ["https://acme.slack.com/archives/C0 TIER1", false],
    ["javascript:alert(1)", false],
    ["<https://acme.slack.com/>", false],
    [`https://acme.slack.com/${"x".repeat(500)}`, false],
  ])("%s → %s", (url, ok) => {
    expect(isMessageLink(url)).toBe(ok);
  });
});
