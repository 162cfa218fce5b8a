import { describe, expect, it } from "vitest";
import { parseCommandText } from "../../src/slack/command-text.js";

describe("parseCommandText", () => {
  it.each([
    ["", { kind: "open", summary: "" }],
    ["  Acme uploads fail with 503  ", { kind: "open", summary: "Acme uploads fail with 503" }],
    ["help", { kind: "help" }],
    ["HELP", { kind: "help" }],
    ["list", { kind: "list" }],
    ["ESC-0042", { kind: "status", id: 42 }],
    ["esc-7", { kind: "status", id: 7 }],
    ["list of broken exports for Acme", { kind: "open", summary: "list of broken exports for Acme" }],
    ["ESC-0042 is back", { kind: "open", summary: "ESC-0042 is back" }],
    ["export ESC-0042", { kind: "export", id: 42, format: "md" }],
    ["Export esc-7 JSON", { kind: "export", id: 7, format: "json" }],
    ["export 42 md", { kind: "export", id: 42, format: "md" }],
    ["export ESC-0042 pdf", { kind: "bad_export", text: "ESC-0042 pdf" }],
    ["export", { kind: "bad_export", text: "" }],
    ["Export to CSV fails for Acme", { kind: "open", summary: "Export to CSV fails for Acme" }],
  ])("%j", (text, expected) => expect(parseCommandText(text)).toEqual(expected));
});
