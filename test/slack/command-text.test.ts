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
  ])("%j", (text, expected) => expect(parseCommandText(text)).toEqual(expected));
});
