import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * Slack's side of Socket Mode: apps.connections.open hands out a one-time WebSocket address; the
 * app connects, gets "hello", and from then on receives envelopes that it acks with the same
 * envelope id (an ack may carry a response payload, as an HTTP response body would).
 */

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

/** Slack pings every few seconds; the client gives up after 30 s without one. */
const PING_EVERY_MS = 10_000;

interface Pending {
  resolve: (payload: unknown) => void;
  timer: NodeJS.Timeout;
}

export class SocketHub {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly pending = new Map<string, Pending>();
  private readonly pinger: NodeJS.Timeout;

  constructor(private readonly appId: string) {
    this.pinger = setInterval(() => {
      for (const s of this.sockets) s.ping();
    }, PING_EVERY_MS);
    this.pinger.unref();
  }

  /** A new address for apps.connections.open, valid for one connection. */
  issueUrl(base: string): string {
    const ticket = randomBytes(12).toString("hex");
    this.tickets.add(ticket);
    return `${base}?ticket=${ticket}`;
  }

  get connected(): boolean {
    return this.sockets.size > 0;
  }

  /** Takes an HTTP upgrade request for the socket path; refuses unknown or used tickets. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const ticket = new URL(req.url ?? "/", "http://x").searchParams.get("ticket");
    if (!ticket || !this.tickets.delete(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\n\r\n");
      return;
    }
    this.server.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /** Sends an envelope to a connected app; resolves with its ack payload, or undefined on timeout. */
  send(type: EnvelopeType, payload: unknown, timeoutMs: number, retryAttempt = 0): Promise<{ acked: true; payload: unknown } | { acked: false }> {
    const socket = [...this.sockets].at(-1);
    if (!socket) return Promise.resolve({ acked: false });
    const envelopeId = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        resolve({ acked: false });
      }, timeoutMs);
      this.pending.set(envelopeId, { resolve: (p) => resolve({ acked: true, payload: p }), timer });
      socket.send(
        JSON.stringify({
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: type !== "events_api",
          retry_attempt: retryAttempt,
          retry_reason: retryAttempt > 0 ? "timeout" : "",
        }),
      );
    });
  }

  close(): void {
    clearInterval(this.pinger);
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    for (const s of this.sockets) s.terminate();
    this.sockets.clear();
    this.server.close();
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on("close", () => this.sockets.delete(ws));
    ws.on("error", () => this.sockets.delete(ws));
    ws.on("message", (data) => {
      let message: { envelope_id?: unknown; payload?: unknown };
      try {
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        return; // Slack ignores what it cannot read
      }
      const pending = typeof message.envelope_id === "string" ? this.pending.get(message.envelope_id) : undefined;
      if (!pending) return;
      clearTimeout(pending.timer);
      this.pending.delete(message.envelope_id as string);
      pending.resolve(message.payload);
    });
    ws.send(JSON.stringify({ type: "hello", num_connections: this.sockets.size, connection_info: { app_id: this.appId }, debug_info: { host: "sandbox" } }));
  }
}
