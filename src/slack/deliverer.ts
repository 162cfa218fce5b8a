import type { ChatPostMessageArguments, WebClient } from "@slack/web-api";
import type { Db } from "../db/connection.js";
import { OutboxRepo } from "../db/outbox-repo.js";
import type { EscalationRow, OutboxRow } from "../db/schema.js";
import type { Clock } from "../domain/clock.js";
import { isHomeIntent, isIntegrationIntent, isIntegrationQueue, isTeamIntent, queueChannel } from "../domain/outbox-intent.js";
import type { IntegrationSettings } from "../config.js";
import { IntegrationDelivery, type IntegrationCall } from "../integrations/integration-delivery.js";
import type { Logger } from "../logger.js";
import type { Policy } from "../domain/playbook/model.js";
import { LaneHolds } from "./lane-holds.js";
import { DeliveryBookkeeping } from "../services/delivery-bookkeeping.js";
import { WarRoomRecords } from "../services/war-room-records.js";
import type { ChannelDirectory } from "./channel-directory.js";
import { DEFAULT_ALERT_AFTER_MS, DeliveryHealthReader, type DeliveryControl, type DeliveryHealth } from "./delivery-control.js";
import { classifyDeliveryError, isUnreachableChannel, type DeliveryFailure } from "./delivery-error.js";
import { Pacer, PriorityGate, QueueRunners } from "./delivery-queues.js";
import { MissingDependencyError, NO_HOME_PUBLISHER, postedMessageOf, sendIntent, type SendTools, type UserMessage } from "./outbox-senders.js";
import type { RoleDirectory } from "./role-directory.js";
import { sendTeamIntent, type TeamTools } from "./team-senders.js";
import { openDm, permalinkAt } from "./client-lookups.js";
import type { RenderContext } from "./views/escalation-message.js";
import { PostLinks } from "./post-links.js";
import type { RefSigner } from "./signed-ref.js";

export interface DelivererDeps {
  db: Db;
  policy: Policy;
  /** A client with its own retries off: the outbox owns retrying, so one 429 never blocks the process. */
  client: WebClient;
  channels: ChannelDirectory;
  roles: RoleDirectory;
  /** Signs the escalation references that buttons and forms carry. */
  refs: RefSigner;
  clock: Clock;
  /** Names this process among replicas sharing the outbox (lane-holds.ts). */
  holder: string;
  logger: Logger;
  /** Minimum gap between two chat.postMessage calls to one channel (Slack allows about one per second). */
  postIntervalMs?: number;
  /** A message still unsent after this long needs a person: logged, and /healthz says so. */
  alertAfterMs?: number;
  /** How often a refused token is tried again (auth.test) while delivery is paused. */
  authProbeMs?: number;
  /** Told when Slack starts refusing the token ("token_revoked", ...) and when it works again ("ok"). */
  onSlackState?: (state: string) => void;
  /** Publishes a person's App Home (home-publisher.ts); without it, such rows fail. */
  homes?: { publish(userId: string): Promise<void> };
  /** PagerDuty and the webhook, when configured; their rows are sent over HTTP (integration-delivery.ts). */
  integrations?: IntegrationSettings;
  /** Told of each call to an integration (the sandbox's API log). */
  onIntegrationCall?: (call: IntegrationCall) => void;
}

const BASE_BACKOFF_MS = 2_000;
/** A message whose channel is missing is tried again after this, doubling up to MAX_CHANNEL_WAIT_MS. */
const CHANNEL_WAIT_MS = 30_000;
const MAX_CHANNEL_WAIT_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 10 * 60_000;
const DEFAULT_AUTH_PROBE_MS = 15_000;
/** Sends in flight at once across all queues; beyond it the most severe go first. */
const MAX_SENDS_IN_FLIGHT = 16;
/** Marks our own messages so a retry can find a post whose response was lost. */
const METADATA_EVENT = "escalation_bot_outbox";
/** How far back (in pages of 200) a retry looks for its own earlier post. */
const MAX_LOOKUP_PAGES = 5;

/**
 * Drains the outbox into Slack. Every row waits in its destination's queue (a channel, a person, a
 * role's DMs) and each queue drains on its own, most severe first, so a paced, rate-limited or
 * broken destination never holds another. Rows are rendered from current state at send time.
 * Transient errors are retried with backoff; permanent ones are recorded on the timeline and the
 * reporter is told.
 */
export class Deliverer implements DeliveryControl {
  private readonly laneHolds: LaneHolds;
  private readonly healthReader: DeliveryHealthReader;
  private readonly records: DeliveryBookkeeping;
  private readonly pacer: Pacer;
  private readonly queues: QueueRunners<OutboxRow>;
  /** Each queue's pacing lane once its channel name is resolved to an id. */
  private readonly lanes = new Map<string, string>();
  private authProblem: { code: string; since: number } | undefined;
  private authProbe: NodeJS.Timeout | undefined;
  /** Rows already reported as waiting too long (reported once per process). */
  private readonly reportedStuck = new Set<number>();
  private readonly roomRecords: WarRoomRecords;
  private botUser: Promise<string> | undefined;
  private readonly posts: PostLinks;
  private readonly integrations: IntegrationDelivery;

  constructor(private readonly deps: DelivererDeps) {
    this.records = new DeliveryBookkeeping(deps.db, deps.policy, deps.clock);
    this.posts = new PostLinks(deps.db, deps.client, deps.logger);
    const onCall = deps.onIntegrationCall;
    this.integrations = new IntegrationDelivery({ ...deps, settings: deps.integrations ?? {}, link: (esc) => this.posts.permalink(esc), ...(onCall ? { onCall } : {}) });
    this.roomRecords = new WarRoomRecords(deps.db, deps.policy, deps.clock);
    this.healthReader = new DeliveryHealthReader(deps.db, deps.clock, deps.alertAfterMs);
    this.laneHolds = new LaneHolds(deps.db, deps.holder);
    this.pacer = new Pacer(deps.postIntervalMs ?? 1_000);
    this.queues = new QueueRunners<OutboxRow>({
      dueQueues: (limit) => deps.db.read((tx) => new OutboxRepo(tx).dueQueues(deps.clock.now(), limit)),
      next: (queue) => deps.db.read((tx) => new OutboxRepo(tx).nextInQueue(queue, deps.clock.now())),
      laneOf: (queue) => this.laneOf(queue),
      lanes: this.laneHolds,
      deliver: (row, lane) => this.deliver(row, lane),
      pacer: this.pacer,
      gate: new PriorityGate(MAX_SENDS_IN_FLIGHT),
      pausable: (queue) => !isIntegrationQueue(queue),
      onError: (queue, err) => deps.logger.error({ queue, error: err instanceof Error ? err.message : String(err) }, "outbox.queue_failed"),
    });
  }

  /** Polls for retries and for rows a previous process committed but never sent. */
  async start(pollMs: number): Promise<void> {
    const released = await this.deps.db.transaction((tx) => new OutboxRepo(tx).releaseOrphans());
    if (released > 0) this.deps.logger.info({ rows: released, reason: "their post was settled before the last stop" }, "outbox.released");
    await this.integrations.retryParkedAtStart();
    this.queues.start(pollMs);
  }

  async stop(): Promise<void> {
    if (this.authProbe) clearInterval(this.authProbe);
    this.authProbe = undefined;
    await this.queues.stop();
    await this.laneHolds.letGoAll();
  }

  health(): Promise<DeliveryHealth> {
    return this.healthReader.read(this.authProblem?.code ?? "ok");
  }

  /**
   * The token is refused: every queue stops taking rows (none is lost or counted as failed) until
   * auth.test works again, tried every authProbeMs.
   */
  private pauseForAuth(code: string): void {
    if (this.authProblem) return;
    this.authProblem = { code, since: this.deps.clock.now() };
    this.queues.pause();
    this.deps.onSlackState?.(code);
    void this.integrations.withoutSlack((queues) => this.queues.kick(queues));
    this.deps.logger.error(
      { error: code, action: "Slack refuses the bot token: reinstall the app or set a valid SLACK_BOT_TOKEN; delivery resumes by itself once it works" },
      "delivery.paused",
    );
    this.authProbe = setInterval(() => void this.probeAuth(), this.deps.authProbeMs ?? DEFAULT_AUTH_PROBE_MS);
    this.authProbe.unref();
  }

  private async probeAuth(): Promise<void> {
    try {
      await this.deps.client.auth.test();
    } catch (err) {
      this.deps.logger.debug({ error: classifyDeliveryError(err).code }, "delivery.auth_probe");
      return this.integrations.withoutSlack((queues) => this.queues.kick(queues));
    }
    if (this.authProbe) clearInterval(this.authProbe);
    this.authProbe = undefined;
    const pausedFor = this.authProblem ? this.deps.clock.now() - this.authProblem.since : 0;
    this.authProblem = undefined;
    this.deps.logger.info({ paused_ms: pausedFor }, "delivery.resumed");
    this.deps.onSlackState?.("ok");
    this.queues.resume();
  }

  /** Asks for delivery soon (next turn of the event loop), so a request is never held up by it. */
  kick(): void {
    this.queues.kick();
  }

  /** Sends everything due now; resolves when nothing sendable is left. Tests and the bench await it. */
  drain(): Promise<void> {
    return this.queues.drain();
  }

  /**
   * The pacing lane of a queue: a channel queue by the channel's id, so every row for one channel
   * shares its pacing and rate-limit pause whether the playbook names it `#name` or by id.
   */
  private async laneOf(queue: string): Promise<string> {
    const known = this.lanes.get(queue);
    if (known) return known;
    const channel = queueChannel(queue);
    if (channel === undefined) return queue;
    try {
      const lane = `channel:${await this.deps.channels.resolve(channel)}`;
      this.lanes.set(queue, lane);
      return lane;
    } catch {
      return queue; // unknown channel: sending will fail and say so
    }
  }

  private async deliver(row: OutboxRow, lane: string): Promise<void> {
    await this.records.sending(row);
    try {
      const intent = row.payload;
      if (isIntegrationIntent(intent)) {
        const { waitMs } = await this.integrations.deliver(row, intent);
        if (waitMs !== undefined) this.pacer.block(lane, Date.now() + waitMs);
      } else if (isTeamIntent(intent)) await sendTeamIntent(this.teamTools(row, lane), intent);
      else if (isHomeIntent(intent)) await (this.deps.homes ?? NO_HOME_PUBLISHER).publish(intent.userId).then(() => this.records.sent(row));
      else await sendIntent(await this.toolsFor(row, lane), intent);
      this.deps.logger.debug({ row: row.id, kind: row.kind, escalation: row.escalationId }, "outbox.sent");
    } catch (err) {
      const failure: DeliveryFailure = err instanceof MissingDependencyError ? { retry: false, code: err.message } : classifyDeliveryError(err);
      if ((await this.handleFailure(row, lane, failure)) === "retry") return;
    }
    // A post that was sent, failed for good or waits for its channel no longer holds the rest.
    const escalationId = row.escalationId;
    if (row.kind === "post_escalation" && escalationId !== null) this.queues.kick(await this.deps.db.read((tx) => new OutboxRepo(tx).queuesOf(escalationId)));
  }

  private teamTools(row: OutboxRow, lane: string): TeamTools {
    const channel = (ref: string) => this.deps.channels.resolve(ref, row.attempts === 0 ? row.nextAttemptAt : undefined);
    return { policy: this.deps.policy, channel, postOnce: (args) => this.postOnce(row, lane, args), permalinkAt: (c, ts) => permalinkAt(this.deps.client, c, ts), sent: () => this.records.sent(row) };
  }

  /** What a sender may use for this row: Slack through this deliverer, outcomes through the records. */
  private async toolsFor(row: OutboxRow, lane: string): Promise<SendTools> {
    const { esc, refreshesUpTo } = row.escalationId === null ? { esc: undefined, refreshesUpTo: 0 } : await this.records.escalationToRender(row.escalationId);
    if (!esc) throw new MissingDependencyError(`escalation ${row.escalationId} not found`);
    return {
      esc,
      event: async (id) => {
        const event = await this.records.event(id);
        if (!event) throw new MissingDependencyError(`timeline event ${id} not found`);
        return event;
      },
      latestEvent: (kind) => this.records.latestEvent(esc.id, kind),
      postedMessage: () => postedMessageOf(esc),
      // A row on its first attempt (new, or made due again by news of its channel) must not meet
      // the directory's cached "not found"; rows on their backoff share its throttled refresh.
      channel: (ref) => this.deps.channels.resolve(ref, row.attempts === 0 ? row.nextAttemptAt : undefined),
      postOnce: (args) => this.postOnce(row, lane, args),
      update: async (args) => void (await this.deps.client.chat.update(args)),
      tellUser: (userId, channelId, message) => this.tellUser(row, lane, userId, channelId, message),
      openDm: (userId) => openDm(this.deps.client, userId),
      permalink: () => this.posts.permalink(esc),
      postsOf: (ids) => this.posts.postsOf(ids),
      renderContext: (opts) => this.renderContext(esc, opts?.links === true),
      refs: this.deps.refs,
      roleMembers: (role) => this.deps.roles.members(role),
      postError: () => this.records.postError(esc.id),
      postPending: () => this.records.postPending(esc.id),
      sent: () => this.records.sent(row),
      posted: (ref) => this.records.posted(row, esc.id, ref),
      refreshed: () => this.records.refreshed(row, esc.id, refreshesUpTo),
      skipped: (reason) => {
        this.deps.logger.warn({ row: row.id, kind: row.kind, escalation: esc.id, reason }, "outbox.skipped");
        return this.records.sent(row);
      },
      room: {
        slack: this.deps.client,
        botUserId: () => this.botUserId(),
        roleInvitees: (role) => this.deps.roles.invitees(role),
        retrying: row.sendingSince !== null,
        created: (channelId, name) => this.roomRecords.created(esc.id, channelId, name),
        ready: (detail) => this.roomRecords.ready(row, esc.id, detail),
        failed: (error) => this.roomRecords.failed(row, esc.id, error),
        archived: (channelId) => this.roomRecords.archived(row, esc.id, channelId),
      },
    };
  }

  private async handleFailure(row: OutboxRow, lane: string, failure: DeliveryFailure): Promise<"retry" | "waiting" | "failed"> {
    const now = this.deps.clock.now();
    if (failure.retry && failure.waitsForChannel) {
      // Someone has to create the channel or invite the bot; until then, try again every few minutes.
      const attempts = row.attempts + 1;
      const delay = Math.min(MAX_CHANNEL_WAIT_MS, CHANNEL_WAIT_MS * 2 ** Math.min(attempts - 1, 10));
      await this.records.waitForChannel(row, attempts, now + delay, failure.code);
      this.deps.logger.warn({ row: row.id, kind: row.kind, escalation: row.escalationId, lane, error: failure.code, in_ms: delay }, "outbox.waiting");
      // The reporter's notice of it waits in a queue of its own.
      this.queues.kick();
      return "waiting";
    }
    if (failure.retry && failure.auth) {
      // Not the row's fault: it waits, uncounted, for the token to work again.
      await this.records.retryLater(row, row.attempts, now, failure.code);
      this.pauseForAuth(failure.code);
      return "retry";
    }
    const rateLimited = failure.retry && failure.code === "ratelimited";
    // A 429 is Slack asking us to wait, not a failed attempt.
    const attempts = rateLimited ? row.attempts : row.attempts + 1;
    const fields = { row: row.id, kind: row.kind, escalation: row.escalationId, lane, attempt: attempts, error: failure.code };
    if (failure.retry) {
      // Transient errors never fail a row for good: capped backoff for as long as it takes.
      const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(attempts - 1, 20));
      const delay = failure.retryAfterMs ?? backoff;
      if (rateLimited) this.pacer.block(lane, Date.now() + delay);
      await this.records.retryLater(row, attempts, now + delay, failure.code);
      this.deps.logger.warn({ ...fields, in_ms: delay }, "outbox.retry");
      if (now - row.createdAt > (this.deps.alertAfterMs ?? DEFAULT_ALERT_AFTER_MS) && !this.reportedStuck.has(row.id)) {
        this.reportedStuck.add(row.id);
        this.deps.logger.error({ ...fields, waiting_s: Math.round((now - row.createdAt) / 1000), action: "Slack keeps failing this message; see /healthz" }, "outbox.stuck");
        await this.records.stuck(row, failure.code, now - row.createdAt);
        this.queues.kick();
      }
      return "retry";
    }
    await this.records.failed(row, attempts, failure.code);
    this.deps.logger.error(fields, "outbox.failed");
    // The reporter's notice of it waits in a queue of its own.
    this.queues.kick();
    return "failed";
  }

  /**
   * chat.postMessage, paced per lane and at most once per outbox row: a retry first looks for a
   * message this row already posted (its dedupe key rides along as message metadata), so a send whose
   * response was lost is not posted twice.
   */
  private async postOnce(row: OutboxRow, lane: string, args: ChatPostMessageArguments): Promise<{ channel: string; ts: string }> {
    const channel = String(args.channel);
    // Tried before (by this process or one that died mid-send): it may already be there.
    if (row.sendingSince !== null) {
      const found = await this.findPosted(row, channel, "thread_ts" in args ? args.thread_ts : undefined);
      if (found) return { channel, ts: found };
    }
    await this.pacer.take(lane);
    const res = await this.deps.client.chat.postMessage({
      ...args,
      metadata: { event_type: METADATA_EVENT, event_payload: { key: row.dedupeKey } },
    } as ChatPostMessageArguments);
    if (!res.ts || !res.channel) throw new Error("chat.postMessage returned no ts");
    return { channel: res.channel, ts: res.ts };
  }

  private async findPosted(row: OutboxRow, channel: string, threadTs: string | undefined): Promise<string | undefined> {
    const oldest = String(Math.floor(row.createdAt / 1000) - 60);
    const isOurs = (m: { metadata?: { event_type?: string; event_payload?: { key?: unknown } } }) =>
      m.metadata?.event_type === METADATA_EVENT && m.metadata.event_payload?.key === row.dedupeKey;
    try {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_LOOKUP_PAGES; page++) {
        const args = { channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
        const res = threadTs
          ? await this.deps.client.conversations.replies({ ...args, ts: threadTs })
          : await this.deps.client.conversations.history(args);
        const hit = res.messages?.find((m) => isOurs(m as Parameters<typeof isOurs>[0]));
        if (hit?.ts) return hit.ts;
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) return undefined;
      }
      return undefined;
    } catch (err) {
      // A lookup that may work later (429, 5xx, network) is retried with the row rather than risk a
      // double post; one that never will (no history scope, a public channel the bot reads nothing
      // of) falls back to posting, which then says whether the channel is really closed to it.
      const failure = classifyDeliveryError(err);
      if (failure.retry && !failure.waitsForChannel) throw err;
      this.deps.logger.debug({ row: row.id, error: err instanceof Error ? err.message : String(err) }, "outbox.lookup_failed");
      return undefined;
    }
  }

  /** The app's own Slack user, asked once (auth.test). */
  private async botUserId(): Promise<string> {
    this.botUser ??= this.deps.client.auth.test().then((r) => String(r.user_id ?? ""));
    try {
      return await this.botUser;
    } catch (err) {
      this.botUser = undefined;
      throw err;
    }
  }

  private async renderContext(esc: EscalationRow, withLinks: boolean): Promise<RenderContext> {
    const levelRoles = this.deps.policy.levels.find((l) => l.id === esc.level)?.notify ?? [];
    return {
      policy: this.deps.policy,
      now: this.deps.clock.now(),
      refs: this.deps.refs,
      ...(this.deps.integrations?.jira ? { jiraBaseUrl: this.deps.integrations.jira.baseUrl } : {}),
      mentions: await this.deps.roles.mentions([...new Set([...esc.notify, ...esc.cc, ...levelRoles])]),
      ...(withLinks ? await this.posts.links(esc) : {}),
      ...(withLinks && esc.repeat ? { repeats: await this.posts.postsOf(esc.repeat.earlier) } : {}),
    };
  }

  /**
   * Ephemeral in the channel where the user is; a DM when that channel cannot take one. (An
   * ephemeral cannot be looked up afterwards, so a retry after a lost response may repeat it.)
   */
  private async tellUser(row: OutboxRow, lane: string, userId: string, channelId: string | null, message: UserMessage): Promise<void> {
    if (channelId) {
      try {
        await this.deps.client.chat.postEphemeral({ channel: channelId, user: userId, ...message });
        return;
      } catch (err) {
        if (!isUnreachableChannel(err)) throw err;
      }
    }
    await this.postOnce(row, lane, { channel: await openDm(this.deps.client, userId), ...message });
  }
}

