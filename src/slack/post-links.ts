import type { WebClient } from "@slack/web-api";
import type { Db } from "../db/connection.js";
import { EscalationRepo } from "../db/escalation-repo.js";
import type { EscalationRow } from "../db/schema.js";
import type { Logger } from "../logger.js";
import { permalinkBuilder } from "./permalinks.js";
import type { LinkedPost, LinkView } from "./views/linked-lines.js";

/**
 * Other escalations as a message shows them: with links to their threads. A post lists its linked
 * escalations and a repeat's earlier ones; a tally lists its requests; a confirmation, a DM and an
 * integration's event link to the escalation's own post. The links are built from the workspace URL
 * (permalinks.ts): a chat.getPermalink call for each message sent would double the Slack calls of
 * an escalation's opening.
 */
export class PostLinks {
  private readonly linkOf: (esc: EscalationRow) => Promise<string | undefined>;

  constructor(
    private readonly db: Db,
    client: WebClient,
    logger: Logger,
  ) {
    this.linkOf = permalinkBuilder(client, logger);
  }

  /** The escalations linked with this one, as its post lists them (with links to their threads). */
  async links(esc: EscalationRow): Promise<{ links?: LinkView }> {
    const { parent, children } = await this.db.read(async (tx) => {
      const repo = new EscalationRepo(tx);
      return { parent: esc.parentId !== null ? await repo.findById(esc.parentId) : undefined, children: await repo.childrenOf(esc.id) };
    });
    if (!parent && children.length === 0) return {};
    return { links: { ...(parent ? { parent: await this.post(parent) } : {}), children: await Promise.all(children.map((c) => this.post(c))) } };
  }

  /** Escalations by id, with links to their threads. */
  async postsOf(ids: readonly number[]): Promise<LinkedPost[]> {
    const rows = await this.db.read((tx) => new EscalationRepo(tx).byIds(ids));
    return Promise.all(rows.map((row) => this.post(row)));
  }

  /** Undefined when not posted yet or Slack cannot give one: the message then names the id only. */
  permalink(esc: EscalationRow): Promise<string | undefined> {
    return this.linkOf(esc);
  }

  private async post(row: EscalationRow): Promise<LinkedPost> {
    return { esc: row, permalink: await this.permalink(row) };
  }
}
