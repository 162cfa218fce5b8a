import { WebAPIPlatformError, type WebClient } from "@slack/web-api";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";
import type { Policy } from "../domain/playbook/model.js";

const EMAIL_TTL_MS = 60 * 60_000;

/**
 * Turns playbook roles into Slack mentions: user ids as <@U…>, user groups as <!subteam^S…>, and
 * emails looked up with users.lookupByEmail (cached for an hour; an unknown email is shown as text so
 * a typo in the playbook is visible rather than silently dropped).
 */
export class RoleDirectory {
  private readonly byEmail = new Map<string, { userId: string | null; at: number }>();
  /** Look-ups under way: many sends at once (a backlog over many channels) ask for the same e-mails. */
  private readonly asking = new Map<string, Promise<string | null>>();

  constructor(
    private readonly client: WebClient,
    private readonly policy: Policy,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Slack user ids of a role's members (for DMs); user groups are not expanded. */
  async members(roleId: string): Promise<string[]> {
    const role = this.policy.roles[roleId];
    if (!role) return [];
    const fromEmails = await Promise.all(role.emails.map((e) => this.lookup(e)));
    return [...new Set([...role.users, ...fromEmails.filter((u): u is string => u !== null)])];
  }

  /**
   * Who to invite for a role (a war room): its Slack members, and its e-mails Slack does not know,
   * so they can be named rather than silently left out. User groups are not expanded.
   */
  async invitees(roleId: string): Promise<{ users: string[]; missing: string[] }> {
    const role = this.policy.roles[roleId];
    if (!role) return { users: [], missing: [] };
    const found = await Promise.all(role.emails.map(async (email) => ({ email, user: await this.lookup(email) })));
    return {
      users: [...new Set([...role.users, ...found.flatMap((f) => (f.user ? [f.user] : []))])],
      missing: found.filter((f) => !f.user).map((f) => f.email),
    };
  }

  /** One mention string per role id, e.g. { "support-manager": "<@U1>" }. */
  async mentions(roleIds: readonly string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const roleId of roleIds) {
      const role = this.policy.roles[roleId];
      if (!role) {
        out[roleId] = roleId;
        continue;
      }
      const parts = [...role.users.map((u) => `<@${u}>`), ...role.usergroups.map((g) => `<!subteam^${g}>`)];
      for (const email of role.emails) {
        const user = await this.lookup(email);
        parts.push(user ? `<@${user}>` : email);
      }
      out[roleId] = `${role.label ?? roleId} (${parts.join(" ")})`;
    }
    return out;
  }

  private lookup(email: string): Promise<string | null> {
    const cached = this.byEmail.get(email);
    if (cached && this.clock.now() - cached.at < EMAIL_TTL_MS) return Promise.resolve(cached.userId);
    let asked = this.asking.get(email);
    if (!asked) {
      asked = this.ask(email, cached).finally(() => this.asking.delete(email));
      this.asking.set(email, asked);
    }
    return asked;
  }

  private async ask(email: string, cached: { userId: string | null } | undefined): Promise<string | null> {
    try {
      const res = await this.client.users.lookupByEmail({ email });
      const userId = res.user?.id ?? null;
      this.byEmail.set(email, { userId, at: this.clock.now() });
      return userId;
    } catch (err) {
      // "No such user" is an answer worth remembering; a rate limit or outage is not.
      if (err instanceof WebAPIPlatformError && err.data.error === "users_not_found") {
        this.byEmail.set(email, { userId: null, at: this.clock.now() });
        this.logger.warn({ email }, "playbook.email_matches_no_user");
      } else {
        this.logger.debug({ email, error: err instanceof Error ? err.message : String(err) }, "users.lookup_by_email_failed");
      }
      return cached?.userId ?? null;
    }
  }
}
