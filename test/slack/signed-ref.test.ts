import { describe, expect, it } from "vitest";
import { MAX_METADATA_CHARS, RefSigner, resolveRefKey } from "../../src/slack/signed-ref.js";

const install = { teamId: "T1", botUserId: "U0BOT", signingKey: "11".repeat(32) };
const signer = new RefSigner(resolveRefKey(undefined, install));

describe("signed escalation references", () => {
  it("round-trips a button value and form metadata", () => {
    expect(signer.sign(42)).toMatch(/^ESC-0042\.[A-Za-z0-9_-]{22}$/);
    expect(signer.verify(signer.sign(42))).toBe(42);
    expect(signer.verifyMetadata(signer.metadata(42))).toBe(42);
    expect(signer.metadata(42).length).toBeLessThan(MAX_METADATA_CHARS);
  });

  it.each([
    ["a bare row id", "42"],
    ["no value", undefined],
    ["another id under this signature", signer.sign(42).replace("ESC-0042", "ESC-0043")],
    ["an unpadded id", signer.sign(42).replace("ESC-0042", "ESC-42")],
    ["a cut signature", signer.sign(42).slice(0, -1)],
  ])("refuses %s", (_, value) => {
    expect(signer.verify(value)).toBeUndefined();
  });

  it("refuses what another database, another installation or another environment key signed", () => {
    const recreated = new RefSigner(resolveRefKey(undefined, { ...install, signingKey: "22".repeat(32) }));
    const otherTeam = new RefSigner(resolveRefKey(undefined, { ...install, teamId: "T2" }));
    const withEnv = (env: string, db = install) => new RefSigner(resolveRefKey(env, db));
    expect(signer.verify(recreated.sign(1))).toBeUndefined();
    expect(signer.verify(otherTeam.sign(1))).toBeUndefined();
    // The environment's key alone is not enough: a recreated database still refuses the old values.
    expect(withEnv("e".repeat(32)).verify(withEnv("e".repeat(32), { ...install, signingKey: "22".repeat(32) }).sign(1))).toBeUndefined();
    expect(withEnv("e".repeat(32)).verify(withEnv("f".repeat(32)).sign(1))).toBeUndefined();
    expect(withEnv("e".repeat(32)).verify(signer.sign(1))).toBeUndefined();
  });

  it("refuses metadata that is unsigned, malformed or bigger than the bot ever writes", () => {
    expect(signer.verifyMetadata(JSON.stringify({ escalationId: 42 }))).toBeUndefined();
    expect(signer.verifyMetadata("not json")).toBeUndefined();
    expect(signer.verifyMetadata(JSON.stringify({ ...JSON.parse(signer.metadata(42)), extra: "x" }))).toBeUndefined();
    expect(signer.verifyMetadata(signer.metadata(42) + " ".repeat(MAX_METADATA_CHARS))).toBeUndefined();
  });

  it("without any key, signs for this process only", () => {
    const a = resolveRefKey(undefined, undefined);
    expect(a.processOnly).toBe(true);
    expect(new RefSigner(resolveRefKey(undefined, undefined)).verify(new RefSigner(a).sign(1))).toBeUndefined();
  });
});
