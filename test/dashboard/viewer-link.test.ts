import { describe, expect, it } from "vitest";
import { signViewerLink, verifyViewerLink, VIEWER_LINK_TTL_MS } from "../../src/dashboard/viewer-link.js";

const KEY = "ab".repeat(32);
const OTHER_KEY = "cd".repeat(32);
const NOW = Date.UTC(2026, 11, 7, 12);

describe("dashboard viewer links", () => {
  const token = signViewerLink({ userId: "U0MANAGER", expiresAt: NOW + VIEWER_LINK_TTL_MS }, KEY);

  it("name their viewer until they expire", () => {
    expect(verifyViewerLink(token, KEY, NOW)).toEqual({ ok: true, userId: "U0MANAGER", expiresAt: NOW + VIEWER_LINK_TTL_MS });
    expect(verifyViewerLink(token, KEY, NOW + VIEWER_LINK_TTL_MS - 1).ok).toBe(true);
    expect(verifyViewerLink(token, KEY, NOW + VIEWER_LINK_TTL_MS)).toEqual({ ok: false, reason: "expired" });
  });

  it("are refused under another key, or with the viewer or the expiry changed", () => {
    expect(verifyViewerLink(token, OTHER_KEY, NOW)).toEqual({ ok: false, reason: "bad signature" });
    const [, expiry, sig] = token.split(".");
    expect(verifyViewerLink(`U0OTHER.${expiry}.${sig}`, KEY, NOW)).toEqual({ ok: false, reason: "bad signature" });
    expect(verifyViewerLink(`U0MANAGER.${Number(expiry) + 3_600_000}.${sig}`, KEY, NOW)).toEqual({ ok: false, reason: "bad signature" });
  });

  it("refuse what is not a link", () => {
    for (const bad of [undefined, "", "U0MANAGER", "U0MANAGER.1.2.3", "not-a-user.1.abc", `U0MANAGER.soon.${"a".repeat(22)}`, "x".repeat(200)]) {
      expect(verifyViewerLink(bad, KEY, NOW)).toEqual({ ok: false, reason: "malformed" });
    }
    expect(() => signViewerLink({ userId: "<!channel>", expiresAt: NOW }, KEY)).toThrow(/not a Slack user id/);
  });
});
