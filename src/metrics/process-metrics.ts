import { collectDefaultMetrics, Registry } from "prom-client";

let shared: Registry | undefined;

/**
 * prom-client's default metrics (CPU, memory, event-loop delay, GC, handles), in a registry of
 * their own made once per process. They describe the process, not one app in it, and collecting
 * them starts an event-loop monitor and a GC observer that are never stopped: once per process,
 * not once per app (tests start hundreds of apps in one process). Their standard names
 * (`process_*`, `nodejs_*`) are kept, without the app's prefix, so stock Node.js dashboards read them.
 */
export function processMetrics(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
