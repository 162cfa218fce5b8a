/**
 * Entry of the delivery thread: its own database connection (SQLite's WAL lets it write beside the
 * request thread), its own Web API client, the same Deliverer. The request thread only kicks it; nothing a
 * backlog costs (rendering, HTTP, bookkeeping writes) lands on the event loop that acks requests.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../db/connection.js";
import { ShareableClock, systemClock } from "../domain/clock.js";
import { forwardingLogger } from "../logger.js";
import { keepOutOfLogs, secretsOf } from "../log-redaction.js";
import { policyFromData } from "../domain/playbook/compile.js";
import { createDeliverer } from "./delivery-setup.js";
import type { FromDeliveryThread, ToDeliveryThread, DeliveryThreadData } from "./delivery-thread.js";

const data = workerData as DeliveryThreadData;
const port = parentPort!;
const send = (msg: FromDeliveryThread) => port.postMessage(msg);

// This thread has its own copy of the list of secrets to keep out of logs: the token is the one it holds.
keepOutOfLogs(...secretsOf(data.settings));
const logger = forwardingLogger(data.logLevel, (entry) => send({ type: "log", entry }));
// The request thread migrated it before starting this thread.
const db = await openDatabase(data.database, { migrate: false });
const deliverer = createDeliverer(data.settings, {
  db,
  policy: policyFromData(data.policy),
  clock: data.clockBuffer ? new ShareableClock(data.clockBuffer) : systemClock,
  logger,
  onSlackState: (state) => send({ type: "slack", state }),
  // Counted where /metrics is served, like the thread's log lines are written there.
  onSlackError: (method, code) => send({ type: "slack_error", method, code }),
  onIntegrationCall: (call) => send({ type: "integration_call", call }),
});

port.on("message", (msg: ToDeliveryThread) => {
  switch (msg.type) {
    case "kick":
      deliverer.kick();
      return;
    case "drain":
      deliverer.drain().then(
        () => send({ type: "drained", id: msg.id }),
        (err: unknown) => send({ type: "drained", id: msg.id, error: err instanceof Error ? err.message : String(err) }),
      );
      return;
    case "stop":
      void deliverer
        .stop()
        .catch((err: unknown) => logger.error({ err }, "delivery.stop_failed"))
        .finally(() => {
          void db
            .close()
            .catch((err: unknown) => logger.error({ err }, "delivery.close_failed"))
            .finally(() => send({ type: "stopped" }));
        });
      return;
  }
});

await deliverer.start(data.settings.pollMs);
send({ type: "ready" });
