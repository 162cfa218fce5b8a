import { signViewerLink, VIEWER_LINK_TTL_MS } from "../dashboard/viewer-link.js";
import type { Clock } from "../domain/clock.js";

/** A person's own dashboard link, or why there is none. */
export type DashboardLink = { kind: "link"; url: string; expiresAt: number } | { kind: "no_address" } | { kind: "not_a_user" };

/**
 * Makes the dashboard links App Home hands out: `<public URL>/dashboard?link=<token>`, the token
 * naming the person Slack says clicked and expiring VIEWER_LINK_TTL_MS after the click by the
 * injected clock, signed with the key buttons are signed with (viewer-link.ts derives its own from
 * it). The address is read at each click: the sandbox learns its own only once its port is picked.
 */
export class DashboardLinks {
  constructor(private readonly deps: { key: string; clock: Clock; publicUrl: () => string | undefined }) {}

  linkFor(userId: string): DashboardLink {
    const base = this.deps.publicUrl();
    if (base === undefined) return { kind: "no_address" };
    const expiresAt = this.deps.clock.now() + VIEWER_LINK_TTL_MS;
    let token: string;
    try {
      token = signViewerLink({ userId, expiresAt }, this.deps.key);
    } catch {
      // Not a Slack user id: nobody a link could name.
      return { kind: "not_a_user" };
    }
    return { kind: "link", url: `${base}/dashboard?link=${encodeURIComponent(token)}`, expiresAt };
  }
}
