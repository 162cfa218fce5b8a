import { describe, expect, it } from "vitest";
import { readTypos } from "../../src/domain/typos.js";

const VOCAB = new Set(["lost", "empty", "workspace", "outage", "breach", "from", "data", "their"]);

describe("two letters swapped in one of the playbook's words", () => {
  it.each([
    ["they lsot all their data", "they lost all their data", ["'lsot' as 'lost'"]],
    ["whole workspace is emtpy", "whole workspace is empty", ["'emtpy' as 'empty'"]],
    ["Outgae since 9am", "Outage since 9am", ["'Outgae' as 'outage'"]],
    ["a data braech", "a data breach", ["'braech' as 'breach'"]],
  ])("%j reads as %j", (text, read, fixes) => {
    expect(readTypos(text, VOCAB)).toEqual({ text: read, fixes });
  });

  it.each([
    "lots of data in their workspace", // a real word one swap from a playbook word
    "fill in the form", // idem ("from")
    "teh dta is lsot", // "teh", "dta": too short to read; "lsot" is read, the rest stays as typed
  ])("leaves real words and short words as written: %j", (text) => {
    const r = readTypos(text, VOCAB);
    expect(r.text.split(" ").filter((w, i) => w !== text.split(" ")[i])).toEqual(text.includes("lsot") ? ["lost"] : []);
  });

  it("leaves a word alone when two playbook words are one swap from it, or when it is a playbook word itself", () => {
    expect(readTypos("abdc", new Set(["badc", "abcd"])).fixes).toEqual([]);
    expect(readTypos("the data was lost", VOCAB).fixes).toEqual([]);
  });
});
