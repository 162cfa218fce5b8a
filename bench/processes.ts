/**
 * The benchmark's helper processes: fork a bench script with a small request/reply protocol over
 * IPC, read a process's RSS and CPU time from outside (so the process measured runs nothing extra),
 * and find a free port.
 *
 * Parent → child: { type, id, ...args }, or { type: "exit" }. Child → parent: { type: "ready", ... }
 * once, then { type: "reply", id, ok, value | error } for each request.
 */
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export interface ChildHandle<Ready> {
  pid: number;
  ready: Ready;
  call<T>(type: string, args?: object): Promise<T>;
  stop(): Promise<void>;
}

type Reply = { type: "reply"; id: number; ok: true; value: unknown } | { type: "reply"; id: number; ok: false; error: string };

/** Asks a helper process to exit, and kills it if it has not after 2 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  if (child.connected) child.send({ type: "exit" });
  else child.kill();
  const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Forks `script` (a file beside this one) under the same loader as this process and waits for its
 * "ready". `onCleanup` registers the stop with the benchmark's cleanup, so a failure stops it too.
 */
export function forkChild<Ready>(
  script: string,
  opts: { args?: string[]; onCleanup: (fn: () => unknown) => () => Promise<void> },
): Promise<ChildHandle<Ready>> {
  const child: ChildProcess = fork(fileURLToPath(new URL(script, import.meta.url)), opts.args ?? [], {
    execArgv: process.execArgv,
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const stop = opts.onCleanup(() => stopChild(child));
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      const err = new Error(`${script} exited (${signal ?? `code ${code}`})`);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      reject(err);
    });
    child.on("message", (msg: Reply | ({ type: "ready" } & Ready)) => {
      if (msg.type === "ready") {
        resolve({
          pid: child.pid!,
          ready: msg,
          stop,
          call: <T>(type: string, args: object = {}) =>
            new Promise<T>((res, rej) => {
              const id = nextId++;
              pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
              child.send({ ...args, type, id });
            }),
        });
      } else if (msg.type === "reply") {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.ok) p?.resolve(msg.value);
        else p?.reject(new Error(msg.error));
      }
    });
  });
}

/**
 * The child's side: answers requests with `handlers` (by message type), tells the parent it is
 * ready, and exits on { type: "exit" } (after `onExit`) or when the parent goes away.
 */
export function serveParent(handlers: Record<string, (msg: any) => unknown>, ready: object, onExit: () => Promise<unknown> = async () => {}): void {
  const exit = () => void onExit().finally(() => process.exit(0));
  process.on("message", (msg: { type: string; id?: number }) => {
    if (msg.type === "exit") return exit();
    const handler = handlers[msg.type];
    const id = msg.id;
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown request ${msg.type}`);
        return handler(msg);
      })
      .then(
        (value) => process.send!({ type: "reply", id, ok: true, value }),
        (err: unknown) => process.send!({ type: "reply", id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
      );
  });
  process.on("disconnect", exit);
  process.send!({ type: "ready", ...ready });
}

export interface ProcessUsage {
  /** Resident set size, bytes. */
  rss: number;
  /** User + system CPU time so far, ms. */
  cpuMs: number;
}

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** RSS and CPU time of any process, read from /proc (Linux); undefined elsewhere or once it is gone. */
export function processUsage(pid: number): ProcessUsage | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "(comm)": state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(rssKb)) return undefined;
    return { rss: rssKb * 1024, cpuMs: (ticks * 1000) / CLOCK_TICKS };
  } catch {
    return undefined;
  }
}

/** CPU time the whole machine has spent busy (every process, this one's neighbours too), ms; undefined off Linux. */
export function machineBusyMs(): number | undefined {
  try {
    const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    const busy = ticks.slice(0, 8).reduce((a, b) => a + b, 0) - ticks[3]! - ticks[4]!;
    return Number.isFinite(busy) ? (busy * 1000) / CLOCK_TICKS : undefined;
  } catch {
    return undefined;
  }
}

/** Share of one core a process used between two readings (1 = a whole core). */
export function cpuShare(before: ProcessUsage | undefined, after: ProcessUsage | undefined, wallMs: number): number {
  return before && after && wallMs > 0 ? (after.cpuMs - before.cpuMs) / wallMs : Number.NaN;
}

/** A port nothing listens on right now (for a process that must be given one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
