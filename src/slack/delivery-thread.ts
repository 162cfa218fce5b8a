import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PolicyFile } from "../domain/playbook/model.js";
import type { LogLevelName } from "../config.js";
import type { DatabaseLocation } from "../db/connection.js";
import { relayEntry, type Logger } from "../logger.js";
import type { DeliveryControl, DeliveryHealth, DeliveryHealthReader } from "./delivery-control.js";
import type { DeliverySettings } from "./delivery-setup.js";
import type { SlackErrorSink } from "./slack-error-reporting.js";
import type { IntegrationCall } from "../integrations/integration-delivery.js";

/** What the delivery thread is started with (plain data: it is copied to the thread). */
export interface DeliveryThreadData {
  database: DatabaseLocation;
  policy: { file: PolicyFile; source: string };
  settings: DeliverySettings;
  logLevel: LogLevelName;
  /** The shared memory of the bot's clock when it is not the system clock (tests, sandbox). */
  clockBuffer?: SharedArrayBuffer;
}

export type ToDeliveryThread = { type: "kick" } | { type: "drain"; id: number } | { type: "stop" };

export type FromDeliveryThread =
  | { type: "ready" }
  /** One entry of the thread's logger, as pino wrote it (JSON, redacted already). */
  | { type: "log"; entry: string }
  | { type: "slack"; state: string }
  | { type: "slack_error"; method: string; code: string }
  | { type: "integration_call"; call: IntegrationCall }
  | { type: "drained"; id: number; error?: string }
  | { type: "stopped" };

const FIRST_RESTART_MS = 100;
const MAX_RESTART_MS = 30_000;
/** A thread that ran this long without dying is healthy again: the next restart is quick. */
const STABLE_AFTER_MS = 60_000;
/**
 * The thread renders and sends one message per queue at a time, so it needs little memory; V8's
 * defaults would let its young generation alone grow to tens of MB under a backlog. A thread that
 * ran out would be restarted like after any crash.
 */
const THREAD_HEAP_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 256 };

/**
 * How long a stop waits for sends under way. A send cut off is no loss: its row is marked as being
 * sent, so the next start looks for the message before posting it again.
 */
const STOP_TIMEOUT_MS = 3_000;

/**
 * Runs delivery on a worker thread of its own and restarts it when it dies (a row it was sending
 * is found again by the usual lost-response lookup, so nothing is lost or posted twice). /healthz
 * is answered here, from the database and the token state the thread reports.
 */
export class DeliveryThread implements DeliveryControl {
  private worker: Worker | undefined;
  private ready = false;
  private stopping = false;
  private slackState = "ok";
  private restartDelayMs = FIRST_RESTART_MS;
  private restartTimer: NodeJS.Timeout | undefined;
  private nextDrainId = 0;
  private kickQueued = false;
  /** Drains asked for and not yet answered; asked again of a restarted thread. */
  private readonly drains = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();

  constructor(
    private readonly data: DeliveryThreadData,
    private readonly healthReader: DeliveryHealthReader,
    private readonly logger: Logger,
    /** The thread's module, when not the one beside this code (see workerEntry). */
    private readonly script?: URL,
    /** Told of the Web API calls the thread's deliverer saw fail (the /metrics counter). */
    private readonly onSlackError: SlackErrorSink = () => {},
    /** Told of the thread's calls to the integrations (the sandbox's API log). */
    private readonly onIntegrationCall: (call: IntegrationCall) => void = () => {},
  ) {}

  start(): void {
    this.spawn();
  }

  /**
   * Before the thread is ready there is nothing to do: it is kicked once ready. The kicks of one turn
   * of the event loop (under load, the commits of many requests) go as one message: a message to the
   * thread costs the request path more than a small transaction does, and one kick makes the thread
   * read everything due.
   */
  kick(): void {
    if (!this.ready || this.kickQueued) return;
    this.kickQueued = true;
    setImmediate(() => {
      this.kickQueued = false;
      if (this.ready) this.post({ type: "kick" });
    });
  }

  drain(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    const id = this.nextDrainId++;
    return new Promise((resolve, reject) => {
      this.drains.set(id, { resolve, reject });
      if (this.ready) this.post({ type: "drain", id });
    });
  }

  health(): Promise<DeliveryHealth> {
    return this.healthReader.read(this.slackState);
  }

  /**
   * Ends the thread at once, mid-send if it is sending, exactly as a crash would; it is restarted
   * like after any crash. For checking recovery (tests); resolves once it is gone.
   */
  async kill(): Promise<void> {
    await this.worker?.terminate();
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (worker) {
      // Sends under way finish and are recorded; then the thread's database connection closes.
      const stopped = new Promise<void>((resolve) => {
        worker.on("message", (msg: FromDeliveryThread) => msg.type === "stopped" && resolve());
        worker.once("exit", () => resolve());
      });
      worker.postMessage({ type: "stop" } satisfies ToDeliveryThread);
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
      await Promise.race([stopped, timeout]);
      await worker.terminate();
    }
    for (const drain of this.drains.values()) drain.resolve();
    this.drains.clear();
  }

  private spawn(): void {
    const started = Date.now();
    const entry = this.script ? { script: this.script, eval: false } : workerEntry();
    const worker = new Worker(entry.script, { workerData: this.data, eval: entry.eval, resourceLimits: THREAD_HEAP_LIMITS });
    this.worker = worker;
    worker.on("message", (msg: FromDeliveryThread) => this.onMessage(msg));
    worker.on("error", (err) => {
      this.logger.error({ err }, "delivery.thread_failed");
    });
    worker.once("exit", (code) => {
      this.ready = false;
      this.worker = undefined;
      if (this.stopping) return;
      if (Date.now() - started > STABLE_AFTER_MS) this.restartDelayMs = FIRST_RESTART_MS;
      const delay = this.restartDelayMs;
      this.restartDelayMs = Math.min(MAX_RESTART_MS, delay * 2);
      this.logger.error({ code, restart_in_ms: delay, action: "restarting; unsent messages wait in the outbox" }, "delivery.thread_exited");
      this.restartTimer = setTimeout(() => this.spawn(), delay);
      this.restartTimer.unref();
    });
  }

  private onMessage(msg: FromDeliveryThread): void {
    switch (msg.type) {
      case "ready":
        this.ready = true;
        // A new thread knows nothing of a refused token yet: it says so again at its first refusal.
        this.slackState = "ok";
        this.post({ type: "kick" }); // for rows written while it started
        for (const id of this.drains.keys()) this.post({ type: "drain", id });
        return;
      case "log":
        relayEntry(this.logger, msg.entry);
        return;
      case "slack":
        this.slackState = msg.state;
        return;
      case "slack_error":
        this.onSlackError(msg.method, msg.code);
        return;
      case "integration_call":
        this.onIntegrationCall(msg.call);
        return;
      case "drained": {
        const drain = this.drains.get(msg.id);
        this.drains.delete(msg.id);
        if (msg.error) drain?.reject(new Error(msg.error));
        else drain?.resolve();
        return;
      }
      case "stopped":
        return;
    }
  }

  private post(msg: ToDeliveryThread): void {
    this.worker?.postMessage(msg);
  }
}

/**
 * The thread's entry beside this module: built JavaScript in dist/, or the TypeScript source when
 * running from src/ (tests, the benchmark), which the thread loads through tsx's loader.
 */
function workerEntry(): { script: string | URL; eval: boolean } {
  if (!import.meta.url.endsWith(".ts")) return { script: new URL("./delivery-worker.js", import.meta.url), eval: false };
  const source = new URL("./delivery-worker.ts", import.meta.url).href;
  // require.resolve finds the package's CommonJS build of the API; its ES module build sits beside it.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  return { script: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); });`, eval: true };
}
